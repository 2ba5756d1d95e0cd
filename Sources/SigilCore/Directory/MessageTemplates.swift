import Foundation

/// Message texts: the pool's templates with `{username}` and `{####}` filled in, and
/// the masked destinations Cognito reports in CodeDeliveryDetails.
enum MessageTemplates {
    /// The model's patterns already require `{####}`; an invitation must also say who
    /// the user is, or the recipient could not sign in.
    static func checkInvitation(_ template: MessageTemplateType) throws {
        for text in [template.smsMessage, template.emailMessage] {
            if let text, !text.contains("{username}") || !text.contains("{####}") {
                throw CognitoError.invalidParameter("The message is invalid.")
            }
        }
    }

    static func checkVerification(_ template: VerificationMessageTemplateType) throws {
        for text in [template.smsMessage, template.emailMessage] {
            if let text, !text.contains("{####}") {
                throw CognitoError.invalidParameter("The message is invalid.")
            }
        }
    }

    static func fill(_ template: String, username: String, code: String) -> String {
        template.replacingOccurrences(of: "{username}", with: username).replacingOccurrences(of: "{####}", with: code)
    }

    /// `john@example.com` → `j***@e***`.
    static func maskEmail(_ email: String) -> String {
        let parts = email.split(separator: "@", maxSplits: 1)
        guard parts.count == 2, let local = parts[0].first, let domain = parts[1].first else { return "***" }
        return "\(local)***@\(domain)***"
    }

    /// `+15555550100` → `+*******0100`.
    static func maskPhone(_ phone: String) -> String {
        let digits = phone.filter(\.isNumber)
        guard digits.count > 4 else { return "+" + String(repeating: "*", count: digits.count) }
        return "+" + String(repeating: "*", count: digits.count - 4) + String(digits.suffix(4))
    }

    static func mask(_ destination: String, channel: DeliveryMediumType) -> String {
        channel == .email ? maskEmail(destination) : maskPhone(destination)
    }
}
