import Foundation
import SigilCore
import SigilJSON

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends what lands in the outbox for real: email over SMTP, SMS as a JSON POST to a
/// webhook (`{"to", "message", "poolId", "username", "purpose"}`), each when configured.
public struct MessageDelivery: MessageSender {
    public let smtp: SMTPSettings?
    public let smsWebhook: URL?

    public init(smtp: SMTPSettings?, smsWebhook: URL?) {
        self.smtp = smtp
        self.smsWebhook = smsWebhook
    }

    public func delivers(_ channel: DeliveryMediumType) -> Bool {
        channel == .email ? smtp != nil : smsWebhook != nil
    }

    public func send(_ outgoing: OutgoingMessage) async throws {
        let message = outgoing.message
        if message.channel == .email, let smtp {
            let mail = MailMessage.render(
                from: outgoing.from, to: message.destination, replyTo: outgoing.replyTo, subject: message.subject ?? "",
                body: message.text, date: message.sent, messageId: "\(UUID().uuidString.lowercased())@sigil.localhost")
            let from = MailMessage.address(outgoing.from)
            try await Task.detached {
                try SMTPClient(settings: smtp).send(from: from, to: [message.destination], data: mail)
            }.value
        } else if message.channel == .sms, let smsWebhook {
            try await post(message, to: smsWebhook)
        }
    }

    private func post(_ message: OutboxMessage, to url: URL) async throws {
        let body: JSONValue = [
            "to": .string(message.destination), "message": .string(message.text), "poolId": .string(message.poolId),
            "username": .string(message.username), "purpose": .string(message.purpose.rawValue),
        ]
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(try body.jsonBytes())
        let status: Int = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { _, response, error in
                if let error {
                    return continuation.resume(throwing: SMTPFailure("the SMS webhook \(url.absoluteString) failed: \(error.localizedDescription)"))
                }
                continuation.resume(returning: (response as? HTTPURLResponse)?.statusCode ?? 0)
            }.resume()
        }
        guard (200..<300).contains(status) else { throw SMTPFailure("the SMS webhook \(url.absoluteString) answered HTTP \(status)") }
    }
}
