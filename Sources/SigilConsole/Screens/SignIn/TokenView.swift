import Foundation
import SigilCore

/// The tokens after a sign-in: the ID or access token decoded (header and claims), its
/// signature and claim checks, and how long it has left; the actions below.
enum TokenView {
    static func render(_ model: SignInModel, _ canvas: inout Canvas, area: Rect, context: ScreenContext, theme: Theme) {
        canvas.put("Signed in as \(model.signedInAs ?? "")", x: area.x + 1, y: area.y, style: theme[.success])
        let tabY = area.y + 1
        let x = area.x + 1 + Tabs.render(["ID token", "Access token"], selected: model.tokenTab, &canvas, x: area.x + 1, y: tabY, theme: theme)
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
        let lines = report.lines(valid: "valid: signature (pool JWKS), issuer, use, client, times")
        DetailList.render(lines, &canvas, inside, scroll: model.tokenScroll, labelWidth: min(20, inside.width / 3), theme: theme, wrap: true)
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
        var keys = [("r", "Refresh"), ("o", "Sign out"), ("g", "Global sign-out"), ("c", "Check with GetUser"), ("n", "New sign-in")]
        // Shorter words on narrow windows, so every action shows.
        if keys.map({ CharacterWidth.of($0.1) + 6 }).reduce(0, +) > area.width - 2 {
            keys = [("r", "Refresh"), ("o", "Sign out"), ("g", "Global"), ("c", "GetUser"), ("n", "New")]
        }
        for (key, label) in keys {
            x += canvas.put("[\(key)] ", x: x, y: y + 1, style: theme[.accent])
            x += canvas.put(label + "  ", x: x, y: y + 1, style: theme[.text])
        }
    }
}
