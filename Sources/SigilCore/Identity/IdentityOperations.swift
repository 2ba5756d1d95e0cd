import Foundation
import SigilCrypto

/// GetId, DescribeIdentity, ListIdentities, DeleteIdentities and UnlinkIdentity: the
/// identities of a pool and the logins linked to them.
extension Engine {
    static func identityNotFound(_ id: String) -> CognitoError {
        CognitoError(.resourceNotFoundException, "Identity '\(id)' not found.")
    }

    /// A new identity of a pool, stored.
    func newIdentity(in pool: StoredIdentityPool, writer: any DirectoryWriter) async throws -> IdentityRecord {
        let now = clock.now
        let identity = IdentityRecord(id: regionalId(), poolKey: pool.key, created: now, modified: now)
        try await writer.insertIdentity(identity)
        return identity
    }

    /// `<region>:<uuid>`, the form of identity pool and identity ids.
    func regionalId() -> String { "\(configuration.region):\(Identifiers.uuidV4())" }

    /// The identity and its pool.
    func requireIdentity(_ id: String, in reader: any DirectoryReader) async throws -> (IdentityRecord, StoredIdentityPool) {
        guard let identity = try await reader.identity(id: id), let pool = try await reader.identityPool(key: identity.poolKey) else {
            throw Self.identityNotFound(id)
        }
        return (identity, pool)
    }

    /// A guest identity when there are no logins (if the pool allows guests); else the
    /// identity the logins are linked to, made on first use. Logins linked to different
    /// identities are merged into the oldest of them.
    public func getId(_ request: GetIdInput) async throws -> GetIdResponse {
        try identityValidator.validate(request, operation: .getId)
        await prefetchOutsideKeys(request.logins, poolId: request.identityPoolId)
        return try await write { writer in
            let pool = try await requireIdentityPool(request.identityPoolId, in: writer)
            let logins = request.logins ?? [:]
            guard !logins.isEmpty else {
                guard pool.pool.allowUnauthenticatedIdentities else {
                    throw CognitoError.notAuthorized("Unauthenticated access is not supported for this identity pool.")
                }
                return await GetIdResponse(identityId: try newIdentity(in: pool, writer: writer).id)
            }
            let verified = try await verifyLogins(logins, pool: pool, reader: writer)
            return await GetIdResponse(identityId: try linkedIdentity(verified, pool: pool, writer: writer).id)
        }
    }

    /// The identity `verified` logins belong to, linking them all to it.
    func linkedIdentity(_ verified: [VerifiedLogin], pool: StoredIdentityPool, into existing: IdentityRecord? = nil, writer: any DirectoryWriter)
        async throws
        -> IdentityRecord
    {
        let now = clock.now
        var owners: [IdentityRecord] = existing.map { [$0] } ?? []
        // A developer token names its identity; it is not a login to link.
        for id in verified.compactMap(\.identityId) where !owners.contains(where: { $0.id == id }) {
            guard let identity = try await writer.identity(id: id), identity.poolKey == pool.key else { throw Self.loginsDontMatch }
            owners.append(identity)
        }
        let verified = verified.filter { $0.identityId == nil }
        for login in verified {
            if let id = try await writer.identityId(poolKey: pool.key, login: login.login), !owners.contains(where: { $0.id == id }),
                let identity = try await writer.identity(id: id)
            {
                owners.append(identity)
            }
        }
        var owner: IdentityRecord
        if let first = existing ?? owners.min(by: { $0.created < $1.created }) {
            owner = first
        } else {
            owner = try await newIdentity(in: pool, writer: writer)
        }
        // Merging: the other identities' logins move to the owner and they are gone.
        for other in owners where other.id != owner.id {
            for login in try await writer.logins(identityId: other.id) { try await writer.link(login, identityId: owner.id, poolKey: pool.key) }
            try await writer.deleteIdentity(id: other.id)
        }
        for login in verified { try await writer.link(login.login, identityId: owner.id, poolKey: pool.key) }
        if !verified.isEmpty || owners.count > (existing == nil ? 0 : 1) { owner.authenticated = true }
        owner.modified = now
        try await writer.updateIdentity(owner)
        return owner
    }

    public func describeIdentity(_ request: DescribeIdentityInput) async throws -> IdentityDescription {
        try identityValidator.validate(request, operation: .describeIdentity)
        return try await read { reader in
            let (identity, _) = try await requireIdentity(request.identityId, in: reader)
            return try await describe(identity, reader: reader)
        }
    }

    func describe(_ identity: IdentityRecord, reader: any DirectoryReader) async throws -> IdentityDescription {
        let providers = await Array(Set(try reader.logins(identityId: identity.id).map(\.provider))).sorted()
        return IdentityDescription(
            identityId: identity.id, logins: providers, creationDate: identity.created, lastModifiedDate: identity.modified)
    }

    public func listIdentities(_ request: ListIdentitiesInput) async throws -> ListIdentitiesResponse {
        try identityValidator.validate(request, operation: .listIdentities)
        let after = try request.nextToken.map { try PageToken.decode($0, field: "NextToken") }
        return try await read { reader in
            let pool = try await requireIdentityPool(request.identityPoolId, in: reader)
            let page = try await reader.identities(poolKey: pool.key, after: after, limit: request.maxResults + 1)
            let shown = page.prefix(request.maxResults)
            return ListIdentitiesResponse(
                identityPoolId: pool.id, identities: try await shown.asyncMap { try await describe($0, reader: reader) },
                nextToken: page.count > request.maxResults ? shown.last.map { PageToken.encode($0.id) } : nil)
        }
    }

    /// Deletes identities; ids that name none come back as unprocessed.
    public func deleteIdentities(_ request: DeleteIdentitiesInput) async throws -> DeleteIdentitiesResponse {
        try identityValidator.validate(request, operation: .deleteIdentities)
        let unprocessed = try await write { writer in
            var unprocessed: [UnprocessedIdentityId] = []
            for id in request.identityIdsToDelete {
                if try await writer.identity(id: id) != nil {
                    try await writer.deleteIdentity(id: id)
                } else {
                    unprocessed.append(UnprocessedIdentityId(identityId: id, errorCode: .internalServerError))
                }
            }
            return unprocessed
        }
        return DeleteIdentitiesResponse(unprocessedIdentityIds: unprocessed)
    }

    /// Unlinks logins from an identity; the current `Logins` must prove the caller owns it.
    public func unlinkIdentity(_ request: UnlinkIdentityInput) async throws {
        try identityValidator.validate(request, operation: .unlinkIdentity)
        await prefetchOutsideKeys(request.logins, identityId: request.identityId)
        try await write { writer in
            let (identity, pool) = try await requireIdentity(request.identityId, in: writer)
            let verified = try await verifyLogins(request.logins, pool: pool, reader: writer)
            let linked = await Set(try writer.logins(identityId: identity.id))
            guard verified.contains(where: { linked.contains($0.login) }) else { throw Self.loginsDontMatch }
            for provider in request.loginsToRemove {
                for login in linked where login.provider == provider { try await writer.unlink(login, poolKey: pool.key) }
            }
            var changed = identity
            changed.modified = clock.now
            try await writer.updateIdentity(changed)
        }
    }
}
