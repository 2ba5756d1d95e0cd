import Foundation
import SigilJSON
import Synchronization

/// One run of a trigger's function: what Cognito would have sent and what came back.
public struct TriggerInvocation: Codable, Sendable, Equatable, Identifiable {
    public enum Outcome: Codable, Sendable, Equatable {
        case succeeded
        /// Refused or failed: Cognito's exception and message.
        case failed(exception: String, message: String)
    }

    public var id: UUID
    public var at: Date
    /// The LambdaConfig name (PreSignUp …), the event's triggerSource, and the function.
    public var trigger: String
    public var source: String
    public var arn: String
    public var poolId: String
    public var username: String?
    public var milliseconds: Double
    /// nil when the function never answered.
    public var coldStart: Bool?
    public var outcome: Outcome
    public var event: JSONValue
    public var response: JSONValue?

    public var succeeded: Bool { outcome == .succeeded }
}

/// The latest trigger invocations, newest first, kept in memory (a few hundred).
public final class InvocationLog: Sendable {
    static let capacity = 300
    private let entries = Mutex<[TriggerInvocation]>([])

    public init() {}

    public var recent: [TriggerInvocation] { entries.withLock { Array($0.reversed()) } }

    func append(_ invocation: TriggerInvocation) {
        entries.withLock { list in
            list.append(invocation)
            if list.count > Self.capacity { list.removeFirst(list.count - Self.capacity) }
        }
    }
}
