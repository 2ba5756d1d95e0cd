import NIOPosix

/// Threads that run engine calls, away from the network event loops. The engine's work
/// is synchronous (store transactions, password checks, RSA signatures, and calls to outside
/// identity providers that may take seconds), so running it on an event loop would stall
/// every connection that loop serves. Here a slow call holds one of these threads only.
public final class EngineThreads: Sendable {
    private let pool: NIOThreadPool

    /// Starts `count` threads; they live as long as the process.
    public init(count: Int) {
        pool = NIOThreadPool(numberOfThreads: max(2, count))
        pool.start()
    }

    /// Runs `work` on one of the threads and waits for its result.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(work)
    }

    /// The threads of the process's servers (the console hosts one, `sigil serve` another).
    public static let shared = EngineThreads(count: 32)
}
