import Foundation
import SigilCore

/// The tokens after a sign-in: the ID or access token decoded (header and claims), its
/// signature and claim checks, and how long it has left; the actions below.
enum TokenView {
    static func render(_ model: SignInModel, _ canvas: inout Canvas, area: Rect, context: ScreenContext, theme: Theme) {
        let tabs = ["ID token", "Access token"]
        var x = area.x + 1
        canvas.put("Signed in as \(model.signedInAs ?? "")", x: x, y: area.y, style: theme[.success])
        x = area.x + 1
        let tabY = area.y + 1
        for (index, tab) in tabs.enumerated() {
            var style = index == model.tokenTab ? theme[.selection] : theme[.muted]
            style.bold = index == model.tokenTab
            x += canvas.put(" \(tab) ", x: x, y: tabY, style: style)
            x += 1
        }
        let report = model.tokenTab == 0 ? model.idReport : model.accessReport
        let token = model.tokenTab == 0 ? model.tokens?.idToken : model.tokens?.accessToken
        if let expires = report?.expires {
            let left = expires.timeIntervalSince(context.now)
            let text = left > 0 ? "expires in \(ConsoleDate.duration(left))" : "expired \(ConsoleDate.duration(-left)) ago"
            canvas.put(text, x: x + 2, y: tabY, style: left > 60 ? theme[.text] : theme[.warning])
        }
        let body = Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 5)
        let inside = Box.draw(&canvas, body, title: nil, theme: theme)
        guard let report else {
            canvas.put(token == nil ? "No token" : "Checking…", x: inside.x + 1, y: inside.y, style: theme[.muted])
            renderFooter(model, &canvas, area: area, theme: theme)
            return
        }
        var lines: [(String, String, Role)] = []
        if report.isValid {
            lines.append(("Check", "✓ valid: signature (pool JWKS), issuer, use, client, times", .success))
        } else {
            for problem in report.problems { lines.append(("Problem", "✗ " + problem, .danger)) }
        }
        lines.append(("", "", .text))
        lines.append(("Header", "", .title))
        for field in report.header { lines.append((field.name, field.value, .text)) }
        lines.append(("", "", .text))
        lines.append(("Claims", "", .title))
        for field in report.claims { lines.append((field.name, field.value, .text)) }
        let labelWidth = min(20, inside.width / 3)
        let start = min(model.tokenScroll, max(0, lines.count - inside.height))
        for (offset, line) in lines.dropFirst(start).prefix(inside.height).enumerated() {
            let y = inside.y + offset
            if line.2 == .title {
                canvas.put(line.0, x: inside.x + 1, y: y, style: theme[.title])
                continue
            }
            canvas.put(TextLayout.fit(line.0, labelWidth), x: inside.x + 1, y: y, style: theme[.muted])
            canvas.put(line.1, x: inside.x + 2 + labelWidth, y: y, style: theme[line.2], limit: inside.width - labelWidth - 2)
        }
        renderFooter(model, &canvas, area: area, theme: theme)
    }

    private static func renderFooter(_ model: SignInModel, _ canvas: inout Canvas, area: Rect, theme: Theme) {
        let y = area.maxY - 3
        if let status = model.tokenStatus {
            let failed = status.contains("Exception")
            canvas.put(status, x: area.x + 1, y: y, style: failed ? theme[.danger] : theme[.success], limit: area.width - 2)
        } else if model.busy {
            canvas.put("Working…", x: area.x + 1, y: y, style: theme[.muted])
        }
        var x = area.x + 1
        let keys = [("r", "Refresh"), ("o", "Sign out"), ("g", "Global sign-out"), ("c", "Check with GetUser"), ("n", "New sign-in")]
        for (key, label) in keys {
            x += canvas.put("[\(key)] ", x: x, y: y + 1, style: theme[.accent])
            x += canvas.put(label + "  ", x: x, y: y + 1, style: theme[.text])
        }
    }
}
