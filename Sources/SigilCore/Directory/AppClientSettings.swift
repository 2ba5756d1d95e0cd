import Foundation

/// The settings CreateUserPoolClient and UpdateUserPoolClient share, checked and
/// completed with Cognito's defaults (an update resets what it leaves out).
struct AppClientSettings {
    var refreshTokenValidity: Int?
    var accessTokenValidity: Int?
    var idTokenValidity: Int?
    var tokenValidityUnits: TokenValidityUnitsType?
    var readAttributes: [String]?
    var writeAttributes: [String]?
    var explicitAuthFlows: [ExplicitAuthFlowsType]?
    var supportedIdentityProviders: [String]?
    var callbackURLs: [String]?
    var logoutURLs: [String]?
    var defaultRedirectURI: String?
    var allowedOAuthFlows: [OAuthFlowType]?
    var allowedOAuthScopes: [String]?
    var allowedOAuthFlowsUserPoolClient: Bool?
    var analyticsConfiguration: AnalyticsConfigurationType?
    var preventUserExistenceErrors: PreventUserExistenceErrorTypes?
    var enableTokenRevocation: Bool?
    var enablePropagateAdditionalUserContextData: Bool?
    var authSessionValidity: Int?
    var refreshTokenRotation: RefreshTokenRotationType?

    /// The flows a client allows when its ExplicitAuthFlows are left out.
    static let defaultFlows: [ExplicitAuthFlowsType] = [.allowUserSrpAuth, .allowCustomAuth, .allowRefreshTokenAuth]
    static let legacyFlows: Set<ExplicitAuthFlowsType> = [.adminNoSrpAuth, .customAuthFlowOnly, .userPasswordAuth]
    static let standardScopes: Set<String> = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"]

    /// `customScopes` are the pool's resource servers' scopes (`identifier/scope`).
    func apply(to client: inout UserPoolClientType, pool: UserPoolType, customScopes: Set<String>) throws {
        // Validities are echoed only when given; Cognito then applies 60 minutes to the
        // access and ID tokens and 30 days to the refresh token.
        let units = tokenValidityUnits
        let refresh = refreshTokenValidity.flatMap { $0 == 0 ? nil : $0 } ?? Self.inUnit(30 * 86_400, units?.refreshToken ?? .days)
        try Self.checkValidity(refresh, unit: units?.refreshToken ?? .days, min: 3_600, max: 3_650 * 86_400)
        if let access = accessTokenValidity {
            try Self.checkValidity(access, unit: units?.accessToken ?? .hours, min: 300, max: 86_400)
        }
        if let id = idTokenValidity {
            try Self.checkValidity(id, unit: units?.idToken ?? .hours, min: 300, max: 86_400)
        }
        client.refreshTokenValidity = refresh
        client.accessTokenValidity = accessTokenValidity
        client.idTokenValidity = idTokenValidity
        client.tokenValidityUnits = tokenValidityUnits

        let known = Set((pool.schemaAttributes ?? []).compactMap(\.name))
        if let readAttributes, let bad = readAttributes.first(where: { !known.contains($0) }) {
            throw CognitoError.invalidParameter("Invalid read attributes specified while creating a client: \(bad)")
        }
        if let writeAttributes {
            let unwritable: Set<String> = ["sub"]
            if let bad = writeAttributes.first(where: { !known.contains($0) || unwritable.contains($0) }) {
                throw CognitoError.invalidParameter("Invalid write attributes specified while creating a client: \(bad)")
            }
        }
        client.readAttributes = nonEmpty(readAttributes)
        client.writeAttributes = nonEmpty(writeAttributes)

        if let flows = explicitAuthFlows {
            let legacy = flows.filter(Self.legacyFlows.contains)
            if !legacy.isEmpty && legacy.count != flows.count {
                throw CognitoError.invalidParameter(
                    "ExplicitAuthFlows can not have both legacy and ALLOW_ prefixed values.")
            }
        }
        client.explicitAuthFlows = nonEmpty(explicitAuthFlows)

        if let providers = supportedIdentityProviders, let bad = providers.first(where: { $0 != "COGNITO" }) {
            throw CognitoError.invalidParameter("The provider \(bad) does not exist for User Pool \(pool.id ?? "").")
        }
        client.supportedIdentityProviders = nonEmpty(supportedIdentityProviders)

        for url in (callbackURLs ?? []) + (logoutURLs ?? []) + [defaultRedirectURI].compactMap({ $0 }) {
            try Self.checkRedirect(url)
        }
        if let defaultRedirectURI, !(callbackURLs ?? []).contains(defaultRedirectURI) {
            throw CognitoError.invalidParameter("DefaultRedirectURI must be one of the CallbackURLs.")
        }
        client.callbackURLs = nonEmpty(callbackURLs)
        client.logoutURLs = nonEmpty(logoutURLs)
        client.defaultRedirectURI = defaultRedirectURI

        let oauth = allowedOAuthFlowsUserPoolClient ?? false
        if oauth {
            guard let flows = allowedOAuthFlows, !flows.isEmpty, let scopes = allowedOAuthScopes, !scopes.isEmpty else {
                throw CognitoError.invalidParameter(
                    "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.")
            }
            if flows.contains(.clientCredentials) && flows.count > 1 {
                throw CognitoError(.invalidOAuthFlowException, "client_credentials flow can not be selected along with code flow or implicit flow.")
            }
            if (flows.contains(.code) || flows.contains(.implicit)) && (callbackURLs ?? []).isEmpty {
                throw CognitoError(.invalidOAuthFlowException, "CallbackUrls can not be empty when code flow or implicit flow is selected")
            }
            if flows.contains(.clientCredentials) && client.clientSecret == nil {
                throw CognitoError(.invalidOAuthFlowException, "client_credentials flow can not be selected if client does not have a client secret.")
            }
            if flows.contains(.clientCredentials) && scopes.contains("openid") {
                throw CognitoError(.invalidOAuthFlowException, "openid is not supported with client_credentials flow.")
            }
        }
        if let scopes = allowedOAuthScopes, let bad = scopes.first(where: { !Self.standardScopes.contains($0) && !customScopes.contains($0) }) {
            throw CognitoError(.scopeDoesNotExistException, "Invalid scope requested: \(bad)")
        }
        client.allowedOAuthFlowsUserPoolClient = oauth
        client.allowedOAuthFlows = nonEmpty(allowedOAuthFlows)
        client.allowedOAuthScopes = nonEmpty(allowedOAuthScopes)

        client.analyticsConfiguration = analyticsConfiguration
        client.preventUserExistenceErrors = preventUserExistenceErrors
        client.enableTokenRevocation = enableTokenRevocation ?? true
        client.enablePropagateAdditionalUserContextData = enablePropagateAdditionalUserContextData ?? false
        client.authSessionValidity = authSessionValidity ?? 3
        client.refreshTokenRotation = refreshTokenRotation
    }

