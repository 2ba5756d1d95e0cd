import Foundation
import SigilCore

/// The current pool's settings: password policy, sign-in attributes, MFA, recovery,
/// managed login (domains, resource servers) and the app clients with their flows. MFA
/// (`m`) and an app client's OAuth settings (`o`) can be changed here.
public struct PoolSettingsModel: Sendable {
    public typealias Line = DetailLine

    public enum Reply: Sendable {
        case loaded(String, Result<[Line], ConsoleError>)
        case mfaRead(Result<GetUserPoolMfaConfigResponse, ConsoleError>)
        case submitMFA([String: String])
        case mfaSaved(Result<String, ConsoleError>)
        case oauthClients(Result<[UserPoolClientType], ConsoleError>)
        case pickedClient(String)
        case submitOAuth(String, [String: String])
        case oauthSaved(Result<String, ConsoleError>)
    }

    public private(set) var poolId: String?
    public private(set) var lines: [Line] = []
    public private(set) var top = 0
    public private(set) var error: String?
    /// The app clients the OAuth form was last opened for.
    private var clients: [UserPoolClientType] = []

    public init() {}

    public var keyHelp: [KeyHelp] {
        [
            KeyHelp("↑↓ jk", "scroll"), KeyHelp("PgUp PgDn", "page"), KeyHelp("m", "MFA"), KeyHelp("o", "OAuth of a client"),
            KeyHelp("^R", "reload", inBar: false),
        ]
    }

