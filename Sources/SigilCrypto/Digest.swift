import COpenSSL
import Foundation

/// SHA-256 (FIPS 180-4) through OpenSSL's EVP interface.
public enum SHA256 {
    /// Length of a SHA-256 digest in bytes.
    public static let byteCount = 32

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        EVPDigest.hash(bytes, algorithm: EVP_sha256(), byteCount: byteCount)
    }

    /// The SHA-256 digest of the UTF-8 encoding of `string`.
    public static func hash(_ string: String) -> [UInt8] { hash(Array(string.utf8)) }

    /// The SHA-256 digest of `data`.
    public static func hash(_ data: Data) -> [UInt8] { hash([UInt8](data)) }
}

/// SHA-1, only for interoperability (TOTP, Have-I-Been-Pwned range queries); never for new signatures.
public enum SHA1 {
    /// Length of a SHA-1 digest in bytes.
    public static let byteCount = 20

    /// The SHA-1 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        EVPDigest.hash(bytes, algorithm: EVP_sha1(), byteCount: byteCount)
    }

    /// The SHA-1 digest of the UTF-8 encoding of `string`.
    public static func hash(_ string: String) -> [UInt8] { hash(Array(string.utf8)) }

    /// The SHA-1 digest of `data`.
    public static func hash(_ data: Data) -> [UInt8] { hash([UInt8](data)) }
}

/// One-shot EVP_Digest shared by the digest types.
enum EVPDigest {
    static func hash(_ bytes: [UInt8], algorithm: OpaquePointer?, byteCount: Int) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, algorithm, nil)
        }
        // EVP_Digest with a built-in algorithm fails only when memory runs out.
        precondition(status == 1 && Int(length) == byteCount, "EVP_Digest failed")
        return Array(digest.prefix(byteCount))
    }
}
