import Foundation

/// A user's sign-in state beyond the directory: MFA settings, the lockout counter, when
/// the user last signed out everywhere, and attribute changes waiting for verification.
public struct UserSecurity: Codable, Sendable, Equatable {
    public var smsMfaEnabled = false
    public var softwareTokenMfaEnabled = false
    public var emailMfaEnabled = false
    /// SMS_MFA, SOFTWARE_TOKEN_MFA or EMAIL_OTP.
    public var preferredMfa: String?
    /// The TOTP secret, sealed with the at-rest key (base64), once verified.
    public var totpSecret: String?
    /// A secret from AssociateSoftwareToken not yet verified.
    public var pendingTotpSecret: String?
    public var totpFriendlyName: String?
    /// The last TOTP time step accepted, so a code is never accepted twice.
    public var lastTotpStep: Int64?

    public var failedSignIns = 0
    public var lastFailedSignIn: Date?
    public var lockedUntil: Date?

    /// When the user last signed out everywhere (GlobalSignOut).
    public var signedOutAt: Date?

    /// New values of verification-gated attributes, applied once verified.
    public var pendingAttributes: [String: String]?

    /// The group key of the user's remembered devices (DeviceGroupKey).
    public var deviceGroupKey: String?

    public init() {}

    /// The MFA methods the user has turned on, in Cognito's names.
    public var enabledMfa: [String] {
        var list: [String] = []
        if smsMfaEnabled { list.append("SMS_MFA") }
        if softwareTokenMfaEnabled { list.append("SOFTWARE_TOKEN_MFA") }
        if emailMfaEnabled { list.append("EMAIL_OTP") }
        return list
    }
}
