import Foundation
import SigilCore

/// Draws credential inspection: the pool and login, the two calls, what they gave, and
/// the policy simulator.
public enum CredentialsView {
    static let simulatorHeight = 6

    public static func render(_ model: CredentialsModel, _ canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        let area = context.area
        var x = area.x
        x += canvas.put(" Identity pool ", x: x, y: area.y, style: theme[.title])
        if let pool = model.pool {
            x += canvas.put(pool.name + " ", x: x, y: area.y, style: theme[.accent])
            // As many facts as fit, the id first.
            let parts = [
                pool.id, "guests \(pool.allowsGuests ? "allowed" : "not allowed")", TextLayout.plural(pool.identities, "identity", "identities"),
            ]
            var facts = parts[0]
            for part in parts.dropFirst() where CharacterWidth.of(facts + " · " + part) <= area.maxX - x { facts += " · " + part }
            canvas.put(facts, x: x, y: area.y, style: theme[.muted], limit: area.maxX - x)
        } else {
            canvas.put(
                model.error ?? "none yet: create one with the API (cognito-identity CreateIdentityPool)", x: x, y: area.y,
                style: model.error == nil ? theme[.muted] : theme[.danger], limit: area.maxX - x)
        }
        renderLogin(model, &canvas, area: area, context: context, theme: theme)
        renderSteps(model, &canvas, y: area.y + 3, area: area, theme: theme)
        let detailTop = area.y + 6
        let simulator = Rect(x: area.x, y: area.maxY - simulatorHeight, width: area.width, height: simulatorHeight)
        if let obtained = model.obtained {
            DetailList.render(
                lines(obtained, reveal: model.revealSecret, now: context.now), &canvas,
                Rect(x: area.x, y: detailTop, width: area.width, height: simulator.y - detailTop), scroll: 0, labelWidth: 12, theme: theme, wrap: true
            )
        }
        renderSimulator(model, &canvas, simulator, theme: theme)
    }

    private static func renderLogin(_ model: CredentialsModel, _ canvas: inout Canvas, area: Rect, context: ScreenContext, theme: Theme) {
        var x = area.x
        x += canvas.put(" Login  ", x: x, y: area.y + 1, style: theme[.title])
        for (key, source) in zip(["g", "s", "t"], CredentialsModel.Source.allCases) {
            let chosen = source == model.source
            x += canvas.put(" \(key) \(source.rawValue) ", x: x, y: area.y + 1, style: chosen ? theme[.selection] : theme[.muted])
            x += 1
        }
        let y = area.y + 2
        switch model.source {
        case .guest:
            canvas.put("  an unauthenticated identity: no login", x: area.x, y: y, style: theme[.muted])
        case .session:
            let text =
                model.session.map { "  the hosted sign-in's ID token (pool \($0.poolId))" }
                ?? "  nobody has signed in on the hosted sign-in screen (5) yet"
            canvas.put(text, x: area.x, y: y, style: theme[.muted], limit: area.width)
        case .token:
            canvas.put("  token ", x: area.x, y: y, style: theme[.muted])
            model.token.render(
                &canvas, x: area.x + 8, y: y, width: area.width - 10, style: theme[.input], focused: model.focus == .token, masked: false)
        }
    }

    private static func renderSteps(_ model: CredentialsModel, _ canvas: inout Canvas, y: Int, area: Rect, theme: Theme) {
        let steps = ["GetId", "GetCredentialsForIdentity"]
        for (index, step) in steps.enumerated() {
            let row = y + index
            canvas.put(" \(index + 1) \(TextLayout.fit(step, 26))", x: area.x, y: row, style: theme[.text])
            let (mark, text, role): (String, String, Role)
            if model.busy {
                (mark, text, role) = ("…", "", .muted)
            } else if let failure = model.failure {
                if failure.step == step {
                    (mark, text, role) = ("✗", failure.error.description, .danger)
                } else if index == 0, let id = failure.identityId {
                    (mark, text, role) = ("✓", id, .success)
                } else {
                    (mark, text, role) = ("·", "", .muted)
                }
            } else if let obtained = model.obtained {
                (mark, text, role) =
                    index == 0
                    ? ("✓", obtained.identityId, .success)
                    : (
                        "✓", "credentials for role \(obtained.grant.roleArn.split(separator: "/").last.map(String.init) ?? obtained.grant.roleArn)",
                        .success
                    )
            } else {
                (mark, text, role) = ("·", index == 0 ? "press Enter (or g, s, t) to run both calls" : "", .muted)
            }
            canvas.put("\(mark) \(text)", x: area.x + 31, y: row, style: theme[role], limit: area.width - 32)
        }
    }

