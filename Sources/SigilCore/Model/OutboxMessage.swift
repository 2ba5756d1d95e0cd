import Foundation

/// A message the service would have sent by email or SMS. No real delivery happens by
/// default; the outbox is where operators, tests and scripts read codes.
public struct OutboxMessage: Codable, Sendable, Equatable {
    public enum Purpose: String, Sendable, Codable, CaseIterable {
        case invitation
        case signUpCode = "sign-up-code"
        case forgotPassword = "forgot-password"
        case resetPassword = "reset-password"
        case verifyAttribute = "verify-attribute"
        case mfaCode = "mfa-code"
        case securityNotice = "security-notice"
    }

    public var id: Int64?
    public var poolId: String
    public var username: String
    public var channel: DeliveryMediumType
    public var destination: String
    public var purpose: Purpose
    public var subject: String?
    public var text: String
    public var code: String?
    public var sent: Date

    public init(
        id: Int64? = nil, poolId: String, username: String, channel: DeliveryMediumType, destination: String,
        purpose: Purpose, subject: String? = nil, text: String, code: String? = nil, sent: Date
    ) {
        self.id = id
        self.poolId = poolId
        self.username = username
        self.channel = channel
        self.destination = destination
        self.purpose = purpose
        self.subject = subject
        self.text = text
        self.code = code
        self.sent = sent
    }
}
