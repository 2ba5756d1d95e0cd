/// A column of a table: a title and a width in columns; flexible columns share what the
/// fixed ones leave.
public struct TableColumn: Sendable, Equatable {
    public var title: String
    public var width: Int
    public var flexible: Bool

    public init(_ title: String, width: Int, flexible: Bool = false) {
        self.title = title
        self.width = width
        self.flexible = flexible
    }
}

/// A table that shows only the rows in view: the caller hands it the visible slice, so a
/// list of any length costs one screenful to draw.
public enum Table {
    /// Column widths for `width` columns of screen (one space between columns).
    public static func widths(_ columns: [TableColumn], total width: Int) -> [Int] {
        let gaps = max(0, columns.count - 1)
        let fixed = columns.filter { !$0.flexible }.reduce(0) { $0 + $1.width }
        let flexibleCount = columns.filter(\.flexible).count
        let spare = max(0, width - gaps - fixed)
        var result: [Int] = []
        var handedOut = 0
        var flexibleSeen = 0
        for column in columns {
            if column.flexible {
                flexibleSeen += 1
                let share = flexibleSeen == flexibleCount ? spare - handedOut : spare / max(1, flexibleCount)
                handedOut += share
                result.append(max(column.width, share))
            } else {
                result.append(column.width)
            }
        }
        return result
    }

    /// Draws the header and `rows` (already the visible slice) into `rect`; the row at
    /// `selected` (an index into `rows`) is highlighted. `styles` may colour single cells.
    public static func render(
        _ canvas: inout Canvas, _ rect: Rect, columns: [TableColumn], rows: [[String]], selected: Int?, theme: Theme,
        focused: Bool = true, sortedColumn: Int? = nil, styles: ((Int, Int) -> Role?)? = nil
    ) {
        guard rect.width > 0, rect.height > 0 else { return }
        let widths = widths(columns, total: rect.width)
        var x = rect.x
        for (index, column) in columns.enumerated() {
            let title = column.title + (index == sortedColumn ? " ▲" : "")
            canvas.put(TextLayout.fit(title, widths[index]), x: x, y: rect.y, style: theme[.title], limit: rect.maxX - x)
            x += widths[index] + 1
        }
        for (rowIndex, row) in rows.prefix(rect.height - 1).enumerated() {
            let y = rect.y + 1 + rowIndex
            let isSelected = rowIndex == selected
            let rowStyle = isSelected ? (focused ? theme[.selection] : theme[.border]) : theme[.text]
            if isSelected { canvas.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: theme[.selection]) }
            var x = rect.x
            for (columnIndex, value) in row.enumerated() where columnIndex < widths.count {
                var style = rowStyle
                if !isSelected, let role = styles?(rowIndex, columnIndex) { style = theme[role] }
                if isSelected { style = theme[.selection] }
                canvas.put(TextLayout.fit(value, widths[columnIndex]), x: x, y: y, style: style, limit: rect.maxX - x)
                x += widths[columnIndex] + 1
            }
        }
    }

    /// The row of `rows` under screen row `y`, if any.
    public static func row(at y: Int, in rect: Rect) -> Int? {
        let row = y - rect.y - 1
        return row >= 0 && row < rect.height - 1 ? row : nil
    }
}

/// A cursor over a list with a window of visible rows that follows it.
public struct ScrollState: Sendable, Equatable {
    public var selected = 0
    public var top = 0

    public init() {}

    /// Moves the cursor by `delta` within `count` rows and keeps it in a window of
    /// `visible` rows.
    public mutating func move(by delta: Int, count: Int, visible: Int) {
        guard count > 0 else {
            selected = 0
            top = 0
            return
        }
        selected = min(max(0, selected + delta), count - 1)
        follow(count: count, visible: visible)
    }

    public mutating func follow(count: Int, visible: Int) {
        let visible = max(1, visible)
        selected = min(max(0, selected), max(0, count - 1))
        if selected < top { top = selected }
        if selected >= top + visible { top = selected - visible + 1 }
        top = max(0, min(top, max(0, count - visible)))
    }

    /// Handles the usual list keys (↑ ↓ j k PgUp PgDn Home End g G); true if the key was one.
    public mutating func handle(_ key: Key, count: Int, visible: Int) -> Bool {
        switch key {
        case .up, .character("k"): move(by: -1, count: count, visible: visible)
        case .down, .character("j"): move(by: 1, count: count, visible: visible)
        case .pageUp, .control("b"): move(by: -max(1, visible - 1), count: count, visible: visible)
        case .pageDown, .control("f"): move(by: max(1, visible - 1), count: count, visible: visible)
        case .home, .character("g"): move(by: -selected, count: count, visible: visible)
        case .end, .character("G"): move(by: count, count: count, visible: visible)
        default: return false
        }
        return true
    }
}