    /// The identity, the role and why, the tags and the credentials.
    static func lines(_ obtained: CredentialsModel.Obtained, reveal: Bool, now: Date) -> [DetailLine] {
        let grant = obtained.grant
        let credentials = obtained.credentials
        let tags = grant.principalTags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        let secret = credentials.secretKey ?? ""
        let session = credentials.sessionToken ?? ""
        let expires = credentials.expiration ?? now
        let remaining = expires.timeIntervalSince(now)
        return [
            DetailLine("Identity", obtained.identityId),
            DetailLine("Login", obtained.login ?? "none (guest)", .muted),
            DetailLine("Role", grant.roleArn, .accent),
            DetailLine("Because", grant.roleReason),
            DetailLine("Tags", tags.isEmpty ? "none" : tags, tags.isEmpty ? .muted : .text),
            DetailLine("AccessKeyId", credentials.accessKeyId ?? ""),
            DetailLine("SecretKey", reveal ? secret : String(repeating: "•", count: 12) + "  (r reveals)", reveal ? .warning : .muted),
            DetailLine("SessionToken", String(session.prefix(24)) + "… (\(session.count) characters)", .muted),
            DetailLine(
                "Expires", ConsoleDate.string(expires) + " UTC · " + (remaining > 0 ? "in \(ConsoleDate.duration(remaining))" : "expired"),
                remaining > 300 ? .text : remaining > 0 ? .warning : .danger),
        ]
    }

    private static func renderSimulator(_ model: CredentialsModel, _ canvas: inout Canvas, _ rect: Rect, theme: Theme) {
        let inside = Box.draw(&canvas, rect, title: "Policy simulator", theme: theme, focused: model.focus == .action || model.focus == .resource)
        guard inside.height >= 4 else { return }
        let labelWidth = 10
        canvas.put(TextLayout.fit("Action", labelWidth), x: inside.x + 1, y: inside.y, style: theme[.muted])
        model.action.render(
            &canvas, x: inside.x + 2 + labelWidth, y: inside.y, width: inside.width - labelWidth - 3, style: theme[.input],
            focused: model.focus == .action)
        canvas.put(TextLayout.fit("Resource", labelWidth), x: inside.x + 1, y: inside.y + 1, style: theme[.muted])
        model.resource.render(
            &canvas, x: inside.x + 2 + labelWidth, y: inside.y + 1, width: inside.width - labelWidth - 3, style: theme[.input],
            focused: model.focus == .resource)
        if let decision = model.decision {
            canvas.put(
                decision.explanation, x: inside.x + 1, y: inside.y + 2, style: theme[decision.allowed ? .success : .danger], limit: inside.width - 2)
            if !model.roleKnown {
                canvas.put(
                    "Sigil holds no role \(model.obtained?.grant.roleArn ?? ""): add it with sigil role put", x: inside.x + 1, y: inside.y + 3,
                    style: theme[.warning], limit: inside.width - 2)
            } else if let resource = model.simulatedResource {
                canvas.put("on " + resource, x: inside.x + 1, y: inside.y + 3, style: theme[.muted], limit: inside.width - 2)
            }
        } else {
            let hint =
                model.obtained == nil
                ? "Get credentials, then press a to type an action and a resource (${sub} is the identity)."
                : "Press a, type an action and a resource (${sub} is the identity), Enter asks the role's policies."
            for (index, line) in TextLayout.wrap(hint, inside.width - 2).prefix(inside.height - 2).enumerated() {
                canvas.put(line, x: inside.x + 1, y: inside.y + 2 + index, style: theme[.muted])
            }
        }
    }
}
