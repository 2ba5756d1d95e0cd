import Foundation

/// CreateIdentityPool, DescribeIdentityPool, ListIdentityPools, UpdateIdentityPool and
/// DeleteIdentityPool.
extension Engine {
    static func identityPoolNotFound(_ id: String) -> CognitoError {
        CognitoError(.resourceNotFoundException, "IdentityPool '\(id)' not found.")
    }

    func requireIdentityPool(_ id: String, in reader: any DirectoryReader) async throws -> StoredIdentityPool {
        guard let pool = try await reader.identityPool(id: id) else { throw Self.identityPoolNotFound(id) }
        return pool
    }

    public func createIdentityPool(_ request: CreateIdentityPoolInput) async throws -> IdentityPool {
        try identityValidator.validate(request, operation: .createIdentityPool)
        let pool = IdentityPool(
            identityPoolId: regionalId(), identityPoolName: request.identityPoolName,
            allowUnauthenticatedIdentities: request.allowUnauthenticatedIdentities, allowClassicFlow: request.allowClassicFlow,
            supportedLoginProviders: request.supportedLoginProviders, developerProviderName: request.developerProviderName,
            openIdConnectProviderARNs: request.openIdConnectProviderARNs, cognitoIdentityProviders: request.cognitoIdentityProviders,
            samlProviderARNs: request.samlProviderARNs, identityPoolTags: request.identityPoolTags)
        try Self.checkProviders(pool)
        let now = clock.now
        try await write { writer in _ = try await writer.insertIdentityPool(StoredIdentityPool(pool: pool, created: now)) }
        return pool
    }

    public func describeIdentityPool(_ request: DescribeIdentityPoolInput) async throws -> IdentityPool {
        try identityValidator.validate(request, operation: .describeIdentityPool)
        return try await read { reader in try await requireIdentityPool(request.identityPoolId, in: reader).pool }
    }

    public func listIdentityPools(_ request: ListIdentityPoolsInput) async throws -> ListIdentityPoolsResponse {
        try identityValidator.validate(request, operation: .listIdentityPools)
        let after = try request.nextToken.map { try PageToken.decode($0, field: "NextToken") }
        let pools = try await read { reader in try await reader.identityPools(after: after, limit: request.maxResults + 1) }
        let shown = pools.prefix(request.maxResults)
        return ListIdentityPoolsResponse(
            identityPools: shown.map { IdentityPoolShortDescription(identityPoolId: $0.id, identityPoolName: $0.pool.identityPoolName) },
            nextToken: pools.count > request.maxResults ? shown.last.map { PageToken.encode($0.id) } : nil)
    }

    /// UpdateIdentityPool replaces the description whole, as Cognito does: what the
    /// request leaves out is cleared. The developer provider name can't change once set.
    public func updateIdentityPool(_ request: IdentityPool) async throws -> IdentityPool {
        try identityValidator.validate(request, operation: .updateIdentityPool)
        try Self.checkProviders(request)
        return try await write { writer in
            var stored = try await requireIdentityPool(request.identityPoolId, in: writer)
            var updated = request
            // Left out, the developer provider name stays; once set, it can't change.
            if let current = stored.pool.developerProviderName {
                if updated.developerProviderName == nil { updated.developerProviderName = current }
                guard updated.developerProviderName == current else {
                    throw CognitoError.invalidParameter("Developer provider name cannot be changed once set.")
                }
            }
            if updated.identityPoolTags == nil { updated.identityPoolTags = stored.pool.identityPoolTags }
            stored.pool = updated
            try await writer.updateIdentityPool(stored)
            return updated
        }
    }

    public func deleteIdentityPool(_ request: DeleteIdentityPoolInput) async throws {
        try identityValidator.validate(request, operation: .deleteIdentityPool)
        try await write { writer in
            let stored = try await requireIdentityPool(request.identityPoolId, in: writer)
            try await writer.deleteIdentityPool(key: stored.key)
        }
    }

    /// What the model's patterns leave open: a user pool provider is named
    /// `cognito-idp.<region>.amazonaws.com/<userPoolId>` and has a client.
    static func checkProviders(_ pool: IdentityPool) throws {
        for provider in pool.cognitoIdentityProviders ?? [] {
            guard let name = provider.providerName, UserPoolProvider(name) != nil, provider.clientId?.isEmpty == false else {
                throw CognitoError.invalidParameter("Invalid Cognito Identity Provider")
            }
        }
    }
}

/// A Cognito user pool as an identity provider: `cognito-idp.<region>.amazonaws.com/<poolId>`.
struct UserPoolProvider: Equatable {
    var region: String
    var poolId: String

    init?(_ name: String) {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].hasPrefix("cognito-idp."), parts[0].hasSuffix(".amazonaws.com") else { return nil }
        let region = parts[0].dropFirst("cognito-idp.".count).dropLast(".amazonaws.com".count)
        guard !region.isEmpty, parts[1].contains("_") else { return nil }
        self.region = String(region)
        poolId = String(parts[1])
    }

    var name: String { "cognito-idp.\(region).amazonaws.com/\(poolId)" }
}
