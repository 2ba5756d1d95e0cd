import Foundation
import SigilCrypto
import SigilJSON

/// Facebook and Login with Amazon logins: access tokens, checked by asking the provider
/// who they belong to and which app they were issued to, as Cognito does.
extension Engine {
    static let accessTokenProviders: Set<String> = ["graph.facebook.com", "www.amazon.com"]

    /// The provider's calls for a token: (URL, what the answer means).
    static func providerCalls(_ provider: String, token: String) -> (app: String, user: String)? {
        let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
        switch provider {
        case "graph.facebook.com":
            return ("https://graph.facebook.com/app?access_token=\(encoded)", "https://graph.facebook.com/me?fields=id&access_token=\(encoded)")
        case "www.amazon.com":
            return (
                "https://api.amazon.com/auth/o2/tokeninfo?access_token=\(encoded)", "https://api.amazon.com/auth/o2/tokeninfo?access_token=\(encoded)"
            )
        default:
            return nil
        }
    }

    /// Asks the provider about an access token: it must be for one of the app ids the pool
    /// lists (`SupportedLoginProviders`), and names the user.
    func verifyAccessTokenLogin(_ provider: String, token: String, appIds: String) async throws -> VerifiedLogin {
        guard let api = configuration.providerAPI, let calls = Self.providerCalls(provider, token: token) else {
            throw CognitoError.notAuthorized("Invalid login token. Sigil has no way to ask \(provider) about the token.")
        }
        let allowed = appIds.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let app: JSONValue
        let user: JSONValue
        do {
            app = try await api.get(calls.app)
            user = try await api.get(calls.user)
        } catch {
            throw CognitoError.notAuthorized("Invalid login token. \(provider) did not accept the token.")
        }
        let appId: String?
        let userId: String?
        var claims: [String: JSONValue] = [:]
        if provider == "graph.facebook.com" {
            appId = app["id"]?.stringValue
            userId = user["id"]?.stringValue
        } else {
            appId = app["app_id"]?.stringValue ?? app["aud"]?.stringValue
            userId = user["user_id"]?.stringValue
        }
        guard let appId, allowed.contains(appId) else { throw Self.unsupportedProvider }
        guard let userId else { throw CognitoError.notAuthorized("Invalid login token. \(provider) named no user for it.") }
        claims["sub"] = .string(userId)
        claims["aud"] = .string(appId)
        claims["user_id"] = .string(userId)
        return VerifiedLogin(login: IdentityLogin(provider: provider, subject: userId), mappingKey: provider, claims: claims)
    }

    /// Warms the provider API's cache before a transaction (see prefetchOutsideKeys).
    func prefetchAccessTokenLogin(_ provider: String, token: String) async {
        guard let api = configuration.providerAPI, let calls = Self.providerCalls(provider, token: token) else { return }
        _ = try? await api.get(calls.app)
        _ = try? await api.get(calls.user)
    }
}
