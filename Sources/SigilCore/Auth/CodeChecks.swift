import Foundation
import SigilCrypto

/// Checking a code a user typed: unknown or expired codes, wrong codes (counted: five
/// wrong answers spend the code) and success (the code is used up).
extension Engine {
    static let codeAttempts = 5

    /// Checks `code` and returns the stored code it matched. A wrong answer is recorded
    /// before failing, so the caller must commit the transaction and then throw.
    func checkCode(_ code: String, user: UserRecord, purpose: VerificationCode.Purpose, writer: any DirectoryWriter) async throws
        -> Result<VerificationCode, CognitoError>
    {
        guard let userId = user.id, var stored = try await writer.verificationCode(userId: userId, purpose: purpose) else {
            return .failure(CognitoError(.expiredCodeException, "Invalid code provided, please request a code again."))
        }
        if stored.attempts >= Self.codeAttempts {
            return .failure(CognitoError(.limitExceededException, "Attempt limit exceeded, please try after some time."))
        }
        if clock.now >= stored.expires {
            return .failure(CognitoError(.expiredCodeException, "Invalid code provided, please request a code again."))
        }
        let given = vault.hashCode(code, userId: userId, purpose: purpose.rawValue)
        guard constantTimeEquals([UInt8](given), [UInt8](stored.codeHash)) else {
            stored.attempts += 1
            try await writer.saveVerificationCode(stored)
            return .failure(CognitoError(.codeMismatchException, "Invalid verification code provided, please try again."))
        }
        // Spent: keep the send counter for the hourly limit, but no code matches any more.
        stored.codeHash = Data()
        stored.expires = clock.now
        try await writer.saveVerificationCode(stored)
        return .success(stored)
    }
}
