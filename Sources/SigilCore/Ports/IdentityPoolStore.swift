import Foundation

/// Queries over identity pools and their identities (part of every directory reader).
public protocol IdentityPoolReader {
    func identityPool(id: String) async throws -> StoredIdentityPool?
    func identityPool(key: Int64) async throws -> StoredIdentityPool?
    /// Identity pools ordered by id, starting after `id`.
    func identityPools(after id: String?, limit: Int) async throws -> [StoredIdentityPool]
    func identity(id: String) async throws -> IdentityRecord?
    /// A pool's identities ordered by id, starting after `id`.
    func identities(poolKey: Int64, after id: String?, limit: Int) async throws -> [IdentityRecord]
    func identityCount(poolKey: Int64) async throws -> Int
    /// The identity a login is linked to in a pool, if any.
    func identityId(poolKey: Int64, login: IdentityLogin) async throws -> String?
    /// The logins linked to an identity.
    func logins(identityId: String) async throws -> [IdentityLogin]
    /// The keys of Sigil's identity token issuer (GetOpenIdToken), oldest first.
    func identitySigningKeys() async throws -> [SigningKeyRecord]
    func oidcProvider(arn: String) async throws -> OIDCProvider?
    func oidcProviders() async throws -> [OIDCProvider]
    func role(arn: String) async throws -> IAMRole?
    /// Roles ordered by name.
    func roles() async throws -> [IAMRole]
}

/// Changes to identity pools and identities (part of every directory writer).
public protocol IdentityPoolWriter: IdentityPoolReader {
    /// Stores a new identity pool; returns its store key.
    func insertIdentityPool(_ pool: StoredIdentityPool) async throws -> Int64
    func updateIdentityPool(_ pool: StoredIdentityPool) async throws
    /// Deletes the pool with its identities and logins.
    func deleteIdentityPool(key: Int64) async throws
    func insertIdentity(_ identity: IdentityRecord) async throws
    func updateIdentity(_ identity: IdentityRecord) async throws
    /// Deletes an identity and its logins.
    func deleteIdentity(id: String) async throws
    /// Links a login to an identity (moving it from any other identity of the pool).
    func link(_ login: IdentityLogin, identityId: String, poolKey: Int64) async throws
    func unlink(_ login: IdentityLogin, poolKey: Int64) async throws
    func insertIdentitySigningKey(_ record: SigningKeyRecord) async throws
    func putOIDCProvider(_ provider: OIDCProvider) async throws
    func deleteOIDCProvider(arn: String) async throws
    /// Stores a role, replacing one with the same ARN.
    func putRole(_ role: IAMRole) async throws
    func deleteRole(arn: String) async throws
}
