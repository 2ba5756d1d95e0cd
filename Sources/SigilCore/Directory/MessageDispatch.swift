import Foundation
import SigilJSON
import Synchronization

/// The messages a write put in the outbox, sent only once it commits (a rolled-back
/// write sends nothing).
final class Outgoing: Sendable {
    @TaskLocal static var current: Outgoing?
    private let messages = Mutex<[OutboxMessage]>([])

    func add(_ message: OutboxMessage) { messages.withLock { $0.append(message) } }
    func taken() -> [OutboxMessage] {
        messages.withLock { list in
            defer { list = [] }
            return list
        }
    }
}

extension Engine {
    /// Cognito's sender when a pool names none.
    static let defaultSender = "no-reply@verificationemail.com"

    /// After a commit: live screens hear of each message, and it goes out in the
    /// background, to the pool's CustomEmailSender/CustomSMSSender function when it has
    /// one, else to the configured sender. A failure is published, never thrown: the
    /// operation that made the message has already succeeded.
    func dispatch(_ messages: [OutboxMessage]) {
        guard !messages.isEmpty else { return }
        for message in messages { events.publish(.message(message)) }
        let hasSender = configuration.messages != nil
        // Without a sender or functions, the outbox is all there is.
        guard hasSender || configuration.functions != nil else { return }
        Task {
            for message in messages {
                do {
                    try await send(message, hasSender: hasSender)
                } catch {
                    events.publish(.deliveryFailed(message, "\(error)"))
                }
            }
        }
    }

    private func send(_ message: OutboxMessage, hasSender: Bool) async throws {
        let pool = try await read { reader in try await reader.pool(id: message.poolId) }
        guard let pool else { return }
        let config = pool.pool.lambdaConfig
        let email = message.channel == .email
        if let arn = email ? config?.customEmailSender?.lambdaArn : config?.customSMSSender?.lambdaArn {
            return try await customSender(message, arn: arn, pool: pool)
        }
        guard let sender = configuration.messages, hasSender, sender.delivers(message.channel) else { return }
        let settings = pool.pool.emailConfiguration
        let from = settings?.from ?? settings?.sourceArn.flatMap(Self.senderIdentity) ?? Self.defaultSender
        try await sender.send(OutgoingMessage(message: message, from: from, replyTo: settings?.replyToEmailAddress))
    }

    /// The address an SES identity ARN names (`…:identity/no-reply@example.com`).
    static func senderIdentity(_ arn: String) -> String? {
        guard let range = arn.range(of: ":identity/") else { return nil }
        let identity = String(arn[range.upperBound...])
        return identity.contains("@") ? identity : nil
    }
}
