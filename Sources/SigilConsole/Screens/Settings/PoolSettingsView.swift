/// Draws the pool's settings as labelled lines under section titles.
public enum PoolSettingsView {
    public static func render(_ model: PoolSettingsModel, _ canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        let area = context.area
        guard model.poolId != nil else { return }
        let inside = Box.draw(&canvas, area, title: "Settings of \(context.poolName ?? model.poolId ?? "")", theme: theme)
        if let error = model.error {
            canvas.put(error, x: inside.x + 1, y: inside.y, style: theme[.danger], limit: inside.width - 1)
            return
        }
        DetailList.render(
            model.lines, &canvas, inside, scroll: model.top, labelWidth: PoolSettingsModel.labelWidth(inside.width), theme: theme, wrap: true)
    }
}
