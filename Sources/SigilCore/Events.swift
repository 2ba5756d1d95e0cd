import Foundation
import Synchronization

/// Something that happened in the engine, for live screens.
public enum EngineEvent: Codable, Sendable {
    /// A sign-in attempt, sign-up, confirmation, password change or forgotten password.
    case auth(poolId: String, event: AuthEventRecord)
    /// A message the service "sent" (it is in the outbox).
    case message(OutboxMessage)
    /// A write to the store committed (a user, group, pool or session changed), so views
    /// of the directory may be out of date.
    case dataChanged
    /// A trigger's function ran (or failed to).
    case invocation(TriggerInvocation)
    /// A message could not be delivered beyond the outbox: why.
    case deliveryFailed(OutboxMessage, String)
}

/// Hands each engine event to every current subscriber. Publishing never blocks: a
/// subscriber that falls far behind loses its oldest events.
public final class EngineEventBroadcaster: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<EngineEvent>.Continuation]>([:])
    private let observers = Mutex<[UUID: @Sendable (EngineEvent) -> Void]>([:])

    public init() {}

    /// Calls `handler` with each event from now on, on the thread that publishes it (so it
    /// must be quick and must not block), until `stopObserving` is called with the id.
    public func observe(_ handler: @escaping @Sendable (EngineEvent) -> Void) -> UUID {
        let id = UUID()
        observers.withLock { $0[id] = handler }
        return id
    }

    public func stopObserving(_ id: UUID) {
        observers.withLock { _ = $0.removeValue(forKey: id) }
    }

    /// A stream of the events published from now on; it ends when the caller stops iterating.
    public func subscribe(bufferSize: Int = 1_000) -> AsyncStream<EngineEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<EngineEvent>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { _ = $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    public func publish(_ event: EngineEvent) {
        let targets = subscribers.withLock { Array($0.values) }
        for continuation in targets { continuation.yield(event) }
        for handler in observers.withLock({ Array($0.values) }) { handler(event) }
    }
}
