import Foundation

/// Requests signed with Sigil's temporary credentials: the session token names the grant,
/// the grant's role's policies decide.
extension Engine {
    /// Why credentials can't be used at all (before any policy is asked).
    public enum CredentialProblem: Error, Equatable {
        case missingToken
        case invalidToken
        case wrongAccessKey
        case expired(Date)
    }

    /// The grant behind a session token, if the token is Sigil's, names this access key and
    /// has not expired.
    public func liveGrant(sessionToken: String?, accessKeyId: String) throws(CredentialProblem) -> SessionGrant {
        guard let sessionToken, !sessionToken.isEmpty else { throw .missingToken }
        guard let grant = openSessionToken(sessionToken) else { throw .invalidToken }
        guard grant.accessKeyId == accessKeyId else { throw .wrongAccessKey }
        guard clock.now < grant.expires else { throw .expired(grant.expires) }
        return grant
    }

    /// The role's policies on an action and resource, with the grant's context keys and
    /// the request's own.
    public func authorize(_ grant: SessionGrant, action: String, resource: String, context extra: [String: [String]] = [:], sourceIp: String? = nil)
        async throws -> PolicyDecision
    {
        let context = context(for: grant, sourceIp: sourceIp).merging(extra) { _, new in new }
        return try await simulate(roleArn: grant.roleArn, action: action, resource: resource, context: context)
    }
}
