import SigilCore

/// Draws the list of pools.
public enum PoolsView {
    /// Rows under the table for the selected pool's activity chart.
    static let chartHeight = 4

    /// Rows for the identity pools' box (none when there are none).
    static func identityHeight(_ model: PoolsModel) -> Int {
        model.identityPools.isEmpty ? 0 : min(model.identityPools.count, 3) + 3
    }

    static func tableRect(_ area: Rect, model: PoolsModel) -> Rect {
        Rect(x: area.x + 1, y: area.y + 1, width: area.width - 2, height: area.height - 2 - chartHeight - identityHeight(model))
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
        let rect = tableRect(area, model: model)
        let visible = model.pools.dropFirst(model.scroll.top).prefix(model.visibleRows(area))
        let rows = visible.map { pool in
            [
                pool.name, pool.id, TextLayout.fitRight(TextLayout.count(pool.users), 10), TextLayout.fitRight(count(pool.groups), 6),
                TextLayout.fitRight(count(pool.clients), 7),
            ]
        }
        Table.render(
            &canvas, rect, columns: columns, rows: rows,
            selected: model.pools.isEmpty ? nil : model.scroll.selected - model.scroll.top, theme: theme,
            styles: { _, column in column == 1 ? .muted : nil })
        if model.loaded && model.pools.isEmpty {
            canvas.put("No user pools yet. Press c to create one.", x: rect.x + 1, y: rect.y + 2, style: theme[.muted])
        }
        renderIdentityPools(model, &canvas, Rect(x: area.x, y: rect.maxY + 1, width: area.width, height: identityHeight(model)), theme: theme)
        renderActivity(model, &canvas, Rect(x: area.x, y: area.maxY - chartHeight, width: area.width, height: chartHeight), theme: theme)
    }

    /// Identity pools, read-only here; the credentials screen (9) works with them.
    private static func renderIdentityPools(_ model: PoolsModel, _ canvas: inout Canvas, _ rect: Rect, theme: Theme) {
        guard rect.height > 2 else { return }
        let more = model.identityPools.count > rect.height - 3 ? " (\(model.identityPools.count), 9 opens credentials)" : " · 9 opens credentials"
        let inside = Box.draw(&canvas, rect, title: "Identity pools" + more, theme: theme)
        let columns = [
            TableColumn("Name", width: 12, flexible: true), TableColumn("Identity pool id", width: 46), TableColumn("Identities", width: 10),
            TableColumn("Guests", width: 6),
        ]
        let rows = model.identityPools.prefix(inside.height - 1).map { pool in
            [pool.name, pool.id, TextLayout.fitRight(TextLayout.count(pool.identities), 10), pool.allowsGuests ? "yes" : "no"]
        }
        Table.render(&canvas, inside, columns: columns, rows: rows, selected: nil, theme: theme, styles: { _, column in column == 1 ? .muted : nil })
    }

    /// The selected pool's sign-ins per minute over the last hour: passed and failed.
    private static func renderActivity(_ model: PoolsModel, _ canvas: inout Canvas, _ rect: Rect, theme: Theme) {
        guard let pool = model.selected else { return }
        let inside = Box.draw(&canvas, rect, title: "Auth events per minute, last hour · \(pool.name)", theme: theme)
        guard let activity = model.activity, activity.poolId == pool.id else { return }
        let labelWidth = 12
        let width = min(60, inside.width - labelWidth - 12)
        let top = max(activity.passed.max() ?? 0, activity.failed.max() ?? 0)
        for (row, (label, values, role)) in [("passed", activity.passed, Role.success), ("failed", activity.failed, Role.danger)].enumerated() {
            let y = inside.y + row
            canvas.put(TextLayout.fit(label, labelWidth), x: inside.x + 1, y: y, style: theme[.muted])
            Sparkline.render(values, &canvas, x: inside.x + 1 + labelWidth, y: y, width: width, style: theme[role], maximum: top)
            canvas.put("\(values.reduce(0, +)) in all", x: inside.x + 2 + labelWidth + width, y: y, style: theme[.muted])
        }
    }

    /// A count, or a dash when the backend does not know it (a remote API's pool list).
    private static func count(_ value: Int) -> String { value < 0 ? "—" : String(value) }
}
