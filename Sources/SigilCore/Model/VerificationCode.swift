import Foundation

/// A one-time code sent to a user, kept only as a hash.
public struct VerificationCode: Sendable, Equatable {
    public enum Purpose: String, Sendable, CaseIterable {
        case signUp = "sign-up"
        case forgotPassword = "forgot-password"
        case verifyEmail = "verify-email"
        case verifyPhone = "verify-phone"
    }

    public var userId: Int64
    public var purpose: Purpose
    public var codeHash: Data
    public var expires: Date
    public var attempts: Int
    /// The attribute (email or phone_number) the code went to, which it verifies.
    public var attribute: String?
    /// Codes sent for this purpose in the hour starting at `windowStart` (rate limit).
    public var sends: Int
    public var windowStart: Date?

    public init(
        userId: Int64, purpose: Purpose, codeHash: Data, expires: Date, attempts: Int = 0, attribute: String? = nil, sends: Int = 1,
        windowStart: Date? = nil
    ) {
        self.userId = userId
        self.purpose = purpose
        self.codeHash = codeHash
        self.expires = expires
        self.attempts = attempts
        self.attribute = attribute
        self.sends = sends
        self.windowStart = windowStart
    }
}
