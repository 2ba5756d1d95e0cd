/// Draws the pool's settings as labelled lines under section titles.
public enum PoolSettingsView {
    public static func render(_ model: PoolSettingsModel, _ canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        let area = context.area
        guard model.poolId != nil else {
            canvas.put("No pool chosen. Press 1 for the pools.", x: area.x + 1, y: area.y + 1, style: theme[.muted])
            return
        }
        let inside = Box.draw(&canvas, area, title: "Settings of \(context.poolName ?? model.poolId ?? "")", theme: theme)
        if let error = model.error {
            canvas.put(error, x: inside.x + 1, y: inside.y, style: theme[.danger], limit: inside.width - 1)
            return
        }
        let labelWidth = min(22, inside.width / 3)
        for (offset, line) in model.lines.dropFirst(model.top).prefix(inside.height).enumerated() {
            let y = inside.y + offset
            if line.role == .title {
                canvas.put(line.label, x: inside.x + 1, y: y, style: theme[.title], limit: inside.width - 1)
                continue
            }
            canvas.put(TextLayout.fit(line.label, labelWidth), x: inside.x + 1, y: y, style: line.role == .accent ? theme[.accent] : theme[.muted])
            canvas.put(line.value, x: inside.x + 2 + labelWidth, y: y, style: theme[line.role == .accent ? .text : line.role], limit: inside.width - labelWidth - 2)
        }
    }
}
