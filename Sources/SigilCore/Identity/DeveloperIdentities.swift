import Foundation

/// Developer-authenticated identities: the app's own backend vouches for its users by
/// their developer user identifier under the pool's DeveloperProviderName.
extension Engine {
    /// The `amr` entry that marks a developer-authenticated identity's token.
    static func developerMarker(poolId: String, provider: String) -> String { "\(developerLoginKey):\(poolId):\(provider)" }

    /// The pool's developer provider, which a request must name.
    private func developerProvider(_ pool: StoredIdentityPool, named name: String? = nil) throws -> String {
        guard let provider = pool.pool.developerProviderName else {
            throw CognitoError.invalidParameter("The identity pool \(pool.id) has no DeveloperProviderName.")
        }
        if let name, name != provider {
            throw CognitoError.invalidParameter("Developer provider \(name) is not the identity pool's (\(provider)).")
        }
        return provider
    }

    /// Registers (or finds) the identity of a developer user identifier, links any other
    /// logins given, and returns a token the app hands to its client.
    public func getOpenIdTokenForDeveloperIdentity(_ request: GetOpenIdTokenForDeveloperIdentityInput) async throws
        -> GetOpenIdTokenForDeveloperIdentityResponse
    {
        try identityValidator.validate(request, operation: .getOpenIdTokenForDeveloperIdentity)
        let lifetime = request.tokenDuration ?? Self.developerTokenLifetime
        await prefetchOutsideKeys(request.logins, poolId: request.identityPoolId)
        return try await write { writer in
            let pool = try await requireIdentityPool(request.identityPoolId, in: writer)
            let provider = try developerProvider(pool)
            guard let userIdentifier = request.logins[provider] else {
                throw CognitoError.invalidParameter("Logins must hold the developer provider \(provider) with the developer user identifier.")
            }
            let login = IdentityLogin(provider: provider, subject: userIdentifier)
            let registered = try await writer.identityId(poolKey: pool.key, login: login)
            var existing: IdentityRecord?
            if let wanted = request.identityId {
                guard let identity = try await writer.identity(id: wanted), identity.poolKey == pool.key else { throw Self.identityNotFound(wanted) }
                if let registered, registered != wanted {
                    throw CognitoError(
                        .developerUserAlreadyRegisteredException,
                        "The provided developer user identifier is already registered with Cognito under a different identity ID.")
                }
                existing = identity
            } else if let registered {
                existing = try await writer.identity(id: registered)
            }
            var others = request.logins
            others.removeValue(forKey: provider)
            let verified = try await verifyLogins(others, pool: pool, reader: writer)
            let developer = VerifiedLogin(login: login, mappingKey: provider, claims: ["sub": .string(userIdentifier)])
            let identity = try await linkedIdentity(verified + [developer], pool: pool, into: existing, writer: writer)
            let token = try await openIdToken(
                identityId: identity.id, poolId: pool.id,
                amr: ["authenticated", Self.developerLoginKey, Self.developerMarker(poolId: pool.id, provider: provider)],
                lifetime: lifetime, principalTags: request.principalTags ?? [:], writer: writer)
            return GetOpenIdTokenForDeveloperIdentityResponse(identityId: identity.id, token: token)
        }
    }

    /// An identity's developer user identifiers, or the identity of one.
    public func lookupDeveloperIdentity(_ request: LookupDeveloperIdentityInput) async throws -> LookupDeveloperIdentityResponse {
        try identityValidator.validate(request, operation: .lookupDeveloperIdentity)
        return try await read { reader in
            let pool = try await requireIdentityPool(request.identityPoolId, in: reader)
            let provider = try developerProvider(pool)
            var identityId = request.identityId
            if let userIdentifier = request.developerUserIdentifier {
                guard let found = try await reader.identityId(poolKey: pool.key, login: IdentityLogin(provider: provider, subject: userIdentifier))
                else {
                    throw CognitoError.resourceNotFound("No identity has the developer user identifier \(userIdentifier).")
                }
                if let identityId, identityId != found {
                    throw CognitoError.invalidParameter("The developer user identifier belongs to \(found), not \(identityId).")
                }
                identityId = found
            }
            guard let identityId else { throw CognitoError.invalidParameter("Give IdentityId or DeveloperUserIdentifier.") }
            guard let identity = try await reader.identity(id: identityId), identity.poolKey == pool.key else {
                throw Self.identityNotFound(identityId)
            }
            let identifiers = try await reader.logins(identityId: identity.id).filter { $0.provider == provider }.map(\.subject)
            // Paged by position in the (sorted) list.
            let start =
                try request.nextToken.map { token -> Int in
                    guard let position = Int(try PageToken.decode(token, field: "NextToken")), position >= 0 else {
                        throw CognitoError.invalidParameter("Invalid NextToken: the token was not issued by this service.")
                    }
                    return position
                } ?? 0
            let limit = request.maxResults ?? 60
            let page = Array(identifiers.dropFirst(start).prefix(limit))
            let next = start + page.count < identifiers.count ? PageToken.encode(String(start + page.count)) : nil
            return LookupDeveloperIdentityResponse(identityId: identity.id, developerUserIdentifierList: page, nextToken: next)
        }
    }

