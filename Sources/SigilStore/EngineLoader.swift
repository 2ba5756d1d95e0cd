import Foundation
import SigilCore

/// Opens the engine on an SQLite file, with the at-rest key from the environment or the
/// key file beside the database.
public enum EngineLoader {
    public static func open(
        databasePath: String, region: String = "us-east-1", endpoint: String = "http://localhost:9229", issuerBase: String? = nil,
        clock: any Clock = SystemClock(), riskModel: RiskModel = .standard, ipLocations: IPLocationTable = .shipped,
        breachedPasswords: BreachedPasswords = .shipped, credentialLifetime: TimeInterval = 3_600
    ) throws -> Engine {
        let store = try SQLiteStore(path: databasePath)
        let key = try AtRestKey.load(keyFile: AtRestKey.defaultPath(forDatabase: databasePath))
        let providers = OpenIDDiscovery()
        return try Engine(
            store: store, clock: clock,
            configuration: EngineConfiguration(
                region: region, atRestKey: key, endpoint: endpoint, issuerBase: issuerBase, riskModel: riskModel, ipLocations: ipLocations,
                breachedPasswords: breachedPasswords, openIDKeys: providers, credentialLifetime: credentialLifetime, providerAPI: providers))
    }
}
