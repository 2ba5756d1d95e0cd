import NIOPosix

/// Threads for engine calls that may wait (on outside identity providers, on generating a
/// pool's keys, on storing a large upload), away from the network event loops: the engine's
/// work is synchronous, and such a call on an event loop would stall every connection that
/// loop serves. Here a slow call holds one of these threads only. Quick calls stay on the
/// loops, where a thread hop would cost more than their work.
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
