import Foundation
import SigilCrypto

/// Why an at-rest key cannot be used with a store.
public enum AtRestKeyProblem: Error, Equatable, Sendable {
    /// The key given does not open what the store keeps sealed.
    case different
}

extension Engine {
    static let keyCheckSetting = "at-rest-key-check"

    /// Whether the store keeps anything sealed under an at-rest key.
    public static func storeNeedsItsKey(_ store: any DirectoryStore) async throws -> Bool {
        try await store.read { reader in try await reader.sealedSample() != nil }
    }

    /// Checks that the engine's at-rest key is the one the store's material is sealed with,
    /// and records a check value the first time; a wrong key would otherwise turn every
    /// password into "Incorrect username or password.".
    public func checkAtRestKey() async throws {
        let expected = Data(HMACSHA256.authenticate(Array("sigil-at-rest-key-check".utf8), key: vault.key)).base64EncodedString()
        try await store.write { writer in
            let recorded = try await writer.storeSetting(Self.keyCheckSetting)
            if let recorded, constantTimeEquals(recorded, expected) { return }
            // A store with nothing sealed may take a new key; one with sealed material only its own.
            if let sample = try await writer.sealedSample(), recorded != nil || !opens(sample) { throw AtRestKeyProblem.different }
            try await writer.setStoreSetting(Self.keyCheckSetting, expected)
        }
    }

    private func opens(_ sample: SealedSample) -> Bool {
        switch sample {
        case .signingKey(let record): return (try? openSigningKey(record)) != nil
        case .password(let poolId, let userId, let material): return vault.open(material, poolId: poolId, userIdForSRP: userId) != nil
        }
    }
}
