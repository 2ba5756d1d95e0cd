import ArgumentParser
import Foundation
import Logging
import SigilAdapters
import SigilConsole
import SigilCore
import SigilServer
import SigilStore
import Synchronization

/// `sigil console` (and `sigil` alone): the full-screen console on a store, with the
/// Cognito API served in-process so apps under test share its pools.
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Open the terminal console (the default command).",
        discussion: """
            The console serves the Cognito API on the same store while it runs (port 9229, or the next \
            free one; --no-server turns it off). Press ? in the console for its keys.
            """)

    @Option(help: "The SQLite database file (default: $XDG_DATA_HOME/sigil/sigil.db).") var db: String?
    @Option(help: "The region in new pool ids and ARNs; with --endpoint or --aws, the region requests are signed for.") var region: String?
    @OptionGroup var account: AccountOption
    @Option(help: "The address the API listens on.") var host: String = "127.0.0.1"
    @Option(help: "The API's port; when it is taken, the next free one is used.") var port: Int = 9229
    @Flag(help: "Do not serve the API.") var noServer = false
    @Option(help: "The theme: dark, light, high-contrast, mono, or one of yours.") var theme: String = "dark"
    @Option(help: "Open this pool at start: its id, or its name.") var pool: String?
    @Flag(help: "Do not offer the demo pool in an empty store.") var noDemo = false
    @OptionGroup(title: "Threat protection") var threat: ThreatProtectionOptions
    @OptionGroup(title: "Identity pools") var identityPools: IdentityPoolOptions
    @OptionGroup(title: "Message delivery") var delivery: DeliveryOptions
    @OptionGroup(title: "Attaching to a remote endpoint") var remote: RemoteOptions
    @Flag(help: "Change nothing: every action that would write is refused (users, groups, pools, sign-ups).") var readOnly = false

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
    }

    func run() throws {
        if let backend = try remote.backend(region: region) {
            let (themes, problems) = ThemeLoader.load(from: ThemeLoader.searchDirectories())
            let settings = ConsoleSettings(
                themes: themes, themeName: theme, notices: problems, offerDemo: false, initialPool: pool,
                attachedTo: "\(backend.location.address) (\(backend.location.region))", readOnly: readOnly)
            return try ConsoleRunner.run(engine: readOnly ? ReadOnlyBackend(backend) : backend, clock: nil, settings: settings)
        }
        let region = region ?? "us-east-1"
        let path = db ?? SQLiteStore.defaultPath()
        var apiPort: Int?
        var notices: [String] = []
        if !noServer {
            apiPort = FreePort.first(host: host, from: port)
            if apiPort == nil { notices.append("Ports \(port)–\(port + 19) are all taken; the API is off.") }
        }
        let publicHost = ["127.0.0.1", "0.0.0.0", "::", "::1"].contains(host) ? "localhost" : host
        let endpoint = "http://\(publicHost):\(apiPort ?? port)"
        let clock = AdjustableClock()
        let (riskModel, ipLocations, breachedPasswords) = try threat.load()
        let messages = try delivery.delivery()
        let engine = try Blocking.wait {
            try await StoreOpening.open(path) {
                try await EngineLoader.open(
                    databasePath: path, region: region, accountId: account.accountId, endpoint: endpoint, clock: clock, riskModel: riskModel,
                    ipLocations: ipLocations, breachedPasswords: breachedPasswords,
                    credentialLifetime: TimeInterval(identityPools.credentialLifetime),
                    messages: messages
                )
            }
        }
        var server: Task<Void, Never>?
        let failure = ServerFailure()
        if let apiPort {
            let http = SigilHTTPServer(
                engine: engine, configuration: ServerConfiguration(host: host, port: apiPort),
                logger: Logger(label: "sigil", factory: { _ in SwiftLogNoOpLogHandler() }))
            server = Task.detached {
                do {
                    try await http.application().run()
                } catch {
                    failure.record("\(error)")
                }
            }
        }
        let (themes, problems) = ThemeLoader.load(from: ThemeLoader.searchDirectories())
        notices += problems
        let settings = ConsoleSettings(
            apiAddress: apiPort.map { "\(publicHost):\($0)" }, themes: themes, themeName: theme, notices: notices,
            offerDemo: !noDemo && !readOnly, initialPool: pool, readOnly: readOnly)
        defer {
            server?.cancel()
            try? Blocking.wait { try await engine.store.close() }
        }
        try ConsoleRunner.run(engine: readOnly ? ReadOnlyBackend(engine) : engine, clock: clock, settings: settings)
        if let message = failure.message {
            Output.error("The API server stopped: \(message)")
        }
    }
}

/// Waits on this (non-pool) thread for async work: the console's event loop owns the
/// main thread and calls into the async engine only to open and close the store.
enum Blocking {
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Mutex<Result<T, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0 }!.get()
    }
}

/// The in-process server's failure, if it had one.
final class ServerFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: String?

    func record(_ message: String) {
        lock.lock()
        recorded = message
        lock.unlock()
    }

    var message: String? {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }
}
