import ArgumentParser
import Foundation
import Logging
import SigilAdapters
import SigilCore
import SigilServer
import SigilStore

/// `sigil serve`: the Cognito API over HTTP, for apps and SDKs pointed at it with an
/// endpoint URL.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the Cognito API (AWS JSON 1.1), JWKS and OpenID discovery over HTTP.",
        discussion: """
            Point an AWS SDK at it with --endpoint-url http://localhost:9229. Admin calls need no \
            signature unless --access-key is given. SIGINT or SIGTERM stop the server after the \
            requests in flight.
            """)

    @Option(help: "The SQLite database file (default: $XDG_DATA_HOME/sigil/sigil.db).") var db: String?
    @Option(help: "The address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "The port to listen on (9229, as cognito-local uses).") var port: Int = 9229
    @Option(help: "The region in new pool ids and ARNs.") var region: String = "us-east-1"
    @OptionGroup var account: AccountOption
    @Option(help: "What token issuers start with (default: this server's URL); 'cognito' for Cognito's own.")
    var issuerBase: String?
    @Option(help: "Require Signature V4 on admin calls, signed with this key (ACCESS_KEY_ID:SECRET; repeatable).")
    var accessKey: [String] = []
    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.") var logLevel: String = "info"
    @Option(help: "Seconds a connection may take to send a request, or stay idle between requests, before it is closed.")
    var idleTimeout: Int = 30
    @Option(help: "The most connections open at once (always kept below the file-descriptor limit).")
    var maxConnections: Int = ConnectionLimit.defaultMaximum
    @OptionGroup(title: "Threat protection") var threat: ThreatProtectionOptions
    @OptionGroup(title: "Identity pools") var identityPools: IdentityPoolOptions
    @OptionGroup(title: "Message delivery") var delivery: DeliveryOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel) is not a log level") }
        guard (1...3_600).contains(idleTimeout) else {
            throw ValidationError("--idle-timeout must be between 1 and 3600 seconds, not \(idleTimeout)")
        }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1, not \(maxConnections)") }
        for key in accessKey where !key.contains(":") {
            throw ValidationError("--access-key must be ACCESS_KEY_ID:SECRET, not \(key)")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let publicHost = ["127.0.0.1", "0.0.0.0", "::", "::1"].contains(host) ? "localhost" : host
        let endpoint = "http://\(publicHost):\(port)"
        let base = issuerBase == "cognito" ? EngineConfiguration.cognitoIssuerBase(region: region) : issuerBase
        let path = db ?? SQLiteStore.defaultPath()
        let (riskModel, ipLocations, breachedPasswords) = try threat.load()
        let messages = try delivery.delivery()
        let engine = try await StoreOpening.open(path) {
            try await EngineLoader.open(
                databasePath: path, region: region, accountId: account.accountId, endpoint: endpoint, issuerBase: base, riskModel: riskModel,
                ipLocations: ipLocations, breachedPasswords: breachedPasswords, credentialLifetime: TimeInterval(identityPools.credentialLifetime),
                messages: messages)
        }
        let log = Logger(label: "sigil.delivery")
        _ = engine.events.observe { event in
            if case .deliveryFailed(let message, let reason) = event {
                log.warning("Could not send the \(message.purpose.rawValue) message for \(message.username) to \(message.destination): \(reason)")
            }
        }
        var keys: [String: String] = [:]
        for key in accessKey {
            let parts = key.split(separator: ":", maxSplits: 1)
            keys[String(parts[0])] = String(parts[1])
        }
        let server = SigilHTTPServer(
            engine: engine,
            configuration: ServerConfiguration(
                host: host, port: port, accessKeys: keys.isEmpty ? nil : keys, idleTimeout: .seconds(idleTimeout), maxConnections: maxConnections),
            logger: Logger(label: "sigil"))
        try await server.run { boundPort in
            FileHandle.standardOutput.write(Data("Sigil is serving the Cognito API on http://\(host):\(boundPort) (store \(path))\n".utf8))
        }
        try await engine.store.close()
    }
}
