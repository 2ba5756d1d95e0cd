import Foundation
import GRDB
import SigilCore

/// Identity pools, their identities and the logins linked to them.
extension SQLiteDirectory {
    private static let identityPoolColumns = "key, config, settings, created"

    private static func identityPool(from row: Row) throws -> StoredIdentityPool {
        StoredIdentityPool(
            key: row["key"], pool: try StoredJSON.decode(IdentityPool.self, from: row["config"]),
            settings: try StoredJSON.decode(IdentityPoolSettings.self, from: row["settings"]), created: Date(timeIntervalSince1970: row["created"]))
    }

    func identityPool(id: String) throws -> StoredIdentityPool? {
        try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT \(Self.identityPoolColumns) FROM identity_pools WHERE id = ?"), arguments: [id]
        ).map(Self.identityPool(from:))
    }

    func identityPool(key: Int64) throws -> StoredIdentityPool? {
        try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT \(Self.identityPoolColumns) FROM identity_pools WHERE key = ?"), arguments: [key]
        ).map(Self.identityPool(from:))
    }

    func identityPools(after id: String?, limit: Int) throws -> [StoredIdentityPool] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT \(Self.identityPoolColumns) FROM identity_pools WHERE id > ? ORDER BY id LIMIT ?"),
            arguments: [id ?? "", limit]
        ).map(Self.identityPool(from:))
    }

    func insertIdentityPool(_ pool: StoredIdentityPool) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT INTO identity_pools (id, config, settings, created) VALUES (?, ?, ?, ?)").execute(arguments: [
            pool.id, try StoredJSON.encode(pool.pool), try StoredJSON.encode(pool.settings), pool.created.timeIntervalSince1970,
        ])
        return db.lastInsertedRowID
    }

    func updateIdentityPool(_ pool: StoredIdentityPool) throws {
        try db.cachedStatement(sql: "UPDATE identity_pools SET config = ?, settings = ? WHERE key = ?").execute(arguments: [
            try StoredJSON.encode(pool.pool), try StoredJSON.encode(pool.settings), pool.key,
        ])
    }

    func deleteIdentityPool(key: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM identity_logins WHERE pool_key = ?").execute(arguments: [key])
        try db.cachedStatement(sql: "DELETE FROM identities WHERE pool_key = ?").execute(arguments: [key])
        try db.cachedStatement(sql: "DELETE FROM identity_pools WHERE key = ?").execute(arguments: [key])
    }

    private static let identityColumns = "id, pool_key, created, modified, authenticated"

    private static func identity(from row: Row) -> IdentityRecord {
        IdentityRecord(
            id: row["id"], poolKey: row["pool_key"], created: Date(timeIntervalSince1970: row["created"]),
            modified: Date(timeIntervalSince1970: row["modified"]),
            authenticated: row["authenticated"])
    }

    func identity(id: String) throws -> IdentityRecord? {
        try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT \(Self.identityColumns) FROM identities WHERE id = ?"), arguments: [id]
        )
        .map(Self.identity(from:))
    }

    func identities(poolKey: Int64, after id: String?, limit: Int) throws -> [IdentityRecord] {
        try Row.fetchAll(
            try db.cachedStatement(
                sql: "SELECT \(Self.identityColumns) FROM identities WHERE pool_key = ? AND id > ? ORDER BY id LIMIT ?"),
            arguments: [poolKey, id ?? "", limit]
        ).map(Self.identity(from:))
    }

    func identityCount(poolKey: Int64) throws -> Int {
        try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM identities WHERE pool_key = ?"), arguments: [poolKey]) ?? 0
    }

    func insertIdentity(_ identity: IdentityRecord) throws {
        try db.cachedStatement(sql: "INSERT INTO identities (id, pool_key, created, modified, authenticated) VALUES (?, ?, ?, ?, ?)").execute(
            arguments: [
                identity.id, identity.poolKey, identity.created.timeIntervalSince1970, identity.modified.timeIntervalSince1970,
                identity.authenticated,
            ])
    }

    func updateIdentity(_ identity: IdentityRecord) throws {
        try db.cachedStatement(sql: "UPDATE identities SET modified = ?, authenticated = ? WHERE id = ?").execute(arguments: [
            identity.modified.timeIntervalSince1970, identity.authenticated, identity.id,
        ])
    }

    func deleteIdentity(id: String) throws {
        try db.cachedStatement(sql: "DELETE FROM identity_logins WHERE identity_id = ?").execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM identities WHERE id = ?").execute(arguments: [id])
    }

    func identityId(poolKey: Int64, login: IdentityLogin) throws -> String? {
        try String.fetchOne(
            try db.cachedStatement(sql: "SELECT identity_id FROM identity_logins WHERE pool_key = ? AND provider = ? AND subject = ?"),
            arguments: [poolKey, login.provider, login.subject])
    }

    func logins(identityId: String) throws -> [IdentityLogin] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT provider, subject FROM identity_logins WHERE identity_id = ? ORDER BY provider, subject"),
            arguments: [identityId]
        ).map { IdentityLogin(provider: $0["provider"], subject: $0["subject"]) }
    }

    func link(_ login: IdentityLogin, identityId: String, poolKey: Int64) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO identity_logins (pool_key, provider, subject, identity_id) VALUES (?, ?, ?, ?)")
            .execute(arguments: [poolKey, login.provider, login.subject, identityId])
    }

    func unlink(_ login: IdentityLogin, poolKey: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM identity_logins WHERE pool_key = ? AND provider = ? AND subject = ?")
            .execute(arguments: [poolKey, login.provider, login.subject])
    }

    private static let roleColumns = "arn, name, description, policies, created"

    private static func role(from row: Row) throws -> IAMRole {
        IAMRole(
            arn: row["arn"], name: row["name"], description: row["description"],
            policies: try StoredJSON.decode([String: String].self, from: row["policies"]),
            created: Date(timeIntervalSince1970: row["created"]))
    }

    func role(arn: String) throws -> IAMRole? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Self.roleColumns) FROM roles WHERE arn = ?"), arguments: [arn])
            .map(Self.role(from:))
    }

    func roles() throws -> [IAMRole] {
        try Row.fetchAll(try db.cachedStatement(sql: "SELECT \(Self.roleColumns) FROM roles ORDER BY name"))
            .map(Self.role(from:))
    }

    func putRole(_ role: IAMRole) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO roles (arn, name, description, policies, created) VALUES (?, ?, ?, ?, ?)").execute(
            arguments: [role.arn, role.name, role.description, try StoredJSON.encode(role.policies), role.created.timeIntervalSince1970])
    }

    func deleteRole(arn: String) throws {
        try db.cachedStatement(sql: "DELETE FROM roles WHERE arn = ?").execute(arguments: [arn])
    }

    func identitySigningKeys() throws -> [SigningKeyRecord] {
        try Row.fetchAll(try db.cachedStatement(sql: "SELECT kid, sealed, jwk, created FROM identity_signing_keys ORDER BY created")).map { row in
            SigningKeyRecord(
                kid: row["kid"], purpose: .id, sealedPrivateKey: row["sealed"], publicJWK: row["jwk"],
                created: Date(timeIntervalSince1970: row["created"]))
        }
    }

    func insertIdentitySigningKey(_ record: SigningKeyRecord) throws {
        try db.cachedStatement(sql: "INSERT INTO identity_signing_keys (kid, sealed, jwk, created) VALUES (?, ?, ?, ?)").execute(arguments: [
            record.kid, record.sealedPrivateKey, record.publicJWK, record.created.timeIntervalSince1970,
        ])
    }

    private static let oidcProviderColumns = "arn, url, client_ids, created"

    private static func oidcProvider(from row: Row) throws -> OIDCProvider {
        OIDCProvider(
            arn: row["arn"], url: row["url"], clientIds: try StoredJSON.decode([String].self, from: row["client_ids"]),
            created: Date(timeIntervalSince1970: row["created"]))
    }

    func oidcProvider(arn: String) throws -> OIDCProvider? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Self.oidcProviderColumns) FROM oidc_providers WHERE arn = ?"), arguments: [arn])
            .map(Self.oidcProvider(from:))
    }

    func oidcProviders() throws -> [OIDCProvider] {
        try Row.fetchAll(try db.cachedStatement(sql: "SELECT \(Self.oidcProviderColumns) FROM oidc_providers ORDER BY arn")).map(
            Self.oidcProvider(from:))
    }

    func putOIDCProvider(_ provider: OIDCProvider) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO oidc_providers (arn, url, client_ids, created) VALUES (?, ?, ?, ?)").execute(arguments: [
            provider.arn, provider.url, try StoredJSON.encode(provider.clientIds), provider.created.timeIntervalSince1970,
        ])
    }

    func deleteOIDCProvider(arn: String) throws {
        try db.cachedStatement(sql: "DELETE FROM oidc_providers WHERE arn = ?").execute(arguments: [arn])
    }
}
