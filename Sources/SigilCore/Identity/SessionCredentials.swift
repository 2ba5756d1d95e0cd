import Foundation
import SigilCrypto
import SigilJSON

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

    /// The role's name, the last part of its ARN.
    public var roleName: String { Engine.roleName(roleArn) }

    /// The session's principal, as AWS names Cognito's: `arn:aws:sts::<account>:assumed-role/<role>/CognitoIdentityCredentials`.
    public var principalArn: String { Engine.assumedRoleArn(roleArn, sessionName: Engine.cognitoSessionName) }
}

extension Engine {
    /// The session name Cognito gives identity pool credentials.
    public static let cognitoSessionName = "CognitoIdentityCredentials"
    /// The alphabet of AWS's access key and role ids.
    static let awsIdAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    static func roleName(_ roleArn: String) -> String {
        roleArn.split(separator: "/").last.map(String.init) ?? roleArn
    }

    /// `arn:aws:sts::<account>:assumed-role/<role>/<session>` for a role ARN.
    static func assumedRoleArn(_ roleArn: String, sessionName: String) -> String {
        let account = roleArn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first ?? ""
        return "arn:aws:sts::\(account):assumed-role/\(roleName(roleArn))/\(sessionName)"
    }

    /// Principal tags a token of Sigil's identity issuer carries (`https://aws.amazon.com/tags`).
    static func tokenTags(_ claims: [String: JSONValue]) -> [String: String] {
        (claims["https://aws.amazon.com/tags"]?["principal_tags"]?.objectValue ?? [:]).compactMapValues {
            $0.arrayValue?.first?.stringValue ?? $0.stringValue
        }
    }

    private static let sessionTokenPrefix = "SGL1"
    static let sessionTokenContext = Array("sigil session token".utf8)

    /// New credentials for `grant`'s identity and role.
    func issueCredentials(
        identityId: String, pool: StoredIdentityPool, role: RoleDecision, principalTags: [String: String], amr: [String],
        lifetime: TimeInterval? = nil
    ) throws -> (Credentials, SessionGrant) {
        let lifetime = lifetime ?? configuration.credentialLifetime
        let now = clock.now
        let grant = SessionGrant(
            accessKeyId: "ASIA" + Identifiers.random(from: Self.awsIdAlphabet, count: 16),
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
