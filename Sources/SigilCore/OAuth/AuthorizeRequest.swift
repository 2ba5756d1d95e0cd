import Foundation

/// A request to /oauth2/authorize (and to the managed login pages, which carry the same
/// parameters from page to page), checked as Cognito checks it.
public struct AuthorizeRequest: Sendable, Equatable {
    public enum ResponseType: String, Sendable { case code, token }

    public var poolId: String
    public var clientId: String
    /// The app client's name, for the pages' heading.
    public var clientName: String
    public var redirectUri: String
    public var responseType: ResponseType
    /// The scopes to grant: those asked for, or every scope the client is allowed.
    public var scopes: [String]
    public var state: String?
    public var nonce: String?
    public var codeChallenge: String?
    public var lang: String?
    /// Whether the pages offer sign-up (not when only administrators create users).
    public var allowsSignUp: Bool
    /// What users sign in with: `username`, or `email` / `phone_number` when the pool
    /// uses one of them as the username.
    public var usernameKind: String
    /// The attributes the sign-up form asks for besides the username: the required ones
    /// and those verified on sign-up.
    public var signUpAttributes: [String]

    /// The parameters that carry the request from page to page, in a stable order.
    public var parameters: [(name: String, value: String)] {
        var list: [(String, String)] = [
            ("client_id", clientId), ("response_type", responseType.rawValue), ("redirect_uri", redirectUri),
            ("scope", scopes.joined(separator: " ")),
        ]
        if let state { list.append(("state", state)) }
        if let nonce { list.append(("nonce", nonce)) }
        if let codeChallenge {
            list.append(("code_challenge", codeChallenge))
            list.append(("code_challenge_method", "S256"))
        }
        if let lang { list.append(("lang", lang)) }
        return list
    }
}

/// Why an authorize request cannot go on. Until the redirect URI is known to be one of the
/// client's callback URLs, the browser is shown a page and never sent anywhere; after
/// that, the app hears of the refusal at its redirect URI, as RFC 6749 4.1.2.1 has it.
public enum AuthorizeRefusal: Error, Sendable, Equatable {
    case page(String)
    case redirect(to: String, error: String, description: String, state: String?)

    /// The page's or the redirect's wording.
    public var message: String {
        switch self {
        case .page(let text): return text
        case .redirect(_, let error, let description, _): return "\(error): \(description)"
        }
    }
}

