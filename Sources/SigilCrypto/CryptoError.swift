import COpenSSL

/// Errors thrown by SigilCrypto for bad input or a failing OpenSSL call.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An OpenSSL call failed; `operation` names it and `reason` is OpenSSL's message.
    case openSSL(operation: String, reason: String)
    /// A key has the wrong length (`expected` may list several lengths).
    case invalidKeySize(expected: String, actual: Int)
    /// A nonce (IV) or tag has a length the cipher does not accept.
    case invalidNonceSize(Int)
    case invalidTagSize(Int)
    /// Sealed data is shorter than nonce plus tag.
    case truncatedCiphertext
    /// The authentication tag does not match: the data or its associated data were altered.
    case authenticationFailed
    /// A string that should be hexadecimal is not.
    case invalidHex
    /// A PEM document could not be read as the expected key type.
    case invalidPEM(String)
    /// A JWK could not be read (missing or malformed member).
    case invalidJWK(String)
    /// An RSA key could not be used for this (for example signing with a public-only key).
    case invalidKey(String)
    /// An output length outside what the algorithm can produce.
    case invalidOutputLength(Int)
    /// A user pool id without the `region_` prefix.
    case invalidPoolId(String)
    /// An SRP public value (A or B) that is 0 mod N (a known attack) or longer than N.
    case invalidSRPPublicValue(String)
    /// The SRP scrambling parameter u came out as zero.
    case srpScramblerIsZero

    public var description: String {
        switch self {
        case .openSSL(let operation, let reason): return "OpenSSL \(operation) failed: \(reason)"
        case .invalidKeySize(let expected, let actual): return "Key must be \(expected) bytes, got \(actual)"
        case .invalidNonceSize(let size): return "Nonce of \(size) bytes is not accepted"
        case .invalidTagSize(let size): return "Authentication tag of \(size) bytes is not accepted"
        case .truncatedCiphertext: return "Sealed data is too short"
        case .authenticationFailed: return "Authentication failed: data or associated data were altered"
        case .invalidHex: return "Not a hexadecimal string"
        case .invalidPEM(let reason): return "Invalid PEM: \(reason)"
        case .invalidJWK(let reason): return "Invalid JWK: \(reason)"
        case .invalidKey(let reason): return "Invalid key: \(reason)"
        case .invalidOutputLength(let length): return "Output length \(length) is not possible"
        case .invalidPoolId(let poolId): return "Invalid user pool id '\(poolId)'"
        case .invalidSRPPublicValue(let name): return "SRP value \(name) is invalid (0 mod N, or longer than N)"
        case .srpScramblerIsZero: return "SRP scrambling parameter u is zero"
        }
    }

    /// The error for a failed OpenSSL call, with the oldest message on this thread's error queue.
    /// Clears the queue so that later calls start clean.
    static func openSSL(_ operation: String) -> CryptoError {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return .openSSL(operation: operation, reason: "unknown error") }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return .openSSL(operation: operation, reason: reason)
    }
}
