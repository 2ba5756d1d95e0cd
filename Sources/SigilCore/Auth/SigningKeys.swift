import Foundation
import SigilCrypto
import SigilJSON
import Synchronization

/// A pool's keys, parsed: the current ones that sign ID and access tokens, and every
/// public key that still verifies tokens (the JWKS).
struct PoolKeys: Sendable {
    var idKid: String
    var idKey: RSAKey
    var accessKid: String
    var accessKey: RSAKey
    var verification: [String: RSAKey]
    var jwks: [JSONValue]
}

/// Keys parsed from their records, by key id. Parsing PEM on every sign-in would cost
/// more than signing, but which keys a pool has is read from the store each time: another
/// process (a second server, the console) may have rotated them, or deleted the pool and
/// made another. A key id names one key for good, so a parsed key never goes stale.
final class SigningKeyCache: Sendable {
    struct Parsed: Sendable {
        var publicKey: RSAKey
        var jwk: JSONValue
        var privateKey: RSAKey?
    }

    private let entries = Mutex<[String: Parsed]>([:])
    private static let capacity = 10_000
    /// Each pool's keys as last assembled, by pool id, with the key states they came from:
    /// used while the store still shows those states.
    /// An entry holds from the (engine) time it was assembled until a retired key's grace
    /// ends: outside that window, as when the console's clock moves back, it is assembled anew.
    private let pools = Mutex<[String: (states: [SigningKeyState], keys: PoolKeys, from: Date, until: Date)]>([:])

    func pool(_ id: String, states: [SigningKeyState], now: Date) -> PoolKeys? {
        pools.withLock { pools in
            guard let entry = pools[id], entry.states == states, entry.from <= now, now < entry.until else { return nil }
            return entry.keys
        }
    }

    func remember(_ id: String, states: [SigningKeyState], keys: PoolKeys, from: Date, until: Date) {
        pools.withLock { pools in
            if pools.count >= Self.capacity { pools.removeAll(keepingCapacity: true) }
            pools[id] = (states, keys, from, until)
        }
    }

    /// The record's keys, parsed once; the private key only when `needsPrivate`.
    func parsed(_ record: SigningKeyRecord, needsPrivate: Bool, open: (SigningKeyRecord) throws -> RSAKey) throws -> Parsed {
        if let hit = entries.withLock({ $0[record.kid] }), !needsPrivate || hit.privateKey != nil { return hit }
        let jwk = try JSONValue(json: Array(record.publicJWK.utf8))
        guard case .object(let members) = jwk else { throw CognitoError.internalError("The key \(record.kid) has no public JWK") }
        let parsed = Parsed(publicKey: try RSAKey(jwk: members), jwk: jwk, privateKey: needsPrivate ? try open(record) : nil)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[record.kid] = parsed
        }
        return parsed
    }
}

extension Engine {
    /// How long a retired key stays published: past the longest token lifetime (1 day).
    static let retiredKeyGrace: TimeInterval = 86_400 + 300

    /// The pool's keys, created on first use (two RSA-2048 keys: one for ID tokens and
    /// one for access tokens, as Cognito publishes), inside the caller's transaction.
    func ensurePoolKeys(_ stored: StoredPool, writer: any DirectoryWriter) async throws -> PoolKeys {
        if let known = try await rememberedKeys(stored, reader: writer) { return known }
        var records = try await writer.signingKeys(poolKey: stored.key)
        if !Self.hasCurrentKeys(records) {
            for record in try makeKeyPair() { try await writer.insertSigningKey(poolKey: stored.key, record) }
            records = try await writer.signingKeys(poolKey: stored.key)
        }
        return try assemble(records, for: stored)
    }

    /// The pool's keys if it has any yet (a pool without keys has issued no tokens).
    func existingPoolKeys(_ stored: StoredPool, reader: any DirectoryReader) async throws -> PoolKeys? {
        if let known = try await rememberedKeys(stored, reader: reader) { return known }
        let records = try await reader.signingKeys(poolKey: stored.key)
        guard Self.hasCurrentKeys(records) else { return nil }
        return try assemble(records, for: stored)
    }

    /// The keys assembled before, if the store still shows the same keys for the pool.
    private func rememberedKeys(_ stored: StoredPool, reader: any DirectoryReader) async throws -> PoolKeys? {
        await keyCache.pool(stored.id, states: try reader.signingKeyStates(poolKey: stored.key), now: clock.now)
    }

