import Foundation

/// Delivers messages beyond the outbox, where they are always kept: mail over SMTP, SMS
/// through a webhook. Implemented outside the engine (adapters).
public protocol MessageSender: Sendable {
    /// Whether this sender delivers the channel at all.
    func delivers(_ channel: DeliveryMediumType) -> Bool
    func send(_ message: OutgoingMessage) async throws
}

/// A message from the outbox with its envelope: the sender address and reply-to the
/// pool's EmailConfiguration gives (for email).
public struct OutgoingMessage: Sendable, Equatable {
    public var message: OutboxMessage
    public var from: String
    public var replyTo: String?

    public init(message: OutboxMessage, from: String, replyTo: String? = nil) {
        self.message = message
        self.from = from
        self.replyTo = replyTo
    }
}
