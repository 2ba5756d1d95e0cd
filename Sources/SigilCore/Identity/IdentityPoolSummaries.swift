import Foundation

/// An identity pool as the console lists it.
public struct IdentityPoolSummary: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var identities: Int
    public var allowsGuests: Bool
    /// Login providers: user pool clients, social, OpenID Connect, SAML and developer.
    public var providers: [String]
    public var roles: [String: String]

    public init(id: String, name: String, identities: Int, allowsGuests: Bool, providers: [String], roles: [String: String]) {
        self.id = id
        self.name = name
        self.identities = identities
        self.allowsGuests = allowsGuests
        self.providers = providers
        self.roles = roles
    }
}

extension Engine {
    /// Every identity pool, ordered by id.
    public func identityPoolSummaries() async throws -> [IdentityPoolSummary] {
        try await read { reader in
            var summaries: [IdentityPoolSummary] = []
            var after: String?
            while true {
                let page = try await reader.identityPools(after: after, limit: 100)
                for stored in page {
                    let pool = stored.pool
                    let providers =
                        (pool.cognitoIdentityProviders ?? []).compactMap(\.providerName) + (pool.supportedLoginProviders ?? [:]).keys.sorted()
                        + (pool.openIdConnectProviderARNs ?? []) + (pool.samlProviderARNs ?? []) + [pool.developerProviderName].compactMap { $0 }
                    await summaries.append(
                        IdentityPoolSummary(
                            id: stored.id, name: pool.identityPoolName, identities: try reader.identityCount(poolKey: stored.key),
                            allowsGuests: pool.allowUnauthenticatedIdentities, providers: providers, roles: stored.settings.roles))
                }
                guard page.count == 100 else { return summaries }
                after = page.last?.id
            }
        }
    }

    /// The `Logins` key for a user pool's tokens: `cognito-idp.<region>.amazonaws.com/<poolId>`.
    public static func loginKey(userPoolId: String) -> String {
        let region = userPoolId.split(separator: "_").first.map(String.init) ?? "us-east-1"
        return "cognito-idp.\(region).amazonaws.com/\(userPoolId)"
    }
}
