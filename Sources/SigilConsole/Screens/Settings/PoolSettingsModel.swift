import Foundation
import SigilCore

/// A read-only view of the current pool's settings: password policy, sign-in
/// attributes, MFA, recovery, and the app clients with their flows.
public struct PoolSettingsModel: Sendable {
    public typealias Line = DetailLine

    public enum Reply: Sendable {
        case loaded(String, Result<[Line], ConsoleError>)
    }

    public private(set) var poolId: String?
    public private(set) var lines: [Line] = []
    public private(set) var top = 0
    public private(set) var error: String?

    public init() {}

    public var keyHelp: [KeyHelp] {
        [KeyHelp("↑↓ jk", "scroll"), KeyHelp("PgUp PgDn", "page"), KeyHelp("^R", "reload", inBar: false)]
    }

    public mutating func open(poolId: String?) -> [Command] {
        if poolId != self.poolId {
            self.poolId = poolId
            lines = []
            top = 0
        }
        guard let poolId else { return [] }
        return [.call({ engine in try Self.read(engine, poolId: poolId) }) { .settings(.loaded(poolId, $0)) }]
    }

    public mutating func receive(_ reply: Reply) -> [Command] {
        switch reply {
        case .loaded(let id, let result):
            guard id == poolId else { return [] }
            switch result {
            case .success(let read):
                lines = read
                error = nil
            case .failure(let failure): error = failure.description
            }
        }
        return []
    }

    public mutating func handle(_ key: Key, context: ScreenContext) -> [Command]? {
        let page = max(1, context.area.height - 3)
        let last = max(0, lines.count - page)
        switch key {
        case .up, .character("k"): top = max(0, top - 1)
        case .down, .character("j"): top = min(last, top + 1)
        case .pageUp: top = max(0, top - page)
        case .pageDown, .character(" "): top = min(last, top + page)
        case .home, .character("g"): top = 0
        case .end, .character("G"): top = last
        case .control("r"): return open(poolId: poolId)
        default: return nil
        }
        return []
    }

    public mutating func scroll(by delta: Int, context: ScreenContext) {
        top = min(max(0, lines.count - max(1, context.area.height - 3)), max(0, top + delta))
    }

    static func read(_ engine: Engine, poolId: String) throws -> [Line] {
        guard let pool = try engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool else { return [] }
        let mfa = try engine.getUserPoolMfaConfig(GetUserPoolMfaConfigRequest(userPoolId: poolId))
        var lines: [Line] = [Line("Pool", "", .title)]
        lines.append(Line("Name", pool.name ?? ""))
        lines.append(Line("Id", pool.id ?? ""))
        lines.append(Line("ARN", pool.arn ?? "", .muted))
        lines.append(Line("Created", ConsoleDate.string(pool.creationDate)))
        lines.append(Line("Users (estimate)", TextLayout.count(pool.estimatedNumberOfUsers ?? 0)))
        lines.append(Line("Deletion protection", pool.deletionProtection?.rawValue ?? "INACTIVE"))
        lines.append(Line(""))

        lines.append(Line("Sign-in", "", .title))
        lines.append(Line("Username attributes", list(pool.usernameAttributes?.map(\.rawValue), none: "none (a username)")))
        lines.append(Line("Alias attributes", list(pool.aliasAttributes?.map(\.rawValue))))
        let caseSensitive = pool.usernameConfiguration?.caseSensitive ?? true
        lines.append(Line("Case sensitive", caseSensitive ? "yes" : "no"))
        lines.append(Line("Auto-verified", list(pool.autoVerifiedAttributes?.map(\.rawValue))))
        let adminOnly = pool.adminCreateUserConfig?.allowAdminCreateUserOnly ?? false
        lines.append(Line("Self sign-up", adminOnly ? "off (admins create users)" : "on"))
        lines.append(Line(""))

        lines.append(Line("Password policy", "", .title))
        if let policy = pool.policies?.passwordPolicy {
            lines.append(Line("Minimum length", String(policy.minimumLength ?? 8)))
            var needs: [String] = []
            if policy.requireUppercase == true { needs.append("uppercase") }
            if policy.requireLowercase == true { needs.append("lowercase") }
            if policy.requireNumbers == true { needs.append("numbers") }
            if policy.requireSymbols == true { needs.append("symbols") }
            lines.append(Line("Requires", list(needs)))
            lines.append(Line("Temporary password", "valid \(policy.temporaryPasswordValidityDays ?? 7) days"))
            if let reuse = policy.passwordHistorySize { lines.append(Line("Password history", String(reuse))) }
        }
        lines.append(Line(""))

        lines.append(Line("MFA", "", .title))
        lines.append(Line("Configuration", mfa.mfaConfiguration?.rawValue ?? "OFF", mfa.mfaConfiguration == .on ? .warning : .text))
        var factors: [String] = []
        if mfa.softwareTokenMfaConfiguration?.enabled == true { factors.append("TOTP") }
        if mfa.smsMfaConfiguration != nil { factors.append("SMS") }
        if mfa.emailMfaConfiguration != nil { factors.append("email") }
        lines.append(Line("Factors", list(factors)))
        let recovery = pool.accountRecoverySetting?.recoveryMechanisms?.map { "\($0.name.rawValue) (\($0.priority))" }
        lines.append(Line("Account recovery", list(recovery, none: "legacy: verified phone, then email")))
        lines.append(Line(""))

        var token: String?
        var clients: [UserPoolClientType] = []
        repeat {
            let page = try engine.listUserPoolClients(ListUserPoolClientsRequest(userPoolId: poolId, maxResults: 60, nextToken: token))
            for description in page.userPoolClients ?? [] {
                guard let clientId = description.clientId else { continue }
                if let client = try engine.describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: poolId, clientId: clientId))
                    .userPoolClient
                {
                    clients.append(client)
                }
            }
            token = page.nextToken
        } while token != nil && clients.count < 500
        lines.append(Line("App clients (\(clients.count))", "", .title))
        if clients.isEmpty { lines.append(Line("", "none", .muted)) }
        for client in clients {
            lines.append(Line(client.clientName ?? "", client.clientId ?? "", .accent))
            lines.append(Line("  secret", client.clientSecret == nil ? "no" : "yes"))
            lines.append(Line("  auth flows", list(client.explicitAuthFlows?.map(\.rawValue))))
            lines.append(Line("  user existence", client.preventUserExistenceErrors?.rawValue ?? "LEGACY"))
        }
        return lines
    }

    private static func list(_ items: [String]?, none: String = "none") -> String {
        guard let items, !items.isEmpty else { return none }
        return items.joined(separator: ", ")
    }
}
