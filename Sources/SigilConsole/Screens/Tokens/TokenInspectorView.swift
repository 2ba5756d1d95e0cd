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
        var lines: [(String, String, Role)] = []
        if report.isValid {
            lines.append(("Result", "✓ valid \(report.tokenUse ?? "") token of \(report.poolId ?? "")", .success))
        } else {
            for problem in report.problems { lines.append(("Problem", "✗ " + problem, .danger)) }
        }
        if let expires = report.expires {
            let left = expires.timeIntervalSince(context.now)
            lines.append(("Expiry", left > 0 ? "in \(ConsoleDate.duration(left))" : "\(ConsoleDate.duration(-left)) ago", left > 0 ? .text : .warning))
        }
        if !report.header.isEmpty {
            lines.append(("", "", .text))
            lines.append(("Header", "", .title))
            for field in report.header { lines.append((field.name, field.value, .text)) }
        }
        if !report.claims.isEmpty {
            lines.append(("", "", .text))
            lines.append(("Claims", "", .title))
            for field in report.claims { lines.append((field.name, field.value, .text)) }
        }
        let labelWidth = min(20, inside.width / 3)
        let start = min(model.scroll, max(0, lines.count - inside.height))
        for (offset, line) in lines.dropFirst(start).prefix(inside.height).enumerated() {
            let y = inside.y + offset
            if line.2 == .title {
                canvas.put(line.0, x: inside.x + 1, y: y, style: theme[.title])
                continue
            }
            canvas.put(TextLayout.fit(line.0, labelWidth), x: inside.x + 1, y: y, style: theme[.muted])
            canvas.put(line.1, x: inside.x + 2 + labelWidth, y: y, style: theme[line.2], limit: inside.width - labelWidth - 2)
        }
    }
}