    static func seconds(_ value: Int, _ unit: TimeUnitsType) -> Int {
        switch unit {
        case .seconds: return value
        case .minutes: return value * 60
        case .hours: return value * 3_600
        case .days: return value * 86_400
        }
    }

    private static func inUnit(_ seconds: Int, _ unit: TimeUnitsType) -> Int {
        switch unit {
        case .seconds: return seconds
        case .minutes: return seconds / 60
        case .hours: return seconds / 3_600
        case .days: return seconds / 86_400
        }
    }

    private static func checkValidity(_ value: Int, unit: TimeUnitsType, min: Int, max: Int) throws {
        let total = seconds(value, unit)
        guard total >= min && total <= max else {
            throw CognitoError.invalidParameter("Invalid range for token validity.")
        }
    }

    /// The lifetime of each token in seconds, applying Cognito's defaults.
    static func lifetimes(of client: UserPoolClientType) -> (access: Int, id: Int, refresh: Int) {
        let units = client.tokenValidityUnits
        return (
            access: client.accessTokenValidity.map { seconds($0, units?.accessToken ?? .hours) } ?? 3_600,
            id: client.idTokenValidity.map { seconds($0, units?.idToken ?? .hours) } ?? 3_600,
            refresh: seconds(client.refreshTokenValidity ?? 30, units?.refreshToken ?? .days)
        )
    }

    /// Redirect URLs must be absolute, without a fragment, and use HTTPS unless they
    /// point at the local machine (or use an app's own scheme).
    static func checkRedirect(_ text: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), text.contains(":") else {
            throw CognitoError.invalidParameter("Invalid redirect URL: \(text)")
        }
        if url.fragment != nil {
            throw CognitoError.invalidParameter("Invalid redirect URL: \(text) must not contain a fragment.")
        }
        if scheme == "http" {
            let host = url.host?.lowercased() ?? ""
            guard host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host == "::1" else {
                throw CognitoError.invalidParameter("Invalid redirect URL: \(text) must use HTTPS unless it is localhost.")
            }
        }
    }
}
