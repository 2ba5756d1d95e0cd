import Foundation

/// Queries over identity pools and their identities (part of every directory reader).
public protocol IdentityPoolReader {
    func identityPool(id: String) throws -> StoredIdentityPool?
    func identityPool(key: Int64) throws -> StoredIdentityPool?
    /// Identity pools ordered by id, starting after `id`.
    func identityPools(after id: String?, limit: Int) throws -> [StoredIdentityPool]
    func identity(id: String) throws -> IdentityRecord?
    /// A pool's identities ordered by id, starting after `id`.
    func identities(poolKey: Int64, after id: String?, limit: Int) throws -> [IdentityRecord]
    func identityCount(poolKey: Int64) throws -> Int
    /// The identity a login is linked to in a pool, if any.
    func identityId(poolKey: Int64, login: IdentityLogin) throws -> String?
    /// The logins linked to an identity.
    func logins(identityId: String) throws -> [IdentityLogin]
    /// The keys of Sigil's identity token issuer (GetOpenIdToken), oldest first.
    func identitySigningKeys() throws -> [SigningKeyRecord]
    func oidcProvider(arn: String) throws -> OIDCProvider?
    func oidcProviders() throws -> [OIDCProvider]
    func role(arn: String) throws -> IAMRole?
    /// Roles ordered by name.
    func roles() throws -> [IAMRole]
}

/// Changes to identity pools and identities (part of every directory writer).
public protocol IdentityPoolWriter: IdentityPoolReader {
    /// Stores a new identity pool; returns its store key.
    func insertIdentityPool(_ pool: StoredIdentityPool) throws -> Int64
    func updateIdentityPool(_ pool: StoredIdentityPool) throws
    /// Deletes the pool with its identities and logins.
    func deleteIdentityPool(key: Int64) throws
    func insertIdentity(_ identity: IdentityRecord) throws
    func updateIdentity(_ identity: IdentityRecord) throws
    /// Deletes an identity and its logins.
    func deleteIdentity(id: String) throws
    /// Links a login to an identity (moving it from any other identity of the pool).
    func link(_ login: IdentityLogin, identityId: String, poolKey: Int64) throws
    func unlink(_ login: IdentityLogin, poolKey: Int64) throws
    func insertIdentitySigningKey(_ record: SigningKeyRecord) throws
    func putOIDCProvider(_ provider: OIDCProvider) throws
    func deleteOIDCProvider(arn: String) throws
    /// Stores a role, replacing one with the same ARN.
    func putRole(_ role: IAMRole) throws
    func deleteRole(arn: String) throws
}