    private func assemble(_ records: [SigningKeyRecord], for stored: StoredPool) throws -> PoolKeys {
        let now = clock.now
        let keys = try parse(records, now: now)
        // Reassembled when a retired key's grace ends, so it leaves the JWKS on time; the same
        // rule as `parse`: a key stays while `now` is within its grace.
        let until =
            records.compactMap { $0.retired?.addingTimeInterval(Self.retiredKeyGrace) }.filter { $0 >= now }.min() ?? .distantFuture
        keyCache.remember(
            stored.id, states: records.map { SigningKeyState(kid: $0.kid, retired: $0.retired) }, keys: keys, from: now, until: until)
        return keys
    }

    /// Replaces a pool's signing keys. Tokens signed with the old keys keep verifying:
    /// the old public keys stay in the JWKS until such tokens have expired.
    public func rotateSigningKeys(poolId: String) async throws {
        let fresh = try makeKeyPair()
        let now = clock.now
        try await write { writer in
            let stored = try await requirePool(poolId, in: writer)
            for record in try await writer.signingKeys(poolKey: stored.key) where record.retired == nil {
                try await writer.retireSigningKey(kid: record.kid, at: now)
            }
            for record in fresh { try await writer.insertSigningKey(poolKey: stored.key, record) }
        }
    }

    /// The pool's JSON Web Key Set: `{"keys": [...]}` with each key's `alg`, `e`, `kid`,
    /// `kty`, `n` and `use`.
    public func jwks(poolId: String) async throws -> JSONValue {
        let keys = try await write { writer in try await ensurePoolKeys(try requirePool(poolId, in: writer), writer: writer) }
        return .object(["keys": .array(keys.jwks)])
    }

    /// The issuer of a pool's tokens.
    public func issuer(poolId: String) -> String {
        configuration.issuerBase + "/" + poolId
    }

    private static func hasCurrentKeys(_ records: [SigningKeyRecord]) -> Bool {
        records.contains { $0.purpose == .id && $0.retired == nil } && records.contains { $0.purpose == .access && $0.retired == nil }
    }

    private func makeKeyPair() throws -> [SigningKeyRecord] {
        try [SigningKeyRecord.Purpose.id, .access].map { try makeSigningKey($0) }
    }

    /// A new RSA-2048 key: its public JWK, and the private key sealed at rest.
    func makeSigningKey(_ purpose: SigningKeyRecord.Purpose) throws -> SigningKeyRecord {
        let key = try RSAKey.generate(bits: 2048)
        let kid = try key.keyID()
        var jwk = try key.publicJWK()
        jwk["alg"] = .string("RS256")
        jwk["kid"] = .string(kid)
        jwk["use"] = .string("sig")
        let sealed = try AESGCM.seal(Array(try key.privateKeyPEM().utf8), key: vault.key, authenticating: Array("sigil-signing-key|\(kid)".utf8))
        return SigningKeyRecord(
            kid: kid, purpose: purpose, sealedPrivateKey: Data(sealed), publicJWK: try JSONValue.object(jwk).jsonString(), created: clock.now)
    }

    /// The private key of a stored record.
    func openSigningKey(_ record: SigningKeyRecord) throws -> RSAKey {
        let pem = try AESGCM.open([UInt8](record.sealedPrivateKey), key: vault.key, authenticating: Array("sigil-signing-key|\(record.kid)".utf8))
        return try RSAKey(privateKeyPEM: String(decoding: pem, as: UTF8.self))
    }

    private func parse(_ records: [SigningKeyRecord], now: Date) throws -> PoolKeys {
        var verification: [String: RSAKey] = [:]
        var jwks: [JSONValue] = []
        var current: [SigningKeyRecord.Purpose: (String, RSAKey)] = [:]
        for record in records {
            if let retired = record.retired, now.timeIntervalSince(retired) > Self.retiredKeyGrace { continue }
            let parsed = try keyCache.parsed(record, needsPrivate: record.retired == nil, open: openSigningKey)
            verification[record.kid] = parsed.publicKey
            jwks.append(parsed.jwk)
            if record.retired == nil, let key = parsed.privateKey { current[record.purpose] = (record.kid, key) }
        }
        guard let id = current[.id], let access = current[.access] else {
            throw CognitoError.internalError("The pool has no current signing keys")
        }
        return PoolKeys(idKid: id.0, idKey: id.1, accessKid: access.0, accessKey: access.1, verification: verification, jwks: jwks)
    }
}
