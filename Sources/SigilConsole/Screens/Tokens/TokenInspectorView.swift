/// Draws the token inspector: the pasted token, then the checks and the decoded parts.
public enum TokenInspectorView {
    public static func render(_ model: TokenInspectorModel, _ canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        let area = context.area
        canvas.put(" Token", x: area.x, y: area.y, style: theme[.title])
        model.input.render(&canvas, x: area.x + 8, y: area.y, width: area.width - 9, style: theme[.input], focused: model.editing)
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        let inside = Box.draw(&canvas, body, title: "Checks", theme: theme)
        guard let report = model.report else {
            let hint = model.input.text.isEmpty ? "Paste an ID or access token (a JWT) and press Enter." : "Press Enter to check it."
            canvas.put(hint, x: inside.x + 1, y: inside.y, style: theme[.muted])
            return
        }
        var lines = report.lines(valid: "valid \(report.tokenUse ?? "") token of \(report.poolId ?? "")")
        if let expires = report.expires {
            let left = expires.timeIntervalSince(context.now)
            let text = left > 0 ? "in \(ConsoleDate.duration(left))" : "\(ConsoleDate.duration(-left)) ago"
            lines.insert(DetailLine("Expiry", text, left > 0 ? .text : .warning), at: report.isValid ? 1 : report.problems.count)
        }
        DetailList.render(lines, &canvas, inside, scroll: model.scroll, labelWidth: min(20, inside.width / 3), theme: theme)
    }
}
