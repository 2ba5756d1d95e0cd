import Foundation

/// Checks passwords against a pool's policy and makes temporary passwords that pass it.
enum PasswordPolicyCheck {
    /// Cognito's symbol set (a non-leading, non-trailing space also counts).
    static let symbols = Set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-")

    /// Where the failing rule is reported; Cognito's prefix differs between APIs.
    enum Context {
        /// SignUp, ChangePassword, ConfirmForgotPassword.
        case selfService
        /// AdminCreateUser's TemporaryPassword.
        case adminCreate
        /// AdminSetUserPassword and the NEW_PASSWORD_REQUIRED answer.
        case adminSet

        var prefix: String {
            switch self {
            case .selfService: return "Password did not conform with policy: "
            case .adminCreate: return "Password did not conform with password policy: "
            case .adminSet: return "Password does not conform to policy: "
            }
        }
    }

    /// The first rule `password` breaks, as Cognito words it, or nil.
    static func violation(of policy: PasswordPolicyType?, by password: String) -> String? {
        let policy = PoolSettings.passwordPolicy(policy)
        if password.count < (policy.minimumLength ?? 8) { return "Password not long enough" }
        if policy.requireLowercase == true && !password.contains(where: isBasicLower) {
            return "Password must have lowercase characters"
        }
        if policy.requireUppercase == true && !password.contains(where: isBasicUpper) {
            return "Password must have uppercase characters"
        }
        if policy.requireNumbers == true && !password.contains(where: isDigit) {
            return "Password must have numeric characters"
        }
        if policy.requireSymbols == true && !hasSymbol(password) {
            return "Password must have symbol characters"
        }
        return nil
    }

    static func check(_ password: String, against policy: PasswordPolicyType?, context: Context) throws {
        if let reason = violation(of: policy, by: password) {
            throw CognitoError(.invalidPasswordException, context.prefix + reason)
        }
    }

    /// A temporary password of the policy's minimum length (at least 8) with one of
    /// each required class, shuffled.
    static func temporaryPassword(for policy: PasswordPolicyType?) -> String {
        let policy = PoolSettings.passwordPolicy(policy)
        let lower = Array("abcdefghijkmnopqrstuvwxyz")
        let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        let digits = Array("23456789")
        let symbolSet = Array("^$*.[]{}()?!@#%&/,><:;|_~=+-")
        var characters: [Character] = []
        characters += Identifiers.random(from: lower, count: 1)
        characters += Identifiers.random(from: upper, count: 1)
        characters += Identifiers.random(from: digits, count: 1)
        characters += Identifiers.random(from: symbolSet, count: 1)
        let all = lower + upper + digits + symbolSet
        let length = max(policy.minimumLength ?? 8, 8)
        characters += Identifiers.random(from: all, count: length - characters.count)
        // Fisher–Yates with secure random indices.
        for index in stride(from: characters.count - 1, to: 0, by: -1) {
            characters.swapAt(index, Identifiers.randomInt(below: index + 1))
        }
        return String(characters)
    }

    private static func isBasicLower(_ c: Character) -> Bool { ("a"..."z").contains(c) }
    private static func isBasicUpper(_ c: Character) -> Bool { ("A"..."Z").contains(c) }
    private static func isDigit(_ c: Character) -> Bool { ("0"..."9").contains(c) }

    private static func hasSymbol(_ password: String) -> Bool {
        let characters = Array(password)
        for (index, c) in characters.enumerated() {
            if symbols.contains(c) { return true }
            if c == " " && index > 0 && index < characters.count - 1 { return true }
        }
        return false
    }
}
