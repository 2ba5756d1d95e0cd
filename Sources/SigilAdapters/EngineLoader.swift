import Foundation
import SigilCore
import SigilStore

/// Opens the engine on an SQLite file, with the at-rest key from the environment or the
/// key file beside the database.
public enum EngineLoader {
    /// Why a store could not be opened, in words that say what to do.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notAFilePath(String)
        case keyMissing(database: String, keyFile: String)
        case keyDifferent(database: String, keyFile: String)

        public var description: String {
            switch self {
            case .notAFilePath(let given):
                return "--db takes the path of a SQLite file, and \(given) is a URL; this version of Sigil keeps its store in a SQLite file only"
            case .keyMissing(let database, let keyFile):
                return "The store \(database) keeps sealed passwords and signing keys, but its key file \(keyFile) is missing. "
                    + "Restore that file (from the machine or backup the store came from), or set \(AtRestKey.environmentVariable) "
                    + "to the key it held. Sigil does not make a new key: every password would then fail."
            case .keyDifferent(let database, let keyFile):
                return "The at-rest key (\(keyFile), or \(AtRestKey.environmentVariable) when set) is not the key the passwords and "
                    + "signing keys in \(database) are sealed with. Restore the store's own key file, or set \(AtRestKey.environmentVariable) to its key."
            }
        }
    }

    public static func open(
        databasePath: String, region: String = "us-east-1", accountId: String = "000000000000", endpoint: String = "http://localhost:9229",
        issuerBase: String? = nil, clock: any Clock = SystemClock(), riskModel: RiskModel = .standard, ipLocations: IPLocationTable = .shipped,
        breachedPasswords: BreachedPasswords = .shipped, credentialLifetime: TimeInterval = 3_600, messages: MessageDelivery? = nil
    ) async throws -> Engine {
        if databasePath.contains("://") { throw Failure.notAFilePath(databasePath) }
        let store = try SQLiteStore(path: databasePath)
        do {
            let keyFile = AtRestKey.defaultPath(forDatabase: databasePath)
            let key: [UInt8]
            if let existing = try AtRestKey.existing(keyFile: keyFile) {
                key = existing
            } else if try await Engine.storeNeedsItsKey(store) {
                throw Failure.keyMissing(database: databasePath, keyFile: keyFile)
            } else {
                key = try AtRestKey.create(at: keyFile)
            }
            let providers = OpenIDDiscovery()
            let engine = try Engine(
                store: store, clock: clock,
                configuration: EngineConfiguration(
                    region: region, accountId: accountId, atRestKey: key, endpoint: endpoint, issuerBase: issuerBase, riskModel: riskModel,
                    ipLocations: ipLocations, breachedPasswords: breachedPasswords, openIDKeys: providers, credentialLifetime: credentialLifetime,
                    providerAPI: providers,
                    functions: TriggerFunctions(
                        local: LocalFunctionRunner(
                            region: region,
                            logDirectory: URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("functions"))),
                    messages: messages))
            do {
                try await engine.checkAtRestKey()
            } catch AtRestKeyProblem.different {
                throw Failure.keyDifferent(database: databasePath, keyFile: keyFile)
            }
            return engine
        } catch {
            try? await store.close()
            throw error
        }
    }
}
