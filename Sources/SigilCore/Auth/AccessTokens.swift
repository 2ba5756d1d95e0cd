import Foundation
import SigilCrypto
import SigilJSON

/// Access tokens presented to the self-service APIs (GetUser, ChangePassword …): signed
/// by the pool, unexpired, with the admin scope, for a user who still exists and is
/// enabled, from a sign-in that has not been signed out.
extension Engine {
    static let adminScope = "aws.cognito.signin.user.admin"

    /// The pool, user and claims of a valid access token. `requiresAdminScope`: the
    /// self-service APIs need `aws.cognito.signin.user.admin`; userInfo does not.
    func authorize(_ token: String, reader: any DirectoryReader, requiresAdminScope: Bool = true) async throws -> (
        StoredPool, UserRecord, [String: JSONValue]
    ) {
        let invalid = CognitoError.notAuthorized("Invalid Access Token")
        guard let decoded = try? JWT.decode(token), let issuer = decoded.claims["iss"]?.stringValue,
            let poolId = issuer.split(separator: "/").last.map(String.init), issuer == self.issuer(poolId: poolId),
            let stored = try await reader.pool(id: poolId)
        else { throw invalid }
        guard let keys = try await existingPoolKeys(stored, reader: reader) else { throw invalid }
        let claims: [String: JSONValue]
        do {
            claims = try JWTValidator(keys: keys.verification, issuer: issuer, tokenUse: "access")
                .validate(token, now: clock.now)
        } catch JWTError.expired {
            throw CognitoError.notAuthorized("Access Token has expired")
        } catch {
            throw invalid
        }
        let scopes = (claims["scope"]?.stringValue ?? "").split(separator: " ")
        guard !requiresAdminScope || scopes.contains(Substring(Self.adminScope)) else {
            throw CognitoError.notAuthorized("Access Token does not have required scopes")
        }
        guard let username = claims["username"]?.stringValue,
            let user = try await reader.user(poolKey: stored.key, usernameKey: usernameKey(username, in: stored.pool)),
            user.sub == claims["sub"]?.stringValue
        else { throw CognitoError.userNotFound }
        // Signing out revokes the refresh tokens, and with them every access token of the
        // same sign-in (they share origin_jti).
        if let origin = claims["origin_jti"]?.stringValue, try await reader.isRevoked(originJti: origin) {
            throw CognitoError.notAuthorized("Access Token has been revoked")
        }
        guard user.enabled else { throw CognitoError.notAuthorized("User is disabled.") }
        return (stored, user, claims)
    }
}
