import Foundation
import GRDB
import SigilCore

/// Domains (where the managed login pages are served), resource servers (custom OAuth
/// scopes) and the pages' customization.
extension SQLiteDirectory {
    func domain(_ name: String) throws -> StoredDomain? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT name, pool_key, config FROM domains WHERE name = ?"), arguments: [name])
            .map(Self.storedDomain)
    }

    func domains(poolKey: Int64) throws -> [StoredDomain] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT name, pool_key, config FROM domains WHERE pool_key = ? ORDER BY custom, name"), arguments: [poolKey]
        ).map(Self.storedDomain)
    }

    /// Read on every OAuth request (is there a domain?), so decoded once per change.
    static let domainConfigs = DecodedConfigCache<DomainDescriptionType>()
    static let resourceServerConfigs = DecodedConfigCache<ResourceServerType>()

    private static func storedDomain(_ row: Row) throws -> StoredDomain {
        let description = try domainConfigs.value(for: row["name"], text: row["config"]) {
            try StoredJSON.decode(DomainDescriptionType.self, from: $0)
        }
        return StoredDomain(poolKey: row["pool_key"], description: description)
    }

    private static func resourceServer(_ row: Row) throws -> ResourceServerType {
        let poolKey: Int64 = row["pool_key"]
        let identifier: String = row["identifier"]
        return try resourceServerConfigs.value(for: "\(poolKey)/\(identifier)", text: row["config"]) {
            try StoredJSON.decode(ResourceServerType.self, from: $0)
        }
    }

    func insertDomain(_ domain: StoredDomain) throws {
        try db.cachedStatement(sql: "INSERT INTO domains (name, pool_key, custom, config) VALUES (?, ?, ?, ?)").execute(arguments: [
            domain.name, domain.poolKey, domain.isCustom, try StoredJSON.encode(domain.description),
        ])
    }

    func updateDomain(_ domain: StoredDomain) throws {
        try db.cachedStatement(sql: "UPDATE domains SET custom = ?, config = ? WHERE name = ?").execute(arguments: [
            domain.isCustom, try StoredJSON.encode(domain.description), domain.name,
        ])
    }

    func deleteDomain(_ name: String) throws {
        try db.cachedStatement(sql: "DELETE FROM domains WHERE name = ?").execute(arguments: [name])
    }

    func resourceServer(poolKey: Int64, identifier: String) throws -> ResourceServerType? {
        try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT pool_key, identifier, config FROM resource_servers WHERE pool_key = ? AND identifier = ?"),
            arguments: [poolKey, identifier]
        ).map(Self.resourceServer)
    }

    func resourceServers(poolKey: Int64, after identifier: String?, limit: Int) throws -> [ResourceServerType] {
        try Row.fetchAll(
            try db.cachedStatement(
                sql: "SELECT pool_key, identifier, config FROM resource_servers WHERE pool_key = ? AND identifier > ? ORDER BY identifier LIMIT ?"),
            arguments: [poolKey, identifier ?? "", limit]
        ).map(Self.resourceServer)
    }

    func resourceServerCount(poolKey: Int64) throws -> Int {
        try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM resource_servers WHERE pool_key = ?"), arguments: [poolKey]) ?? 0
    }

    func insertResourceServer(poolKey: Int64, _ server: ResourceServerType) throws {
        try db.cachedStatement(sql: "INSERT INTO resource_servers (pool_key, identifier, config) VALUES (?, ?, ?)").execute(arguments: [
            poolKey, server.identifier, try StoredJSON.encode(server),
        ])
    }

    func updateResourceServer(poolKey: Int64, _ server: ResourceServerType) throws {
        try db.cachedStatement(sql: "UPDATE resource_servers SET config = ? WHERE pool_key = ? AND identifier = ?").execute(arguments: [
            try StoredJSON.encode(server), poolKey, server.identifier,
        ])
    }

    func deleteResourceServer(poolKey: Int64, identifier: String) throws {
        try db.cachedStatement(sql: "DELETE FROM resource_servers WHERE pool_key = ? AND identifier = ?").execute(arguments: [poolKey, identifier])
    }

    func uiCustomization(poolKey: Int64, clientId: String) throws -> StoredUICustomization? {
        try Row.fetchOne(
            try db.cachedStatement(
                sql: "SELECT client_id, css, image, created, modified FROM ui_customizations WHERE pool_key = ? AND client_id = ?"),
            arguments: [poolKey, clientId]
        ).map { row in
            StoredUICustomization(
                clientId: row["client_id"], css: row["css"], image: row["image"], created: Date(timeIntervalSince1970: row["created"]),
                modified: Date(timeIntervalSince1970: row["modified"]))
        }
    }

    func saveUICustomization(poolKey: Int64, _ customization: StoredUICustomization) throws {
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO ui_customizations (pool_key, client_id, css, image, created, modified) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [
            poolKey, customization.clientId, customization.css, customization.image, customization.created.timeIntervalSince1970,
            customization.modified.timeIntervalSince1970,
        ])
    }

    func terms(poolKey: Int64, id: String) throws -> TermsType? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT config FROM terms WHERE pool_key = ? AND id = ?"), arguments: [poolKey, id])
            .map { try StoredJSON.decode(TermsType.self, from: $0) }
    }

    func terms(clientId: String, name: String) throws -> TermsType? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT config FROM terms WHERE client_id = ? AND name = ?"), arguments: [clientId, name])
            .map { try StoredJSON.decode(TermsType.self, from: $0) }
    }

    func terms(poolKey: Int64, after id: String?, limit: Int) throws -> [TermsType] {
        try String.fetchAll(
            try db.cachedStatement(sql: "SELECT config FROM terms WHERE pool_key = ? AND id > ? ORDER BY id LIMIT ?"),
            arguments: [poolKey, id ?? "", limit]
        ).map { try StoredJSON.decode(TermsType.self, from: $0) }
    }

    func insertTerms(poolKey: Int64, _ terms: TermsType) throws {
        try db.cachedStatement(sql: "INSERT INTO terms (id, pool_key, client_id, name, config) VALUES (?, ?, ?, ?, ?)").execute(arguments: [
            terms.termsId, poolKey, terms.clientId, terms.termsName, try StoredJSON.encode(terms),
        ])
    }

    func updateTerms(_ terms: TermsType) throws {
        try db.cachedStatement(sql: "UPDATE terms SET name = ?, config = ? WHERE id = ?").execute(arguments: [
            terms.termsName, try StoredJSON.encode(terms), terms.termsId,
        ])
    }

    func deleteTerms(id: String) throws {
        try db.cachedStatement(sql: "DELETE FROM terms WHERE id = ?").execute(arguments: [id])
    }

    // MARK: - Managed login branding

    func managedLoginBranding(poolKey: Int64, id: String) throws -> ManagedLoginBrandingType? {
        try String.fetchOne(
            try db.cachedStatement(sql: "SELECT config FROM managed_login_brandings WHERE pool_key = ? AND id = ?"), arguments: [poolKey, id]
        ).map { try StoredJSON.decode(ManagedLoginBrandingType.self, from: $0) }
    }

    func managedLoginBranding(clientId: String) throws -> ManagedLoginBrandingType? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT config FROM managed_login_brandings WHERE client_id = ?"), arguments: [clientId])
            .map { try StoredJSON.decode(ManagedLoginBrandingType.self, from: $0) }
    }

    func insertManagedLoginBranding(poolKey: Int64, clientId: String, _ branding: ManagedLoginBrandingType) throws {
        try db.cachedStatement(sql: "INSERT INTO managed_login_brandings (id, pool_key, client_id, config) VALUES (?, ?, ?, ?)").execute(
            arguments: [branding.managedLoginBrandingId, poolKey, clientId, try StoredJSON.encode(branding)])
    }

    func updateManagedLoginBranding(_ branding: ManagedLoginBrandingType) throws {
        try db.cachedStatement(sql: "UPDATE managed_login_brandings SET config = ? WHERE id = ?").execute(arguments: [
            try StoredJSON.encode(branding), branding.managedLoginBrandingId,
        ])
    }

    func deleteManagedLoginBranding(id: String) throws {
        try db.cachedStatement(sql: "DELETE FROM managed_login_brandings WHERE id = ?").execute(arguments: [id])
    }
}
