import Foundation
import SigilCore

/// Where the sign-in page puts things, shared by drawing and mouse clicks.
struct SignInLayout {
    var card: Rect
    var formRect: Rect
    var buttons: [Rect]
    var noticeLines: [String]
    var errorLines: [String]
    var qr: QRBlock?
    var qrOrigin: (x: Int, y: Int)?

    init(_ model: SignInModel, area: Rect) {
        let below = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        var region = below
        if case .totpSetup(let username, _, let secret?) = model.page,
            let code = QRBlock(SignInFlows.provisioningURI(secret: secret, username: username)),
            code.size.height <= below.height, code.size.width + 36 <= below.width
        {
            // The code sits at the left, as tall as the window allows; the card beside it.
            qr = code
            qrOrigin = (below.x + 1, below.y + (below.height - code.size.height) / 2)
            region = Rect(x: below.x + code.size.width + 2, y: below.y, width: below.width - code.size.width - 2, height: below.height)
        } else {
            qr = nil
            qrOrigin = nil
        }
        let width = min(66, region.width - 1)
        let textWidth = width - 4
        noticeLines = model.notice.map { TextLayout.wrap($0, textWidth) } ?? []
        errorLines = model.error.map { TextLayout.wrap($0, textWidth) } ?? []
        var buttonRows: [[Int]] = [[]]
        var used = 0
        for (index, button) in model.buttons.enumerated() {
            let size = CharacterWidth.of(button.label) + 4
            if used > 0 && used + size > textWidth {
                buttonRows.append([])
                used = 0
            }
            buttonRows[buttonRows.count - 1].append(index)
            used += size + 1
        }
        var extra = 0
        if case .totpSetup = model.page { extra = 6 }
        let textHeight = noticeLines.count + (noticeLines.isEmpty ? 0 : 1) + model.form.height + 1 + buttonRows.count + errorLines.count + 1 + extra
        card = Box.centered(width: width, height: min(region.height, textHeight + 2), in: region)
        let inside = card.inset(1)
        let left = inside.x + 1
        var y = inside.y + noticeLines.count + (noticeLines.isEmpty ? 0 : 1) + extra
        formRect = Rect(x: left, y: y, width: textWidth, height: model.form.height)
        y += model.form.height + 1 - (model.form.fields.isEmpty ? 1 : 0)
        buttons = Array(repeating: Rect(x: 0, y: 0, width: 0, height: 0), count: model.buttons.count)
        for row in buttonRows {
            var x = left
            for index in row {
                let size = CharacterWidth.of(model.buttons[index].label) + 4
                buttons[index] = Rect(x: x, y: y, width: size, height: 1)
                x += size + 1
            }
            y += 1
        }
    }
}

/// Draws the hosted sign-in pages and the token view.
public enum SignInView {
    public static func render(_ model: SignInModel, _ canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        let area = context.area
        guard model.poolId != nil else { return }
        renderContextLine(model, &canvas, area: area, theme: theme)
        if model.page == .tokens {
            TokenView.render(
                model, &canvas, area: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1), context: context, theme: theme)
            return
        }
        let layout = SignInLayout(model, area: area)
        canvas.fill(layout.card, style: theme[.text])
        let inside = Box.draw(&canvas, layout.card, title: title(model.page), theme: theme, focused: true)
        var y = inside.y
        let textX = layout.formRect.x
        for line in layout.noticeLines {
            canvas.put(line, x: textX, y: y, style: theme[.accent])
            y += 1
        }
        if case .totpSetup(let username, _, let secret) = model.page {
            if !layout.noticeLines.isEmpty { y += 1 }
            if let secret {
                canvas.put("Account  Sigil:\(username)", x: textX, y: y, style: theme[.muted], limit: layout.formRect.width)
                canvas.put("Secret", x: textX, y: y + 1, style: theme[.muted])
                for (index, piece) in TextLayout.wrap(chunks(secret, 4).joined(separator: " "), layout.formRect.width).enumerated() {
                    canvas.put(piece, x: textX, y: y + 2 + index, style: theme[.title], limit: layout.formRect.width)
                }
                if layout.qr == nil {
                    canvas.put("Enlarge the window to see the QR code.", x: textX, y: y + 4, style: theme[.muted], limit: layout.formRect.width)
                }
            }
            if let qr = layout.qr, let origin = layout.qrOrigin {
                qr.render(&canvas, x: origin.x, y: origin.y, colour: context.colour)
            }
        }
        let focusedField = model.focus < model.form.fields.count
        model.form.render(&canvas, layout.formRect, theme: theme, focused: focusedField && !model.busy)
        for (index, button) in model.buttons.enumerated() {
            let rect = layout.buttons[index]
            let focused = model.focus == model.form.fields.count + index
            var style = index == 0 ? theme[.accent] : theme[.text]
            if focused { style = theme[.selection] }
            canvas.put("[ \(button.label) ]", x: rect.x, y: rect.y, style: style, limit: inside.maxX - rect.x)
        }
        y = (layout.buttons.map(\.maxY).max() ?? layout.formRect.maxY) + 0
        for line in layout.errorLines where y < inside.maxY {
            canvas.put(line, x: textX, y: y, style: theme[.danger])
            y += 1
        }
        if model.busy && y < inside.maxY { canvas.put("Working…", x: textX, y: y, style: theme[.muted]) }
    }

    static func title(_ page: SignInModel.Page) -> String {
        switch page {
        case .setup: return "Hosted sign-in: app client and request"
        case .signIn: return "Sign in"
        case .signUp: return "Sign up"
        case .confirmSignUp: return "Confirm your account"
        case .forgotPassword: return "Forgot your password?"
        case .resetPassword: return "Reset your password"
        case .newPassword: return "Change your password"
        case .mfaCode(let challenge, _, _, _):
            return challenge == .softwareTokenMfa ? "Authenticator code" : challenge == .emailOtp ? "Email code" : "SMS code"
        case .selectMFA: return "Choose a sign-in method"
        case .totpSetup: return "Set up an authenticator app"
        case .customChallenge: return "Custom challenge"
        case .redirect: return "Back at the app"
        case .tokens: return "Signed in"
        }
    }

    private static func renderContextLine(_ model: SignInModel, _ canvas: inout Canvas, area: Rect, theme: Theme) {
        var parts = ["Hosted sign-in"]
        if let client = model.client {
            parts.append("client \(client.clientName)")
            parts.append(
                model.useCustomAuth ? "custom auth" : model.useManagedLogin ? "managed login (code + PKCE)" : model.useSRP ? "SRP" : "password")
        }
        if let ip = model.origin.ipAddress { parts.append("from \(ip)") }
        if let device = model.origin.deviceName { parts.append(device) }
        canvas.put(" " + parts.joined(separator: " · "), x: area.x, y: area.y, style: theme[.muted], limit: area.width)
    }

    static func chunks(_ text: String, _ size: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if current.count == size {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
