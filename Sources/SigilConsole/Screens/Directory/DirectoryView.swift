import SigilCore

/// Draws the directory: filter line, user table, and the detail pane.
public enum DirectoryView {
    static func columns(width: Int) -> [TableColumn] {
        var columns = [TableColumn("Username", width: 14, flexible: true), TableColumn("Email", width: 18, flexible: true)]
        if width >= 88 { columns.append(TableColumn("Name", width: 16)) }
        columns.append(TableColumn("Status", width: 21))
        columns.append(TableColumn("On", width: 3))
        if width >= 130 { columns.append(TableColumn("Created", width: 19)) }
        return columns
    }

    static func cells(_ user: UserSummary, columnCount: Int, width: Int) -> [String] {
        var cells = [user.username, user.email ?? ""]
        if width >= 88 { cells.append(user.name ?? "") }
        cells.append(user.status.rawValue)
        cells.append(user.enabled ? "✓" : "✗")
        if width >= 130 { cells.append(ConsoleDate.string(user.created)) }
        return cells
    }

    public static func render(_ model: DirectoryModel, _ canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        let layout = DirectoryLayout(area: context.area)
        guard model.poolId != nil else { return }
        renderFilterLine(model, &canvas, layout.filterLine, theme: theme)
        if layout.detail != nil || !model.detailOpen {
            renderTable(model, &canvas, layout, theme: theme)
        }
        if let pane = layout.detail {
            renderDetail(model, &canvas, pane, theme: theme, focused: model.focus == .detail)
        } else if model.detailOpen {
            renderDetail(model, &canvas, layout.table, theme: theme, focused: true)
        }
    }

    private static func renderFilterLine(_ model: DirectoryModel, _ canvas: inout Canvas, _ rect: Rect, theme: Theme) {
        var x = rect.x
        x += canvas.put(" / ", x: x, y: rect.y, style: model.editingFilter ? theme[.accent] : theme[.muted])
        let infoText = summary(model)
        let infoWidth = CharacterWidth.of(infoText)
        let fieldWidth = max(10, rect.maxX - x - infoWidth - 2)
        if model.filter.text.isEmpty && !model.editingFilter {
            canvas.put("filter: text, or email ^= \"ann\"", x: x, y: rect.y, style: theme[.muted], limit: fieldWidth)
        } else {
            model.filter.render(&canvas, x: x, y: rect.y, width: fieldWidth, style: theme[.input], focused: model.editingFilter)
        }
        canvas.put(infoText, x: rect.maxX - infoWidth - 1, y: rect.y, style: model.error == nil ? theme[.muted] : theme[.danger])
    }

    private static func summary(_ model: DirectoryModel) -> String {
        if let error = model.error { return String(error.prefix(60)) }
        let order = model.filter.text.isEmpty ? "by \(model.order.rawValue)" : "filtered"
        if let total = model.poolUsers, model.filter.text.isEmpty { return "\(order) · \(TextLayout.plural(total, "user"))" }
        if model.rows.isEmpty && model.pending == nil { return "\(order) · no users" }
        return order + (model.pending == nil ? "" : " · loading")
    }

    private static func renderTable(_ model: DirectoryModel, _ canvas: inout Canvas, _ layout: DirectoryLayout, theme: Theme) {
        let rect = layout.table
        let columns = columns(width: rect.width)
        let visible = model.visibleRows(layout.visibleRows)
        let rows = visible.map { cells($0, columnCount: columns.count, width: rect.width) }
        let statusColumn = columns.firstIndex { $0.title == "Status" }
        let enabledColumn = columns.firstIndex { $0.title == "On" }
        let users = Array(visible)
        let sorted: Int? =
            model.filter.text.isEmpty
            ? columns.firstIndex { $0.title.lowercased() == (model.order == .username ? "username" : model.order.rawValue) } : nil
        Table.render(
            &canvas, rect, columns: columns, rows: rows, selected: model.scroll.selected - model.scroll.top, theme: theme,
            focused: model.focus == .table, sortedColumn: sorted
        ) { row, column in
            if column == statusColumn { return users[row].status == .confirmed ? nil : .warning }
            if column == enabledColumn { return users[row].enabled ? .success : .danger }
            return nil
        }
        if rows.isEmpty && model.pending == nil {
            let text = model.filter.text.isEmpty ? "This pool has no users yet. Press c to create one." : "No users match the filter."
            canvas.put(text, x: rect.x + 1, y: rect.y + 2, style: theme[.muted], limit: rect.width - 2)
        }
    }

    private static func renderDetail(_ model: DirectoryModel, _ canvas: inout Canvas, _ rect: Rect, theme: Theme, focused: Bool) {
        canvas.fill(rect, style: theme[.text])
        let title = model.detailFor ?? "No user"
        let inside = Box.draw(&canvas, rect, title: title, theme: theme, focused: focused)
        guard let detail = model.detail, detail.user.username == model.detailFor else {
            canvas.put(model.detailFor == nil ? "Select a user" : "Reading…", x: inside.x + 1, y: inside.y, style: theme[.muted])
            return
        }
        DetailList.render(detail.lines, &canvas, inside, scroll: model.detailScroll, labelWidth: min(21, inside.width * 2 / 5), theme: theme)
    }
}
