import SigilCore

/// Draws the list of pools.
public enum PoolsView {
    static func tableRect(_ area: Rect) -> Rect {
        Rect(x: area.x + 1, y: area.y + 1, width: area.width - 2, height: area.height - 2)
    }

    public static func render(_ model: PoolsModel, _ canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        let area = context.area
        canvas.put(" User pools", x: area.x, y: area.y, style: theme[.title])
        if let error = model.error {
            canvas.put(error, x: area.x + 14, y: area.y, style: theme[.danger], limit: area.width - 15)
        }
        let columns = [
            TableColumn("Name", width: 16, flexible: true), TableColumn("Pool id", width: 22), TableColumn("Users", width: 10),
            TableColumn("Groups", width: 6), TableColumn("Clients", width: 7),
        ]
        let rect = tableRect(area)
        let visible = model.pools.dropFirst(model.scroll.top).prefix(PoolsModel.visibleRows(area))
        let rows = visible.map { pool in
            [
                pool.name, pool.id, TextLayout.fitRight(TextLayout.count(pool.users), 10), TextLayout.fitRight(String(pool.groups), 6),
                TextLayout.fitRight(String(pool.clients), 7),
            ]
        }
        Table.render(
            &canvas, rect, columns: columns, rows: rows,
            selected: model.pools.isEmpty ? nil : model.scroll.selected - model.scroll.top, theme: theme,
            styles: { _, column in column == 1 ? .muted : nil })
        if model.loaded && model.pools.isEmpty {
            canvas.put("No user pools yet. Press c to create one.", x: rect.x + 1, y: rect.y + 2, style: theme[.muted])
        }
    }
}
