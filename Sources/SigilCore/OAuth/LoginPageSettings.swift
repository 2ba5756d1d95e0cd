import Foundation

/// What managed login's pages show besides their forms: their colours and logo (from
/// the client's managed login branding on a version 2 domain, from SetUICustomization's
/// CSS and logo on a classic one), the terms links from the Terms operations, and the
/// password policy as rules a person can read.
public struct LoginPageSettings: Sendable, Equatable {
    public var palette: LoginPalette
    public var css: String?
    public var logoURL: String?
    public var terms: [Link]
    public var passwordRules: [String]

    public struct Link: Sendable, Equatable {
        public var label: String
        public var url: String
    }
}

extension Engine {
    public func loginPageSettings(_ request: AuthorizeRequest) async throws -> LoginPageSettings {
        try await read { reader in
            let pool = try await requirePool(request.poolId, in: reader)
            var palette = LoginPalette.standard
            var css: String?
            var logoURL: String?
            if try await reader.domains(poolKey: pool.key).contains(where: { $0.description.managedLoginVersion == 2 }) {
                if let branding = try await reader.managedLoginBranding(clientId: request.clientId) {
                    palette = LoginPalette(branding: branding.settings)
                    let logo = (branding.assets ?? []).firstIndex { [.formLogo, .pageHeaderLogo].contains($0.category) }
                    logoURL = logo.map { "\(configuration.endpoint)/\(pool.id)/managed-login/assets/\(branding.managedLoginBrandingId ?? "")/\($0)" }
                }
            } else {
                var customization = try await reader.uiCustomization(poolKey: pool.key, clientId: request.clientId)
                if customization == nil {
                    customization = try await reader.uiCustomization(poolKey: pool.key, clientId: StoredUICustomization.wholePool)
                }
                css = customization?.css
                logoURL = customization.flatMap { described($0, poolId: pool.id).imageUrl }
            }
            var terms: [LoginPageSettings.Link] = []
            for (name, label) in [("terms-of-use", "Terms of use"), ("privacy-policy", "Privacy policy")] {
                guard let found = try await reader.terms(clientId: request.clientId, name: name) else { continue }
                let url = request.lang.flatMap { found.links[$0] } ?? found.links["cognito:default"] ?? found.links.values.sorted().first
                if let url { terms.append(LoginPageSettings.Link(label: label, url: url)) }
            }
            return LoginPageSettings(
                palette: palette, css: css, logoURL: logoURL, terms: terms, passwordRules: Self.passwordRules(pool.pool.policies?.passwordPolicy))
        }
    }

    /// The password policy in words, one rule a line.
    static func passwordRules(_ policy: PasswordPolicyType?) -> [String] {
        var rules = ["At least \(policy?.minimumLength ?? 8) characters"]
        if policy?.requireUppercase ?? true { rules.append("An uppercase letter") }
        if policy?.requireLowercase ?? true { rules.append("A lowercase letter") }
        if policy?.requireNumbers ?? true { rules.append("A number") }
        if policy?.requireSymbols ?? true { rules.append("A symbol, such as ! or $") }
        return rules
    }
}
