import COpenSSL
import Foundation

/// HMAC-SHA256 (RFC 2104) through OpenSSL's EVP_MAC interface.
public enum HMACSHA256 {
    /// Length of an HMAC-SHA256 tag in bytes.
    public static let byteCount = 32

    /// The HMAC-SHA256 of `message` under `key`.
    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        EVPMAC.hmac(message, key: key, digest: "SHA256", byteCount: byteCount)
    }

    /// The HMAC-SHA256 of the UTF-8 encoding of `message` under `key`.
    public static func authenticate(_ message: String, key: [UInt8]) -> [UInt8] {
        authenticate(Array(message.utf8), key: key)
    }

    /// The HMAC-SHA256 of `message` under `key`.
    public static func authenticate(_ message: Data, key: Data) -> [UInt8] {
        authenticate([UInt8](message), key: [UInt8](key))
    }
}

/// HMAC-SHA1, needed by TOTP (RFC 6238 defaults to it, and authenticator apps expect it).
public enum HMACSHA1 {
    /// Length of an HMAC-SHA1 tag in bytes.
    public static let byteCount = 20

    /// The HMAC-SHA1 of `message` under `key`.
    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        EVPMAC.hmac(message, key: key, digest: "SHA1", byteCount: byteCount)
    }
}

/// One-shot EVP_Q_mac shared by the HMAC types.
enum EVPMAC {
    static func hmac(_ message: [UInt8], key: [UInt8], digest: String, byteCount: Int) -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = 0
        // An empty key must still be passed as a non-null pointer: OpenSSL reads NULL as "keep the old key".
        let keyBytes = key.isEmpty ? [0] : key
        let result = keyBytes.withUnsafeBytes { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                EVP_Q_mac(
                    nil, "HMAC", nil, digest, nil,
                    keyBuffer.baseAddress, key.count,
                    messageBuffer.baseAddress, messageBuffer.count,
                    &tag, tag.count, &length)
            }
        }
        // HMAC with a built-in digest fails only when memory runs out.
        precondition(result != nil && length == byteCount, "EVP_Q_mac failed")
        return Array(tag.prefix(byteCount))
    }
}
