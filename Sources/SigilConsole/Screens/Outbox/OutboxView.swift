import SigilCore

/// Draws the outbox: filter line, messages, and the selected message's text.
public enum OutboxView {
    public static func render(_ model: OutboxModel, _ canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        let area = context.area
        let layout = OutboxModel.layout(area)
        var x = area.x
        x += canvas.put(" / ", x: x, y: area.y, style: model.editingFilter ? theme[.accent] : theme[.muted])
        if model.filter.text.isEmpty && !model.editingFilter {
            canvas.put("filter by user or destination", x: x, y: area.y, style: theme[.muted])
        } else {
            model.filter.render(&canvas, x: x, y: area.y, width: 30, style: theme[.input], focused: model.editingFilter)
        }
        let scope = model.allPools ? "all pools" : "this pool"
        let summary = model.error ?? "\(scope) · \(TextLayout.plural(model.shown.count, "message"))"
        let summaryX = max(x + 32, area.maxX - CharacterWidth.of(summary) - 1)
        canvas.put(summary, x: summaryX, y: area.y, style: model.error == nil ? theme[.muted] : theme[.danger], limit: area.maxX - summaryX)
        var columns = [
            TableColumn("Sent (UTC)", width: 19), TableColumn("User", width: 14, flexible: true), TableColumn("Via", width: 5),
            TableColumn("Purpose", width: 15), TableColumn("Code", width: 8), TableColumn("To", width: 14, flexible: true),
        ]
        if model.allPools { columns.insert(TableColumn("Pool", width: 19), at: 1) }
        let visible = model.shown.dropFirst(model.scroll.top).prefix(layout.table.height - 1)
        let rows = visible.map { message -> [String] in
            var row = [
                ConsoleDate.string(message.sent), message.username, message.channel.rawValue, message.purpose.rawValue, message.code ?? "",
                message.destination,
            ]
            if model.allPools { row.insert(message.poolId, at: 1) }
            return row
        }
        let codeColumn = columns.firstIndex { $0.title == "Code" }
        Table.render(
            &canvas, layout.table, columns: columns, rows: rows, selected: rows.isEmpty ? nil : model.scroll.selected - model.scroll.top,
            theme: theme, styles: { _, column in column == codeColumn ? .accent : nil })
        if rows.isEmpty {
            canvas.put(
                "No messages yet: sign-ups, invitations, resets and MFA codes show here.", x: layout.table.x + 1, y: layout.table.y + 2,
                style: theme[.muted])
        }
        let inside = Box.draw(&canvas, layout.detail, title: model.selected.map { $0.subject ?? "\($0.channel.rawValue) message" }, theme: theme)
        if let message = model.selected {
            for (index, line) in TextLayout.wrap(message.text, inside.width - 2).prefix(inside.height).enumerated() {
                canvas.put(line, x: inside.x + 1, y: inside.y + index, style: theme[.text])
            }
        }
    }
}
