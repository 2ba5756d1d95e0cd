import Foundation

/// Resource servers: an API's identifier and the custom scopes app clients may ask for
/// (`identifier/scope` in AllowedOAuthScopes and in access tokens).
extension Engine {
    /// Cognito's quota of resource servers in a pool.
    static let maxResourceServersPerPool = 25

    public func createResourceServer(_ request: CreateResourceServerRequest) async throws -> CreateResourceServerResponse {
        try validator.validate(request, operation: .createResourceServer)
        try Self.checkScopes(request.scopes)
        let server = ResourceServerType(userPoolId: request.userPoolId, identifier: request.identifier, name: request.name, scopes: request.scopes)
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            if try await writer.resourceServer(poolKey: stored.key, identifier: request.identifier) != nil {
                throw CognitoError.invalidParameter("\(request.identifier) already exists in user pool \(request.userPoolId).")
            }
            if try await writer.resourceServerCount(poolKey: stored.key) >= Self.maxResourceServersPerPool {
                throw CognitoError(.limitExceededException, "The user pool already has \(Self.maxResourceServersPerPool) resource servers.")
            }
            try await writer.insertResourceServer(poolKey: stored.key, server)
        }
        return CreateResourceServerResponse(resourceServer: server)
    }

    public func describeResourceServer(_ request: DescribeResourceServerRequest) async throws -> DescribeResourceServerResponse {
        try validator.validate(request, operation: .describeResourceServer)
        let server = try await read { reader in
            try await requireResourceServer(request.identifier, poolId: request.userPoolId, in: reader).server
        }
        return DescribeResourceServerResponse(resourceServer: server)
    }

    /// Replaces the name and the scopes: scopes left out are gone. Clients keep the scopes
    /// they were given; a scope that no longer exists is left out of their tokens.
    public func updateResourceServer(_ request: UpdateResourceServerRequest) async throws -> UpdateResourceServerResponse {
        try validator.validate(request, operation: .updateResourceServer)
        try Self.checkScopes(request.scopes)
        let server = ResourceServerType(userPoolId: request.userPoolId, identifier: request.identifier, name: request.name, scopes: request.scopes)
        try await write { writer in
            let (stored, _) = try await requireResourceServer(request.identifier, poolId: request.userPoolId, in: writer)
            try await writer.updateResourceServer(poolKey: stored.key, server)
        }
        return UpdateResourceServerResponse(resourceServer: server)
    }

    public func deleteResourceServer(_ request: DeleteResourceServerRequest) async throws {
        try validator.validate(request, operation: .deleteResourceServer)
        try await write { writer in
            let (stored, _) = try await requireResourceServer(request.identifier, poolId: request.userPoolId, in: writer)
            try await writer.deleteResourceServer(poolKey: stored.key, identifier: request.identifier)
        }
    }

    /// Resource servers ordered by identifier, `MaxResults` (at most 50) a page.
    public func listResourceServers(_ request: ListResourceServersRequest) async throws -> ListResourceServersResponse {
        try validator.validate(request, operation: .listResourceServers)
        let limit = request.maxResults ?? 50
        let after = try request.nextToken.map { try PageToken.decode($0, field: "NextToken") }
        let page = try await read { reader -> [ResourceServerType] in
            let stored = try await requirePool(request.userPoolId, in: reader)
            return try await reader.resourceServers(poolKey: stored.key, after: after, limit: limit + 1)
        }
        let shown = Array(page.prefix(limit))
        return ListResourceServersResponse(
            resourceServers: shown, nextToken: page.count > limit ? shown.last?.identifier.map(PageToken.encode) : nil)
    }

    /// The custom scopes (`identifier/scope`) the pool's resource servers offer.
    func customScopes(poolKey: Int64, in reader: any DirectoryReader) async throws -> Set<String> {
        let servers = try await reader.resourceServers(poolKey: poolKey, after: nil, limit: Self.maxResourceServersPerPool)
        return Set(servers.flatMap { server in (server.scopes ?? []).map { "\(server.identifier ?? "")/\($0.scopeName)" } })
    }

    private func requireResourceServer(_ identifier: String, poolId: String, in reader: any DirectoryReader) async throws -> (
        pool: StoredPool, server: ResourceServerType
    ) {
        let stored = try await requirePool(poolId, in: reader)
        guard let server = try await reader.resourceServer(poolKey: stored.key, identifier: identifier) else {
            throw CognitoError(.resourceNotFoundException, "Resource server \(identifier) does not exist.")
        }
        return (stored, server)
    }

    /// Scope names are unique within a server.
    private static func checkScopes(_ scopes: [ResourceServerScopeType]?) throws {
        var seen: Set<String> = []
        for scope in scopes ?? [] where !seen.insert(scope.scopeName).inserted {
            throw CognitoError.invalidParameter("Scope \(scope.scopeName) is given more than once.")
        }
    }
}
