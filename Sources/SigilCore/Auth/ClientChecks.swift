import Foundation
import SigilCrypto

/// What an app client must show before its users are served: that it exists, that the
/// flow is allowed for it, and, when it has a secret, a SECRET_HASH that proves it.
extension Engine {
    /// The app client and its pool, found by client id (public APIs name only the client).
    func requireClient(_ clientId: String, in reader: any DirectoryReader) async throws -> (StoredPool, UserPoolClientType) {
        guard let client = try await reader.client(id: clientId), let poolId = client.userPoolId, let pool = try await reader.pool(id: poolId)
        else {
            throw CognitoError.resourceNotFound("User pool client \(clientId) does not exist.")
        }
        return (pool, client)
    }

    /// Base64(HMAC-SHA256(key: client secret, message: username + client id)).
    public static func secretHash(username: String, clientId: String, clientSecret: String) -> String {
        Data(HMACSHA256.authenticate(Array((username + clientId).utf8), key: Array(clientSecret.utf8))).base64EncodedString()
    }

    /// Checks SECRET_HASH for a client with a secret. Cognito hashes the name the user
    /// typed at InitiateAuth and the internal username afterwards; either is accepted.
    func checkSecretHash(_ given: String?, client: UserPoolClientType, usernames: [String], refresh: Bool = false) throws {
        guard let secret = client.clientSecret else { return }
        let clientId = client.clientId ?? ""
        guard let given, !given.isEmpty else {
            throw CognitoError.notAuthorized("Client \(clientId) is configured with secret but SECRET_HASH was not received")
        }
        let matches = usernames.contains { name in
            constantTimeEquals(Self.secretHash(username: name, clientId: clientId, clientSecret: secret), given)
        }
        guard matches else {
            throw CognitoError.notAuthorized(
                refresh ? "SecretHash does not match for the client: \(clientId)" : "Unable to verify secret hash for client \(clientId)")
        }
    }

    /// Whether the client's ExplicitAuthFlows allow `flow`. Without a list a client allows
    /// SRP, custom auth and refresh; a list of only legacy values keeps SRP and refresh.
    func checkFlowAllowed(_ flow: AuthFlowType, client: UserPoolClientType) throws {
        let allowed = client.explicitAuthFlows ?? AppClientSettings.defaultFlows
        let legacyOnly = allowed.allSatisfy(AppClientSettings.legacyFlows.contains)
        let permitted: Bool
        switch flow {
        case .userSrpAuth:
            permitted = allowed.contains(.allowUserSrpAuth) || (legacyOnly && !allowed.contains(.customAuthFlowOnly))
        case .userPasswordAuth:
            permitted = allowed.contains(.allowUserPasswordAuth) || allowed.contains(.userPasswordAuth)
        case .adminUserPasswordAuth, .adminNoSrpAuth:
            permitted = allowed.contains(.allowAdminUserPasswordAuth) || allowed.contains(.adminNoSrpAuth)
        case .refreshTokenAuth, .refreshToken:
            permitted = allowed.contains(.allowRefreshTokenAuth) || legacyOnly
        case .customAuth:
            permitted = allowed.contains(.allowCustomAuth) || allowed.contains(.customAuthFlowOnly) || legacyOnly
        case .userAuth:
            permitted = allowed.contains(.allowUserAuth)
        }
        guard permitted else {
            let name = flow == .refreshToken ? "REFRESH_TOKEN_AUTH" : flow == .adminNoSrpAuth ? "ADMIN_NO_SRP_AUTH" : flow.rawValue
            throw CognitoError.invalidParameter("\(name) flow not enabled for this client")
        }
    }

    /// Whether the client hides which users exist.
    func hidesUserExistence(_ client: UserPoolClientType) -> Bool {
        client.preventUserExistenceErrors == .enabled
    }
}
