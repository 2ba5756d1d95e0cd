import Foundation
import SigilCrypto
import SigilJSON

/// AssumeRoleWithWebIdentity for tokens from Sigil's identity issuer: the basic flow.
extension Engine {
    public struct WebIdentityFailure: Error, Equatable {
        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public struct WebIdentityCredentials: Sendable {
        public var credentials: Credentials
        public var grant: SessionGrant
        public var subject: String
        public var audience: String
        public var provider: String
        public var assumedRoleArn: String
        public var assumedRoleId: String
    }

    public func assumeRoleWithWebIdentity(roleArn: String, sessionName: String, token: String, duration: Int) async throws -> WebIdentityCredentials {
        guard (900...43_200).contains(duration) else {
            throw WebIdentityFailure(
                code: "ValidationError",
                message:
                    "1 validation error detected: Value '\(duration)' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200"
            )
        }
        let parts = roleArn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[5].hasPrefix("role/") else {
            throw WebIdentityFailure(code: "ValidationError", message: "\(roleArn) is not a role ARN.")
        }
        let keys = try await read { reader in try await existingIdentityKeys(reader: reader) }
        guard let keys else { throw WebIdentityFailure(code: "InvalidIdentityToken", message: "Couldn't verify signed token.") }
        let claims: [String: JSONValue]
        do {
            claims = try JWTValidator(keys: keys.verification, issuer: identityIssuer).validate(token, now: clock.now)
        } catch JWTError.expired {
            throw WebIdentityFailure(code: "ExpiredTokenException", message: "Token expired.")
        } catch JWTError.wrongIssuer {
            throw WebIdentityFailure(code: "InvalidIdentityToken", message: "The token's issuer is not Sigil's identity issuer (\(identityIssuer)).")
        } catch {
            throw WebIdentityFailure(code: "InvalidIdentityToken", message: "Couldn't verify signed token.")
        }
        let audience = claims["aud"]?.stringValue ?? ""
        guard let subject = claims["sub"]?.stringValue, let pool = try await read({ reader in try await reader.identityPool(id: audience) }) else {
            throw WebIdentityFailure(code: "InvalidIdentityToken", message: "The token names no identity pool Sigil holds.")
        }
        let tags = Self.tokenTags(claims)
        let amr = claims["amr"]?.arrayValue?.compactMap(\.stringValue) ?? []
        // Sigil keeps no trust policies; it stands in for the usual one: a guest's token may
        // assume the pool's unauthenticated role, a signed-in identity's its authenticated role.
        let trusted = pool.settings.roles[amr.contains("authenticated") ? "authenticated" : "unauthenticated"]
        guard trusted == roleArn else {
            throw WebIdentityFailure(
                code: "AccessDenied",
                message:
                    "Not authorized to perform sts:AssumeRoleWithWebIdentity: \(roleArn) is not the identity pool's \(amr.contains("authenticated") ? "authenticated" : "unauthenticated") role."
            )
        }
        let (credentials, grant) = try issueCredentials(
            identityId: subject, pool: pool, role: RoleDecision(roleArn: roleArn, reason: "the RoleArn of AssumeRoleWithWebIdentity"),
            principalTags: tags, amr: amr, lifetime: TimeInterval(duration))
        return WebIdentityCredentials(
            credentials: credentials, grant: grant, subject: subject, audience: audience, provider: identityIssuer,
            assumedRoleArn: Self.assumedRoleArn(roleArn, sessionName: sessionName),
            assumedRoleId: "AROA\(Identifiers.random(from: Self.awsIdAlphabet, count: 17)):\(sessionName)")
    }
}