    public mutating func open(poolId: String?) -> [Command] {
        if poolId != self.poolId {
            self.poolId = poolId
            lines = []
            top = 0
        }
        guard let poolId else { return [] }
        return [.call({ engine in try await Self.read(engine, poolId: poolId) }) { .settings(.loaded(poolId, $0)) }]
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
        case .mfaRead(.success(let config)):
            return [.form(Self.mfaForm(config))]
        case .mfaRead(.failure(let failure)):
            return [.toast(.error(failure.description))]
        case .submitMFA(let values):
            guard let poolId else { return [] }
            let mode = UserPoolMfaType(rawValue: values["mode"] ?? "") ?? .off
            let factors = Set(MFAFactor.allCases.filter { values[$0.rawValue] == "yes" })
            if mode != .off && factors.isEmpty {
                return [.dialogError("MFA \(mode.rawValue) needs at least one factor: TOTP, SMS or email")]
            }
            return [
                .call({ engine in
                    _ = try await engine.setUserPoolMfaConfig(.factors(poolId: poolId, mode: mode, factors))
                    let names = MFAFactor.allCases.filter(factors.contains).map { $0 == .totp ? "TOTP" : $0 == .sms ? "SMS" : "email" }
                    return "MFA \(mode.rawValue)" + (names.isEmpty ? "" : " with " + names.joined(separator: ", "))
                }) { .settings(.mfaSaved($0)) }
            ]
        case .mfaSaved(.success(let summary)):
            return [.closeDialog, .toast(.success(summary))] + open(poolId: poolId)
        case .mfaSaved(.failure(let failure)):
            return [.dialogError(failure.description)]
        case .oauthClients(.success(let list)):
            clients = list
            if list.count == 1 { return [.form(OAuthSettingsForm.form(list[0]))] }
            guard !list.isEmpty else { return [.toast(.error("This pool has no app clients"))] }
            return [.pick(Picker(title: "OAuth settings of", options: list.map(Self.clientLabel)) { .settings(.pickedClient($0)) })]
        case .oauthClients(.failure(let failure)):
            return [.toast(.error(failure.description))]
        case .pickedClient(let label):
            guard let client = clients.first(where: { Self.clientLabel($0) == label }) else { return [] }
            return [.form(OAuthSettingsForm.form(client))]
        case .submitOAuth(let clientId, let values):
            guard let poolId, let client = clients.first(where: { $0.clientId == clientId }) else { return [] }
            let request = OAuthSettingsForm.request(client, poolId: poolId, values: values)
            return [
                .call({ engine in
                    _ = try await engine.updateUserPoolClient(request)
                    return "OAuth settings of \(client.clientName ?? clientId) saved"
                }) { .settings(.oauthSaved($0)) }
            ]
        case .oauthSaved(.success(let summary)):
            return [.closeDialog, .toast(.success(summary))] + open(poolId: poolId)
        case .oauthSaved(.failure(let failure)):
            return [.dialogError(failure.description)]
        }
        return []
    }

    /// The MFA form, filled in with the pool's current configuration.
    static func mfaForm(_ config: GetUserPoolMfaConfigResponse) -> FormDialog {
        let on = { (yes: Bool) in yes ? "yes" : "no" }
        return FormDialog(
            title: "MFA",
            form: Form([
                Form.Field("mode", "MFA", kind: .choice(["OFF", "OPTIONAL", "ON"]), value: config.mfaConfiguration?.rawValue ?? "OFF"),
                Form.Field(
                    "totp", "TOTP", kind: .toggle, value: on(config.softwareTokenMfaConfiguration?.enabled == true), hint: "authenticator apps"),
                Form.Field("sms", "SMS", kind: .toggle, value: on(config.smsMfaConfiguration != nil), hint: "codes to the phone"),
                Form.Field("email", "Email", kind: .toggle, value: on(config.emailMfaConfiguration != nil), hint: "codes to the email"),
            ])
        ) { .settings(.submitMFA($0)) }
    }

    static func clientLabel(_ client: UserPoolClientType) -> String { "\(client.clientName ?? "") (\(client.clientId ?? ""))" }

    static func labelWidth(_ width: Int) -> Int { min(22, width / 3) }

    /// How many lines the settings take once long values are wrapped.
    func shownLines(_ context: ScreenContext) -> Int {
        let inside = context.area.width - 2
        return DetailList.wrapped(lines, width: inside, labelWidth: Self.labelWidth(inside)).count
    }

    public mutating func handle(_ key: Key, context: ScreenContext) -> [Command]? {
        let page = max(1, context.area.height - 3)
        let last = max(0, shownLines(context) - page)
        switch key {
        case .up, .character("k"): top = max(0, top - 1)
        case .down, .character("j"): top = min(last, top + 1)
        case .pageUp: top = max(0, top - page)
        case .pageDown, .character(" "): top = min(last, top + page)
        case .home, .character("g"): top = 0
        case .end, .character("G"): top = last
        case .control("r"): return open(poolId: poolId)
        case .character("m"):
            guard let poolId else { return [] }
            return [
                .call({ engine in try await engine.getUserPoolMfaConfig(GetUserPoolMfaConfigRequest(userPoolId: poolId)) }) {
                    .settings(.mfaRead($0))
                }
            ]
        case .character("o"):
            guard let poolId else { return [] }
            return [.call({ engine in try await AppClientList.all(engine, poolId: poolId) }) { .settings(.oauthClients($0)) }]
        default: return nil
        }
        return []
    }

    public mutating func scroll(by delta: Int, context: ScreenContext) {
        top = min(max(0, shownLines(context) - max(1, context.area.height - 3)), max(0, top + delta))
    }

    static func read(_ engine: any ConsoleBackend, poolId: String) async throws -> [Line] {
        guard let pool = try await engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool else { return [] }
        let mfa = try await engine.getUserPoolMfaConfig(GetUserPoolMfaConfigRequest(userPoolId: poolId))
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
            lines.append(Line("Temporary password", "valid " + TextLayout.plural(policy.temporaryPasswordValidityDays ?? 7, "day")))
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

        lines.append(Line("Managed login", "", .title))
        var domains: [DomainDescriptionType] = []
        for name in [pool.domain, pool.customDomain].compactMap({ $0 }) {
            if let domain = try await engine.describeUserPoolDomain(DescribeUserPoolDomainRequest(domain: name)).domainDescription {
                domains.append(domain)
            }
        }
        if domains.isEmpty { lines.append(Line("Domain", "none (sigil domain create)", .muted)) }
        for domain in domains {
            let kind = domain.customDomainConfig == nil ? "Prefix domain" : "Custom domain"
            let version = domain.managedLoginVersion == 2 ? "managed login" : "classic hosted UI"
            lines.append(Line(kind, "\(domain.domain ?? "") · \(version)"))
        }
        var servers: [ResourceServerType] = []
        var serverToken: String?
        repeat {
            let page = try await engine.listResourceServers(ListResourceServersRequest(userPoolId: poolId, maxResults: 50, nextToken: serverToken))
            servers += page.resourceServers
            serverToken = page.nextToken
        } while serverToken != nil
        if servers.isEmpty { lines.append(Line("Resource servers", "none", .muted)) }
        for server in servers {
            let scopes = (server.scopes ?? []).map { "\(server.identifier ?? "")/\($0.scopeName)" }
            lines.append(Line(server.name ?? "", list(scopes, none: "\(server.identifier ?? "") (no scopes)")))
        }
        lines.append(Line(""))

        let clients = try await AppClientList.all(engine, poolId: poolId)
        lines.append(Line("App clients (\(clients.count))", "", .title))
        if clients.isEmpty { lines.append(Line("", "none", .muted)) }
        for client in clients {
            lines.append(Line(client.clientName ?? "", client.clientId ?? "", .accent))
            lines.append(Line("  secret", client.clientSecret == nil ? "no" : "yes"))
            lines.append(Line("  auth flows", list(client.explicitAuthFlows?.map(\.rawValue))))
            lines.append(Line("  user existence", client.preventUserExistenceErrors?.rawValue ?? "LEGACY"))
            if client.allowedOAuthFlowsUserPoolClient == true {
                lines.append(Line("  OAuth flows", list(client.allowedOAuthFlows?.map(\.rawValue))))
                lines.append(Line("  OAuth scopes", list(client.allowedOAuthScopes)))
                lines.append(Line("  callback URLs", list(client.callbackURLs)))
                lines.append(Line("  sign-out URLs", list(client.logoutURLs)))
            } else {
                lines.append(Line("  OAuth", "off", .muted))
            }
        }
        return lines
    }

    private static func list(_ items: [String]?, none: String = "none") -> String {
        guard let items, !items.isEmpty else { return none }
        return items.joined(separator: ", ")
    }
}
