import Foundation

extension Engine {
    public func createUserPoolClient(_ request: CreateUserPoolClientRequest) async throws -> CreateUserPoolClientResponse {
        try validator.validate(request, operation: .createUserPoolClient)
        let now = clock.now
        let client = try await write { writer -> UserPoolClientType in
            let stored = try await requirePool(request.userPoolId, in: writer)
            var client = UserPoolClientType(
                userPoolId: stored.id, clientName: request.clientName, clientId: Identifiers.clientId(),
                lastModifiedDate: now, creationDate: now)
            if request.generateSecret == true {
                client.clientSecret = request.clientSecret ?? Identifiers.clientSecret()
            } else if request.clientSecret != nil {
                throw CognitoError.invalidParameter("ClientSecret can only be set when GenerateSecret is true.")
            }
            try AppClientSettings(
                refreshTokenValidity: request.refreshTokenValidity, accessTokenValidity: request.accessTokenValidity,
                idTokenValidity: request.idTokenValidity, tokenValidityUnits: request.tokenValidityUnits,
                readAttributes: request.readAttributes, writeAttributes: request.writeAttributes,
                explicitAuthFlows: request.explicitAuthFlows, supportedIdentityProviders: request.supportedIdentityProviders,
                callbackURLs: request.callbackURLs, logoutURLs: request.logoutURLs,
                defaultRedirectURI: request.defaultRedirectURI, allowedOAuthFlows: request.allowedOAuthFlows,
                allowedOAuthScopes: request.allowedOAuthScopes,
                allowedOAuthFlowsUserPoolClient: request.allowedOAuthFlowsUserPoolClient,
                analyticsConfiguration: request.analyticsConfiguration,
                preventUserExistenceErrors: request.preventUserExistenceErrors,
                enableTokenRevocation: request.enableTokenRevocation,
                enablePropagateAdditionalUserContextData: request.enablePropagateAdditionalUserContextData,
                authSessionValidity: request.authSessionValidity, refreshTokenRotation: request.refreshTokenRotation
            ).apply(to: &client, pool: stored.pool, customScopes: try await customScopes(poolKey: stored.key, in: writer))
            try await writer.insertClient(poolKey: stored.key, client)
            return client
        }
        return CreateUserPoolClientResponse(userPoolClient: client)
    }

    public func describeUserPoolClient(_ request: DescribeUserPoolClientRequest) async throws -> DescribeUserPoolClientResponse {
        try validator.validate(request, operation: .describeUserPoolClient)
        let client = try await read { reader in try await requireClient(request.clientId, poolId: request.userPoolId, in: reader) }
        return DescribeUserPoolClientResponse(userPoolClient: client)
    }

    public func listUserPoolClients(_ request: ListUserPoolClientsRequest) async throws -> ListUserPoolClientsResponse {
        try validator.validate(request, operation: .listUserPoolClients)
        let limit = request.maxResults ?? 60
        let after = try request.nextToken.map { try PageToken.decode($0, field: "NextToken") }
        let page = try await read { reader -> [UserPoolClientType] in
            let stored = try await requirePool(request.userPoolId, in: reader)
            return try await reader.clients(poolKey: stored.key, after: after, limit: limit + 1)
        }
        let shown = page.prefix(limit)
        return ListUserPoolClientsResponse(
            userPoolClients: shown.map {
                UserPoolClientDescription(clientId: $0.clientId, userPoolId: $0.userPoolId, clientName: $0.clientName)
            },
            nextToken: page.count > limit ? shown.last?.clientId.map(PageToken.encode) : nil)
    }

    public func updateUserPoolClient(_ request: UpdateUserPoolClientRequest) async throws -> UpdateUserPoolClientResponse {
        try validator.validate(request, operation: .updateUserPoolClient)
        let client = try await write { writer -> UserPoolClientType in
            let stored = try await requirePool(request.userPoolId, in: writer)
            let existing = try await requireClient(request.clientId, poolId: request.userPoolId, in: writer)
            var client = UserPoolClientType(
                userPoolId: existing.userPoolId, clientName: request.clientName ?? existing.clientName,
                clientId: existing.clientId, clientSecret: existing.clientSecret,
                lastModifiedDate: clock.now, creationDate: existing.creationDate)
            try AppClientSettings(
                refreshTokenValidity: request.refreshTokenValidity, accessTokenValidity: request.accessTokenValidity,
                idTokenValidity: request.idTokenValidity, tokenValidityUnits: request.tokenValidityUnits,
                readAttributes: request.readAttributes, writeAttributes: request.writeAttributes,
                explicitAuthFlows: request.explicitAuthFlows, supportedIdentityProviders: request.supportedIdentityProviders,
                callbackURLs: request.callbackURLs, logoutURLs: request.logoutURLs,
                defaultRedirectURI: request.defaultRedirectURI, allowedOAuthFlows: request.allowedOAuthFlows,
                allowedOAuthScopes: request.allowedOAuthScopes,
                allowedOAuthFlowsUserPoolClient: request.allowedOAuthFlowsUserPoolClient,
                analyticsConfiguration: request.analyticsConfiguration,
                preventUserExistenceErrors: request.preventUserExistenceErrors,
                enableTokenRevocation: request.enableTokenRevocation,
                enablePropagateAdditionalUserContextData: request.enablePropagateAdditionalUserContextData,
                authSessionValidity: request.authSessionValidity, refreshTokenRotation: request.refreshTokenRotation
            ).apply(to: &client, pool: stored.pool, customScopes: try await customScopes(poolKey: stored.key, in: writer))
            try await writer.updateClient(client)
            return client
        }
        return UpdateUserPoolClientResponse(userPoolClient: client)
    }

    public func deleteUserPoolClient(_ request: DeleteUserPoolClientRequest) async throws {
        try validator.validate(request, operation: .deleteUserPoolClient)
        try await write { writer in
            _ = try await requirePool(request.userPoolId, in: writer)
            _ = try await requireClient(request.clientId, poolId: request.userPoolId, in: writer)
            try await writer.deleteClient(id: request.clientId)
        }
    }

    /// The app client with this id in this pool, or ResourceNotFoundException.
    func requireClient(_ clientId: String, poolId: String, in reader: any DirectoryReader) async throws -> UserPoolClientType {
        guard try await reader.pool(id: poolId) != nil else { throw CognitoError.userPoolNotFound(poolId) }
        guard let client = try await reader.client(id: clientId), client.userPoolId == poolId else {
            throw CognitoError.clientNotFound(clientId)
        }
        return client
    }
}
