/// A line of a detail list: a label and a value, or a section title (a title role and no
/// value).
public struct DetailLine: Sendable, Equatable {
    public var label: String
    public var value: String
    public var role: Role

    public init(_ label: String, _ value: String = "", _ role: Role = .text) {
        self.label = label
        self.value = value
        self.role = role
    }

    public static func title(_ text: String) -> DetailLine { DetailLine(text, "", .title) }

    var isTitle: Bool { role == .title && value.isEmpty }
}

/// Labelled values under section titles, scrolled: the detail pane, pool settings,
/// decoded tokens.
public enum DetailList {
    public static func render(
        _ lines: [DetailLine], _ canvas: inout Canvas, _ rect: Rect, scroll: Int, labelWidth: Int, theme: Theme, wrap: Bool = false
    ) {
        let lines = wrap ? wrapped(lines, width: rect.width, labelWidth: labelWidth) : lines
        let start = min(scroll, max(0, lines.count - rect.height))
        for (offset, line) in lines.dropFirst(start).prefix(rect.height).enumerated() {
            let y = rect.y + offset
            if line.isTitle {
                canvas.put(line.label, x: rect.x + 1, y: y, style: theme[.title], limit: rect.width - 1)
                continue
            }
            canvas.put(TextLayout.fit(line.label, labelWidth), x: rect.x + 1, y: y, style: theme[.muted])
            canvas.put(line.value, x: rect.x + 2 + labelWidth, y: y, style: theme[line.role], limit: rect.width - labelWidth - 2)
        }
    }

    /// The lines with long values continued on lines of their own, so nothing is cut.
    public static func wrapped(_ lines: [DetailLine], width: Int, labelWidth: Int) -> [DetailLine] {
        let valueWidth = max(8, width - labelWidth - 2)
        return lines.flatMap { line -> [DetailLine] in
            guard !line.isTitle, CharacterWidth.of(line.value) > valueWidth else { return [line] }
            return TextLayout.wrap(line.value, valueWidth).enumerated().map { index, piece in
                DetailLine(index == 0 ? line.label : "", piece, line.role)
            }
        }
    }
}
