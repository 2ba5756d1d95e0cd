import Foundation

/// Work that blocks its thread (SQLite's calls) or keeps it busy for a while (SRP's
/// exponentiations) runs on threads kept for it, never on a server's network event loops
/// or Swift's shared pool, which would otherwise stall every client they serve.
///
/// A caller already on such a thread runs the work in place: the server runs each request
/// on one (one hop in and out per request), and the console's engine thread is one, so a
/// sign-in's reads, password check and writes cost no further thread switches. Anyone
/// else hops there and back for each piece of work (about 10 µs). Work that waits on the
/// network (an outside identity provider) suspends and holds no thread.
public enum BlockingWork {
    /// The threads: one per core (at least two, so a write waiting on SQLite's writer lock
    /// leaves one for readers). More threads were measured slower: under load the hand-offs
    /// between the event loops and the threads cost context switches, and with one thread
    /// per core the threads are more often awake when work arrives (AdminGetUser at 64
    /// connections: about 5,900 requests a second with eight threads, 9,700 with two).
    public static let threads = ThreadExecutor.dedicated(
        name: "sigil.work", threads: max(2, ProcessInfo.processInfo.activeProcessorCount))

    /// Runs `work` on a thread where blocking is fine: this one if it is such a thread.
    public static func run<T, Failure: Error>(_ work: () async throws(Failure) -> T) async throws(Failure) -> T {
        if ThreadExecutor.currentThreadMayBlock { return try await work() }
        return try await withTaskExecutorPreference(threads, operation: work)
    }
}
