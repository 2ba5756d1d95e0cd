import Foundation
import SigilCore

/// Runs an async transaction body to completion on the thread inside GRDB's transaction
/// closure, so every query the body makes uses the connection where GRDB allows it.
///
/// The body runs in a task whose executor is that thread: its first part runs at once,
/// and if it waits on something outside (it should not), its continuation comes back to
/// the same thread, which waits for it. SQLite's queries never wait, so a body normally
/// runs start to finish in one go with no thread switch.
enum ConnectionThread {
    static func run<T>(_ body: @escaping () async throws -> T) throws -> T {
        let executor = ThreadExecutor()
        let outcome = UncheckedBox<Result<T, Error>?>(nil)
        let operation = UncheckedBox(body)
        Task(executorPreference: executor) {
            do {
                outcome.value = .success(try await operation.value())
            } catch {
                outcome.value = .failure(error)
            }
            executor.finish()
        }
        executor.serve()
        guard let result = outcome.value else { throw CancellationError() }
        return try result.get()
    }
}

/// Carries a value the compiler cannot prove safe to share across a hand-over whose
/// sides never touch it at the same time (the caller waits while the body runs).
final class UncheckedBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
