import Dispatch

/// Runs CPU-heavy cryptography (SRP's modular exponentiations) on Dispatch's worker
/// threads, so that a server whose network event loops run the engine keeps answering
/// other clients while a sign-in computes. The hop costs microseconds; the work, about a
/// millisecond. (Token signing happens inside a write transaction, which already runs on
/// the store's own thread.)
enum CPUWork {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
        }
    }

    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