    /// Moves the source user's identity (all its logins) into the destination user's.
    public func mergeDeveloperIdentities(_ request: MergeDeveloperIdentitiesInput) async throws -> MergeDeveloperIdentitiesResponse {
        try identityValidator.validate(request, operation: .mergeDeveloperIdentities)
        return try await write { writer in
            let pool = try await requireIdentityPool(request.identityPoolId, in: writer)
            let provider = try developerProvider(pool, named: request.developerProviderName)
            func identity(of userIdentifier: String) async throws -> String {
                guard let id = try await writer.identityId(poolKey: pool.key, login: IdentityLogin(provider: provider, subject: userIdentifier))
                else {
                    throw CognitoError.resourceNotFound("No identity has the developer user identifier \(userIdentifier).")
                }
                return id
            }
            let source = try await identity(of: request.sourceUserIdentifier)
            let destination = try await identity(of: request.destinationUserIdentifier)
            if source != destination {
                for login in try await writer.logins(identityId: source) { try await writer.link(login, identityId: destination, poolKey: pool.key) }
                try await writer.deleteIdentity(id: source)
                if var merged = try await writer.identity(id: destination) {
                    merged.modified = clock.now
                    try await writer.updateIdentity(merged)
                }
            }
            return MergeDeveloperIdentitiesResponse(identityId: destination)
        }
    }

    public func unlinkDeveloperIdentity(_ request: UnlinkDeveloperIdentityInput) async throws {
        try identityValidator.validate(request, operation: .unlinkDeveloperIdentity)
        try await write { writer in
            let pool = try await requireIdentityPool(request.identityPoolId, in: writer)
            let provider = try developerProvider(pool, named: request.developerProviderName)
            let login = IdentityLogin(provider: provider, subject: request.developerUserIdentifier)
            guard try await writer.identityId(poolKey: pool.key, login: login) == request.identityId else {
                throw CognitoError.resourceNotFound("The developer user identifier is not linked to \(request.identityId).")
            }
            try await writer.unlink(login, poolKey: pool.key)
        }
    }

    // MARK: Tags

    private func taggedPool(_ arn: String, in reader: any DirectoryReader) async throws -> StoredIdentityPool {
        let prefix = "arn:aws:cognito-identity:\(configuration.region):\(configuration.accountId):identitypool/"
        guard arn.hasPrefix(prefix) else { throw CognitoError.invalidParameter("\(arn) is not an identity pool ARN.") }
        return try await requireIdentityPool(String(arn.dropFirst(prefix.count)), in: reader)
    }

    public func tagResource(_ request: TagResourceInput) async throws -> TagResourceResponse {
        try identityValidator.validate(request, operation: IdentityOperationName.tagResource)
        try await write { writer in
            var pool = try await taggedPool(request.resourceArn, in: writer)
            pool.pool.identityPoolTags = (pool.pool.identityPoolTags ?? [:]).merging(request.tags) { _, new in new }
            try await writer.updateIdentityPool(pool)
        }
        return TagResourceResponse()
    }

    public func untagResource(_ request: UntagResourceInput) async throws -> UntagResourceResponse {
        try identityValidator.validate(request, operation: IdentityOperationName.untagResource)
        try await write { writer in
            var pool = try await taggedPool(request.resourceArn, in: writer)
            pool.pool.identityPoolTags = (pool.pool.identityPoolTags ?? [:]).filter { !request.tagKeys.contains($0.key) }
            try await writer.updateIdentityPool(pool)
        }
        return UntagResourceResponse()
    }

    public func listTagsForResource(_ request: ListTagsForResourceInput) async throws -> ListTagsForResourceResponse {
        try identityValidator.validate(request, operation: IdentityOperationName.listTagsForResource)
        return await ListTagsForResourceResponse(
            tags: try read { reader in try await taggedPool(request.resourceArn, in: reader).pool.identityPoolTags ?? [:] })
    }
}
