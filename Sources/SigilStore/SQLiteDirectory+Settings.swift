import Foundation
import GRDB
import SigilCore

/// Settings of the store itself, and a look at what it keeps sealed.
extension SQLiteDirectory {
    func storeSetting(_ name: String) throws -> String? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT value FROM store_settings WHERE name = ?"), arguments: [name])
    }

    func setStoreSetting(_ name: String, _ value: String) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO store_settings (name, value) VALUES (?, ?)").execute(arguments: [name, value])
    }

    func sealedSample() throws -> SealedSample? {
        if let row = try Row.fetchOne(db, sql: "SELECT kid, purpose, private_key, public_jwk, created FROM signing_keys LIMIT 1") {
            return .signingKey(
                SigningKeyRecord(
                    kid: row["kid"], purpose: SigningKeyRecord.Purpose(rawValue: row["purpose"]) ?? .access, sealedPrivateKey: row["private_key"],
                    publicJWK: row["public_jwk"], created: Date(timeIntervalSince1970: row["created"])))
        }
        if let row = try Row.fetchOne(db, sql: "SELECT kid, sealed, jwk, created FROM identity_signing_keys LIMIT 1") {
            return .signingKey(
                SigningKeyRecord(
                    kid: row["kid"], purpose: .id, sealedPrivateKey: row["sealed"], publicJWK: row["jwk"],
                    created: Date(timeIntervalSince1970: row["created"]))
            )
        }
        let sql =
            "SELECT pools.id, users.username, users.password FROM users JOIN pools ON pools.key = users.pool_key WHERE users.password IS NOT NULL LIMIT 1"
        if let row = try Row.fetchOne(db, sql: sql) {
            return .password(poolId: row["id"], userIdForSRP: row["username"], material: row["password"])
        }
        return nil
    }
}
