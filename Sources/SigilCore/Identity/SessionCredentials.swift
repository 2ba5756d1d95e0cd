import Foundation
import SigilCrypto

/// What a set of temporary credentials stands for. It travels sealed inside the session
/// token (AES-256-GCM under a key derived from the at-rest key), so Sigil can check a
/// request signed with the credentials later without having stored them, and any change
/// to the token is detected.
public struct SessionGrant: Codable, Sendable, Equatable {
    public var accessKeyId: String
    public var secretKey: String
    public var identityId: String
    public var identityPoolId: String
    public var roleArn: String
    /// Why this role (the default role, which rule, the token's role).
    public var roleReason: String
    public var principalTags: [String: String]
    /// `unauthenticated`, or `authenticated` and the providers signed in with.
    public var amr: [String]
    public var issued: Date
    public var expires: Date
}

extension Engine {
    private static let sessionTokenPrefix = "SGL1"
    private static let sessionTokenContext = Array("sigil session token".utf8)

    private var sessionTokenKey: [UInt8] {
        (try? HKDF.deriveKey(inputKeyMaterial: configuration.atRestKey, info: Self.sessionTokenContext, outputByteCount: 32)) ?? []
    }

    /// New credentials for `grant`'s identity and role.
    func issueCredentials(
        identityId: String, pool: StoredIdentityPool, role: RoleDecision, principalTags: [String: String], amr: [String],
        lifetime: TimeInterval? = nil
    ) throws -> (Credentials, SessionGrant) {
        let lifetime = lifetime ?? configuration.credentialLifetime
        let now = clock.now
        let grant = SessionGrant(
            accessKeyId: "ASIA" + Identifiers.random(from: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), count: 16),
            secretKey: Identifiers.random(from: Identifiers.alphanumerics + ["+", "/"], count: 40), identityId: identityId,
            identityPoolId: pool.id, roleArn: role.roleArn, roleReason: role.reason, principalTags: principalTags, amr: amr,
            issued: now, expires: now.addingTimeInterval(lifetime))
        let plain = try JSONCoding.encoder.encode(grant)
        let sealed = try AESGCM.seal([UInt8](plain), key: sessionTokenKey, authenticating: Self.sessionTokenContext)
        let token = Self.sessionTokenPrefix + Data(sealed).base64EncodedString()
        return (
            Credentials(accessKeyId: grant.accessKeyId, secretKey: grant.secretKey, sessionToken: token, expiration: grant.expires), grant
        )
    }

    /// What a session token stands for, if Sigil made it and nobody changed it (expired
    /// or not: the caller decides).
    public func openSessionToken(_ token: String) -> SessionGrant? {
        guard token.hasPrefix(Self.sessionTokenPrefix), let sealed = Data(base64Encoded: String(token.dropFirst(Self.sessionTokenPrefix.count))),
            let plain = try? AESGCM.open([UInt8](sealed), key: sessionTokenKey, authenticating: Self.sessionTokenContext)
        else { return nil }
        return try? JSONCoding.decoder.decode(SessionGrant.self, from: Data(plain))
    }
}