extension Engine {
    /// Checks an authorize request. `host` is the Host the browser used: a pool's domain
    /// (`PREFIX.auth.REGION.amazoncognito.com`, `PREFIX.auth.localhost` or a custom
    /// domain) must be the client's pool's; any other name is the server's own address,
    /// where every pool with a domain is served.
    public func authorizeRequest(_ query: [String: String], host: String?) async throws -> AuthorizeRequest {
        let value = { (name: String) in query[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let clientId = value("client_id") else { throw AuthorizeRefusal.page("The request has no client_id.") }
        let (pool, client, domains, hostDomain) = try await read { reader in
            guard let client = try await reader.client(id: clientId), let poolId = client.userPoolId,
                let pool = try await reader.pool(id: poolId)
            else { throw AuthorizeRefusal.page("No app client has the id \(clientId).") }
            let hostDomain = try await Self.domainName(inHost: host).asyncFlatMap { try await reader.domain($0.name) }
            return (pool, client, try await reader.domains(poolKey: pool.key), hostDomain)
        }
        guard !domains.isEmpty else {
            throw AuthorizeRefusal.page("The user pool \(pool.id) has no domain; create one with CreateUserPoolDomain.")
        }
        if let named = Self.domainName(inHost: host), named.isPrefix || hostDomain != nil, hostDomain?.poolKey != pool.key {
            throw AuthorizeRefusal.page("The app client \(clientId) does not belong to the user pool of the domain \(named.name).")
        }
        guard let redirectUri = value("redirect_uri") else { throw AuthorizeRefusal.page("The request has no redirect_uri.") }
        guard (client.callbackURLs ?? []).contains(redirectUri) else {
            throw AuthorizeRefusal.page("redirect_mismatch: \(redirectUri) is not one of the app client's callback URLs.")
        }
        let state = value("state")
        let refuse = { (error: String, description: String) in
            AuthorizeRefusal.redirect(to: redirectUri, error: error, description: description, state: state)
        }
        guard let typeName = value("response_type") else { throw refuse("invalid_request", "response_type is missing.") }
        guard let responseType = AuthorizeRequest.ResponseType(rawValue: typeName) else {
            throw refuse("unsupported_response_type", "response_type must be code or token.")
        }
        let flows = client.allowedOAuthFlowsUserPoolClient == true ? client.allowedOAuthFlows ?? [] : []
        guard flows.contains(responseType == .code ? .code : .implicit) else {
            throw refuse("unauthorized_client", "The app client is not allowed the \(responseType == .code ? "code" : "implicit") grant.")
        }
        guard (client.supportedIdentityProviders ?? []).contains("COGNITO") else {
            throw refuse(
                "unauthorized_client",
                "The app client does not offer sign-in with user pool accounts (COGNITO is not in its SupportedIdentityProviders).")
        }
        let allowed = client.allowedOAuthScopes ?? []
        let asked = value("scope").map { $0.split(separator: " ").map(String.init) }
        if let asked, let unknown = asked.first(where: { !allowed.contains($0) }) {
            throw refuse("invalid_scope", "The app client is not allowed the scope \(unknown).")
        }
        let scopes = asked ?? allowed
        guard !scopes.isEmpty else { throw refuse("invalid_scope", "No scope was asked for and the app client is allowed none.") }
        var challenge: String?
        if let given = value("code_challenge") {
            guard value("code_challenge_method") == "S256" else {
                throw refuse("invalid_request", "code_challenge_method must be S256.")
            }
            guard given.count >= 43, given.count <= 128, given.allSatisfy(Self.isBase64URL) else {
                throw refuse("invalid_request", "code_challenge is not a base64url SHA-256 digest.")
            }
            guard responseType == .code else { throw refuse("invalid_request", "PKCE applies to the code grant only.") }
            challenge = given
        }
        let policy = pool.pool.adminCreateUserConfig?.allowAdminCreateUserOnly ?? false
        let kinds = pool.pool.usernameAttributes ?? []
        let usernameKind = kinds.contains(.email) ? "email" : kinds.contains(.phoneNumber) ? "phone_number" : "username"
        let required = (pool.pool.schemaAttributes ?? []).filter { $0.required == true }.compactMap(\.name)
        let verified = (pool.pool.autoVerifiedAttributes ?? []).map(\.rawValue)
        var signUpAttributes: [String] = []
        for name in required + verified where name != "sub" && name != usernameKind && !signUpAttributes.contains(name) {
            signUpAttributes.append(name)
        }
        return AuthorizeRequest(
            poolId: pool.id, clientId: clientId, clientName: client.clientName ?? clientId, redirectUri: redirectUri,
            responseType: responseType, scopes: scopes, state: state, nonce: value("nonce"), codeChallenge: challenge,
            lang: value("lang"), allowsSignUp: !policy, usernameKind: usernameKind, signUpAttributes: signUpAttributes)
    }

    /// The domain a Host header may name: the prefix of `PREFIX.auth.REGION.amazoncognito.com`
    /// or `PREFIX.auth.localhost` (which must be a pool's), or the whole name when it has
    /// dots and is not an address (a custom domain if a pool has it, else the server's own
    /// name).
    static func domainName(inHost host: String?) -> (name: String, isPrefix: Bool)? {
        guard var name = host?.lowercased(), !name.isEmpty else { return nil }
        if name.hasPrefix("[") { return nil }
        if let colon = name.lastIndex(of: ":") { name = String(name[..<colon]) }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if labels.count == 3, labels[1] == "auth", labels[2] == "localhost" { return (labels[0], true) }
        if labels.count == 5, labels[1] == "auth", labels[3] == "amazoncognito", labels[4] == "com" { return (labels[0], true) }
        if labels.count < 2 || labels.allSatisfy({ Int($0) != nil }) { return nil }
        return (name, false)
    }

    static func isBase64URL(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "-" || character == "_")
    }
}
