import Foundation
import SigilCrypto
import SigilJSON

/// CustomEmailSender and CustomSMSSender: when a pool names them, Cognito hands each
/// message to the function instead of sending it, with the code encrypted. Cognito
/// encrypts with the pool's KMS key (LambdaConfig.KMSKeyID) through the AWS Encryption
/// SDK; no KMS exists here, so Sigil encrypts with AES-256-GCM under a key it derives for
/// that KMSKeyID (`sigil function sender-key KMS_KEY_ID` prints it): `request.code` is
/// base64 of nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes). The README shows a handler
/// decrypting it in Python and Node.js.
extension Engine {
    /// The key a custom sender decrypts codes with, base64: derived from the at-rest key
    /// and the pool's KMSKeyID, so it is the same for every pool naming that key.
    public func customSenderKey(kmsKeyId: String) -> String {
        Data(senderKey(kmsKeyId)).base64EncodedString()
    }

    func senderKey(_ kmsKeyId: String) -> [UInt8] {
        HMACSHA256.authenticate(Array("sigil-custom-sender|\(kmsKeyId)".utf8), key: configuration.atRestKey)
    }

    /// Runs the pool's custom sender for a message that would have been sent.
    func customSender(_ message: OutboxMessage, arn: String, pool: StoredPool) async throws {
        let email = message.channel == .email
        let user = try await read { reader in try? await requireUser(message.username, in: pool, reader: reader) }
        var request: [String: JSONValue] = [
            "type": .string(email ? "customEmailSenderRequestV1" : "customSMSSenderRequestV1"),
            "userAttributes": user.map(triggerAttributes) ?? [:],
            "code": .null,
        ]
        if let code = message.code {
            let sealed = try AESGCM.seal(Array(code.utf8), key: senderKey(pool.pool.lambdaConfig?.kmsKeyID ?? ""))
            request["code"] = .string(Data(sealed).base64EncodedString())
        }
        let name = email ? "CustomEmailSender" : "CustomSMSSender"
        _ = try await runTrigger(
            name, arn: arn,
            event: triggerEvent(
                "\(name)_\(Self.senderSource(message.purpose))", pool: pool, username: message.username, clientId: nil, request: request))
    }

    /// The triggerSource suffix for what a message is for.
    static func senderSource(_ purpose: OutboxMessage.Purpose) -> String {
        switch purpose {
        case .invitation: return "AdminCreateUser"
        case .signUpCode: return "SignUp"
        case .forgotPassword, .resetPassword: return "ForgotPassword"
        case .verifyAttribute: return "UpdateUserAttribute"
        case .mfaCode: return "Authentication"
        case .securityNotice: return "AccountTakeOverNotification"
        }
    }
}
