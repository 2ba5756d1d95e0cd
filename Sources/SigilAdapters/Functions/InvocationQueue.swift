import Foundation
import SigilCore

/// The invocations of one function waiting for its worker, and the answers coming back:
/// what the Lambda Runtime API serves (`next`) and takes (`response`, `error`).
actor InvocationQueue {
    struct Invocation: Sendable {
        let id: String
        let event: [UInt8]
        /// How long the handler has once it has the event.
        let timeout: Duration
        /// Milliseconds since 1970 by which the answer is due (set when handed out).
        var deadlineMs: Int64 = 0
    }

    /// How long a call may wait for a worker to start (Lambda's limit on a cold start), on
    /// top of the handler's own time.
    static let startLimit = Duration.seconds(10)

    private var pending: [Invocation] = []
    private var waiting: [CheckedContinuation<Invocation, Never>] = []
    private var answers: [String: CheckedContinuation<Result<[UInt8], FunctionFailure>, Never>] = [:]
    /// Why the worker could not start (a broken handler file), reported to every call.
    private var initFailure: FunctionFailure?
    /// Closed: the function is stopping; `next` answers at once with an empty invocation.
    private var closed = false

    /// Hands `event` to the worker and waits for its answer, or `.timedOut`: the handler's
    /// time starts when the worker takes the event (a cold start does not count, as in
    /// Lambda, up to `startLimit`).
    func submit(_ event: [UInt8], timeout: Duration) async -> Result<[UInt8], FunctionFailure> {
        if let initFailure { return .failure(initFailure) }
        let id = UUID().uuidString.lowercased()
        let invocation = Invocation(id: id, event: event, timeout: timeout)
        expire(id, after: timeout + Self.startLimit)
        return await withCheckedContinuation { continuation in
            answers[id] = continuation
            if waiting.isEmpty {
                pending.append(invocation)
            } else {
                waiting.removeFirst().resume(returning: handOut(invocation))
            }
        }
    }

    /// Calls waiting for the worker or running in it; 0 when it waits for work.
    var backlog: Int { answers.count }

    /// The next invocation for the worker, waiting for one if need be.
    func next() async -> Invocation {
        if closed { return Self.none }
        if !pending.isEmpty { return handOut(pending.removeFirst()) }
        return await withCheckedContinuation { waiting.append($0) }
    }

    static let none = Invocation(id: "", event: [], timeout: .zero)

    /// The invocation as the worker gets it: its deadline from now, and its timer started.
    private func handOut(_ invocation: Invocation) -> Invocation {
        var given = invocation
        given.deadlineMs = Int64(Date().timeIntervalSince1970 * 1_000) + Int64(invocation.timeout.components.seconds * 1_000)
        expire(invocation.id, after: invocation.timeout)
        return given
    }

    private func expire(_ id: String, after delay: Duration) {
        Task {
            try? await Task.sleep(for: delay)
            self.finish(id, .failure(.timedOut))
        }
    }

    /// Delivers an answer; false when nobody waits for it any more (late, or unknown).
    @discardableResult
    func finish(_ id: String, _ result: Result<[UInt8], FunctionFailure>) -> Bool {
        pending.removeAll { $0.id == id }
        guard let continuation = answers.removeValue(forKey: id) else { return false }
        continuation.resume(returning: result)
        return true
    }

    /// The worker could not load the handler: calls fail with this until it is restarted.
    func failInit(_ failure: FunctionFailure) {
        initFailure = failure
        for id in Array(answers.keys) { finish(id, .failure(failure)) }
    }

    /// Stops serving: calls in flight fail and the worker's waiting request is answered,
    /// so the Runtime API can close with no request left hanging.
    func close() {
        closed = true
        failAll(.crashed("was stopped"))
    }

    /// The worker died: what it was running fails, and its waiting request (a connection
    /// that is gone) is let go with an empty invocation.
    func failAll(_ failure: FunctionFailure) {
        for id in Array(answers.keys) { finish(id, .failure(failure)) }
        for continuation in waiting { continuation.resume(returning: Self.none) }
        waiting = []
    }
}
