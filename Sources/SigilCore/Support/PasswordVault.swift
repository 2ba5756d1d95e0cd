import Foundation
import SigilCrypto

/// Keeps password material: the SRP salt and verifier v = g^x mod N that Cognito's
/// flows need, sealed with AES-256-GCM under the at-rest key and bound to its pool and
/// user, so rows can't be swapped and a copied database can't be guessed offline.
struct PasswordVault: Sendable {
    let key: [UInt8]

    /// Salt and verifier for `password`, sealed. `userIdForSRP` is the internal username.
    func seal(poolId: String, userIdForSRP: String, password: String) async throws -> Data {
        let salt = SRP.makeSalt()
        let verifier = try await BlockingWork.run { try SRP.makeVerifier(poolId: poolId, userIdForSRP: userIdForSRP, password: password, salt: salt) }
        let plain = [UInt8(salt.count)] + salt + verifier
        return Data(try AESGCM.seal(plain, key: key, authenticating: binding(poolId, userIdForSRP)))
    }

    /// The salt and verifier, or nil when the material does not open for this user.
    func open(_ material: Data, poolId: String, userIdForSRP: String) -> (salt: [UInt8], verifier: [UInt8])? {
        guard let plain = try? AESGCM.open([UInt8](material), key: key, authenticating: binding(poolId, userIdForSRP)),
            let saltLength = plain.first, plain.count > 1 + Int(saltLength)
        else { return nil }
        let salt = Array(plain[1..<(1 + Int(saltLength))])
        let verifier = Array(plain[(1 + Int(saltLength))...])
        return (salt, verifier)
    }

    /// Whether `password` is the one the material was made from (one modular exponentiation).
    func verify(_ password: String, material: Data, poolId: String, userIdForSRP: String) async -> Bool {
        guard let (salt, verifier) = open(material, poolId: poolId, userIdForSRP: userIdForSRP) else { return false }
        let made = await BlockingWork.run { try? SRP.makeVerifier(poolId: poolId, userIdForSRP: userIdForSRP, password: password, salt: salt) }
        guard let candidate = made else { return false }
        return constantTimeEquals(candidate, verifier)
    }

    private func binding(_ poolId: String, _ userId: String) -> [UInt8] {
        Array("sigil-password|\(poolId)|\(userId)".utf8)
    }
}

extension PasswordVault {
    /// A keyed hash of a one-time code, bound to its user and purpose. Without the at-rest
    /// key, a stored hash does not reveal the code.
    func hashCode(_ code: String, userId: Int64, purpose: String) -> Data {
        Data(HMACSHA256.authenticate(Array("sigil-code|\(userId)|\(purpose)|\(code)".utf8), key: key))
    }
}
