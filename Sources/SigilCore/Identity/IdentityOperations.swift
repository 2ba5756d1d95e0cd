import Foundation
import SigilCrypto

/// GetId, DescribeIdentity, ListIdentities, DeleteIdentities and UnlinkIdentity: the
/// identities of a pool and the logins linked to them.
extension Engine {
    static func identityNotFound(_ id: String) -> CognitoError {
        CognitoError(.resourceNotFoundException, "Identity '\(id)' not found.")
    }

    /// A new identity of a pool, stored.
    func newIdentity(in pool: StoredIdentityPool, writer: any DirectoryWriter) throws -> IdentityRecord {
        let now = clock.now
        let identity = IdentityRecord(id: regionalId(), poolKey: pool.key, created: now, modified: now)
        try writer.insertIdentity(identity)
        return identity
    }

    /// `<region>:<uuid>`, the form of identity pool and identity ids.
    func regionalId() -> String { "\(configuration.region):\(Identifiers.uuidV4())" }

    /// The identity and its pool.
    func requireIdentity(_ id: String, in reader: any DirectoryReader) throws -> (IdentityRecord, StoredIdentityPool) {
        guard let identity = try reader.identity(id: id), let pool = try reader.identityPool(key: identity.poolKey) else {
            throw Self.identityNotFound(id)
        }
        return (identity, pool)
    }

    /// A guest identity when there are no logins (if the pool allows guests); else the
    /// identity the logins are linked to, made on first use. Logins linked to different
    /// identities are merged into the oldest of them.
    public func getId(_ request: GetIdInput) throws -> GetIdResponse {
        try identityValidator.validate(request, operation: .getId)
        prefetchOutsideKeys(request.logins, poolId: request.identityPoolId)
        return try write { writer in
            let pool = try requireIdentityPool(request.identityPoolId, in: writer)
            let logins = request.logins ?? [:]
            guard !logins.isEmpty else {
                guard pool.pool.allowUnauthenticatedIdentities else {
                    throw CognitoError.notAuthorized("Unauthenticated access is not supported for this identity pool.")
                }
                return GetIdResponse(identityId: try newIdentity(in: pool, writer: writer).id)
            }
            let verified = try verifyLogins(logins, pool: pool, reader: writer)
            return GetIdResponse(identityId: try linkedIdentity(verified, pool: pool, writer: writer).id)
        }
    }

    /// The identity `verified` logins belong to, linking them all to it.
    func linkedIdentity(_ verified: [VerifiedLogin], pool: StoredIdentityPool, into existing: IdentityRecord? = nil, writer: any DirectoryWriter)
        throws
        -> IdentityRecord
    {
        let now = clock.now
        var owners: [IdentityRecord] = existing.map { [$0] } ?? []
        // A developer token names its identity; it is not a login to link.
        for id in verified.compactMap(\.identityId) where !owners.contains(where: { $0.id == id }) {
            guard let identity = try writer.identity(id: id), identity.poolKey == pool.key else { throw Self.loginsDontMatch }
            owners.append(identity)
        }
        let verified = verified.filter { $0.identityId == nil }
        for login in verified {
            if let id = try writer.identityId(poolKey: pool.key, login: login.login), !owners.contains(where: { $0.id == id }),
                let identity = try writer.identity(id: id)
            {
                owners.append(identity)
            }
        }
        var owner: IdentityRecord
        if let first = existing ?? owners.min(by: { $0.created < $1.created }) {
            owner = first
        } else {
            owner = try newIdentity(in: pool, writer: writer)
        }
        // Merging: the other identities' logins move to the owner and they are gone.
        for other in owners where other.id != owner.id {
            for login in try writer.logins(identityId: other.id) { try writer.link(login, identityId: owner.id, poolKey: pool.key) }
            try writer.deleteIdentity(id: other.id)
        }
        for login in verified { try writer.link(login.login, identityId: owner.id, poolKey: pool.key) }
        if !verified.isEmpty || owners.count > (existing == nil ? 0 : 1) { owner.authenticated = true }
        owner.modified = now
        try writer.updateIdentity(owner)
        return owner
    }

    public func describeIdentity(_ request: DescribeIdentityInput) throws -> IdentityDescription {
        try identityValidator.validate(request, operation: .describeIdentity)
        return try read { reader in
            let (identity, _) = try requireIdentity(request.identityId, in: reader)
            return try describe(identity, reader: reader)
        }
    }

    func describe(_ identity: IdentityRecord, reader: any DirectoryReader) throws -> IdentityDescription {
        let providers = Array(Set(try reader.logins(identityId: identity.id).map(\.provider))).sorted()
        return IdentityDescription(
            identityId: identity.id, logins: providers, creationDate: identity.created, lastModifiedDate: identity.modified)
    }

    public func listIdentities(_ request: ListIdentitiesInput) throws -> ListIdentitiesResponse {
        try identityValidator.validate(request, operation: .listIdentities)
        let after = try request.nextToken.map { try PageToken.decode($0, field: "NextToken") }
        return try read { reader in
            let pool = try requireIdentityPool(request.identityPoolId, in: reader)
            let page = try reader.identities(poolKey: pool.key, after: after, limit: request.maxResults + 1)
            let shown = page.prefix(request.maxResults)
            return ListIdentitiesResponse(
                identityPoolId: pool.id, identities: try shown.map { try describe($0, reader: reader) },
                nextToken: page.count > request.maxResults ? shown.last.map { PageToken.encode($0.id) } : nil)
        }
    }

    /// Deletes identities; ids that name none come back as unprocessed.
    public func deleteIdentities(_ request: DeleteIdentitiesInput) throws -> DeleteIdentitiesResponse {
        try identityValidator.validate(request, operation: .deleteIdentities)
        let unprocessed = try write { writer in
            try request.identityIdsToDelete.compactMap { id -> UnprocessedIdentityId? in
                guard try writer.identity(id: id) != nil else { return UnprocessedIdentityId(identityId: id, errorCode: .internalServerError) }
                try writer.deleteIdentity(id: id)
                return nil
            }
        }
        return DeleteIdentitiesResponse(unprocessedIdentityIds: unprocessed)
    }

    /// Unlinks logins from an identity; the current `Logins` must prove the caller owns it.
    public func unlinkIdentity(_ request: UnlinkIdentityInput) throws {
        try identityValidator.validate(request, operation: .unlinkIdentity)
        prefetchOutsideKeys(request.logins, identityId: request.identityId)
        try write { writer in
            let (identity, pool) = try requireIdentity(request.identityId, in: writer)
            let verified = try verifyLogins(request.logins, pool: pool, reader: writer)
            let linked = Set(try writer.logins(identityId: identity.id))
            guard verified.contains(where: { linked.contains($0.login) }) else { throw Self.loginsDontMatch }
            for provider in request.loginsToRemove {
                for login in linked where login.provider == provider { try writer.unlink(login, poolKey: pool.key) }
            }
            var changed = identity
            changed.modified = clock.now
            try writer.updateIdentity(changed)
        }
    }
}
