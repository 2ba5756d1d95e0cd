import Foundation
import SigilJSON

/// The OpenID Connect userInfo endpoint: the signed-in user's attributes, as the access
/// token's scopes allow them.
extension Engine {
    /// `sub`, `username` and the attributes the token's scopes allow (all readable ones
    /// for `openid` alone, `profile` or the admin scope; `email` and `phone` their own),
    /// every value a string as Cognito sends them.
    public func userInfo(accessToken: String) async throws -> [String: String] {
        let (pool, user, claims) = try await read { reader in try await authorize(accessToken, reader: reader, requiresAdminScope: false) }
        let scopes = (claims["scope"]?.stringValue ?? "").split(separator: " ").map(String.init)
        guard scopes.contains("openid") || scopes.contains(Self.adminScope) else {
            throw CognitoError.notAuthorized("Access Token does not have required scopes")
        }
        guard let clientId = claims["client_id"]?.stringValue,
            let client = try await read({ reader in try await reader.client(id: clientId) })
        else { throw CognitoError.notAuthorized("Invalid Access Token") }
        let everything = scopes.contains(Self.adminScope) || scopes.contains("profile")
        var info: [String: String] = ["sub": user.sub, "username": user.username]
        for (name, value) in idTokenAttributes(user, pool: pool.pool, client: client)
        where everything || Self.scopesAllow(name, scopes: scopes) {
            switch value {
            case .string(let text): info[name] = text
            case .bool(let flag): info[name] = flag ? "true" : "false"
            case .int(let number): info[name] = String(number)
            default: continue
            }
        }
        return info
    }
}
