import COpenSSL

/// AES-GCM authenticated encryption (NIST SP 800-38D), used to encrypt secrets at rest
/// (SRP verifiers, TOTP secrets) under a 256-bit key.
public enum AESGCM {
    /// Key length for `seal` and `open`: AES-256.
    public static let keyByteCount = 32
    /// Nonce length for `seal` and `open`: the 96 bits GCM is designed for.
    public static let nonceByteCount = 12
    /// Tag length for `seal` and `open`: the full 128 bits.
    public static let tagByteCount = 16

    /// Encrypts and authenticates `plaintext` (and `authenticating`, which is not encrypted).
    /// Returns nonce ‖ ciphertext ‖ tag. The nonce is random unless given; never reuse one with a key.
    public static func seal(
        _ plaintext: [UInt8], key: [UInt8], nonce: [UInt8]? = nil, authenticating associatedData: [UInt8] = []
    ) throws -> [UInt8] {
        guard key.count == keyByteCount else { throw CryptoError.invalidKeySize(expected: "32", actual: key.count) }
        let nonce = nonce ?? SecureRandom.bytes(nonceByteCount)
        guard nonce.count == nonceByteCount else { throw CryptoError.invalidNonceSize(nonce.count) }
        let (ciphertext, tag) = try encrypt(plaintext, key: key, nonce: nonce, authenticating: associatedData)
        return nonce + ciphertext + tag
    }

    /// Checks and decrypts the output of `seal`. Throws `CryptoError.authenticationFailed`
    /// if anything (nonce, ciphertext, tag or associated data) was altered.
    public static func open(
        _ combined: [UInt8], key: [UInt8], authenticating associatedData: [UInt8] = []
    ) throws -> [UInt8] {
        guard key.count == keyByteCount else { throw CryptoError.invalidKeySize(expected: "32", actual: key.count) }
        guard combined.count >= nonceByteCount + tagByteCount else { throw CryptoError.truncatedCiphertext }
        let nonce = Array(combined.prefix(nonceByteCount))
        let tag = Array(combined.suffix(tagByteCount))
        let ciphertext = Array(combined[nonceByteCount..<(combined.count - tagByteCount)])
        return try decrypt(ciphertext, key: key, nonce: nonce, tag: tag, authenticating: associatedData)
    }

    /// Low-level encryption with an explicit nonce of any length and a tag of 4 to 16 bytes,
    /// for known-answer tests. `key` may be 16, 24 or 32 bytes (AES-128, -192, -256).
    public static func encrypt(
        _ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], authenticating associatedData: [UInt8] = [],
        tagByteCount: Int = AESGCM.tagByteCount
    ) throws -> (ciphertext: [UInt8], tag: [UInt8]) {
        guard (4...16).contains(tagByteCount) else { throw CryptoError.invalidTagSize(tagByteCount) }
        let context = try makeContext(key: key, nonce: nonce, encrypting: true)
        defer { EVP_CIPHER_CTX_free(context) }

        try update(context, input: associatedData, output: nil)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        try update(context, input: plaintext, output: &ciphertext)
        var scratch = [UInt8](repeating: 0, count: 32)
        var length: Int32 = 0
        guard EVP_EncryptFinal_ex(context, &scratch, &length) == 1 else {
            throw CryptoError.openSSL("EVP_EncryptFinal_ex")
        }
        var tag = [UInt8](repeating: 0, count: tagByteCount)
        guard EVP_CIPHER_CTX_ctrl(context, sigil_gcm_get_tag(), Int32(tagByteCount), &tag) == 1 else {
            throw CryptoError.openSSL("EVP_CTRL_GCM_GET_TAG")
        }
        return (ciphertext, tag)
    }

    /// Low-level decryption matching `encrypt`. Throws `CryptoError.authenticationFailed` on a bad tag.
    public static func decrypt(
        _ ciphertext: [UInt8], key: [UInt8], nonce: [UInt8], tag: [UInt8], authenticating associatedData: [UInt8] = []
    ) throws -> [UInt8] {
        guard (4...16).contains(tag.count) else { throw CryptoError.invalidTagSize(tag.count) }
        let context = try makeContext(key: key, nonce: nonce, encrypting: false)
        defer { EVP_CIPHER_CTX_free(context) }

        try update(context, input: associatedData, output: nil)
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        try update(context, input: ciphertext, output: &plaintext)
        var expectedTag = tag
        guard EVP_CIPHER_CTX_ctrl(context, sigil_gcm_set_tag(), Int32(tag.count), &expectedTag) == 1 else {
            throw CryptoError.openSSL("EVP_CTRL_GCM_SET_TAG")
        }
        var scratch = [UInt8](repeating: 0, count: 32)
        var length: Int32 = 0
        guard EVP_DecryptFinal_ex(context, &scratch, &length) == 1 else {
            ERR_clear_error()
            throw CryptoError.authenticationFailed
        }
        return plaintext
    }

    private static func makeContext(key: [UInt8], nonce: [UInt8], encrypting: Bool) throws -> OpaquePointer {
        let cipher: OpaquePointer?
        switch key.count {
        case 16: cipher = EVP_aes_128_gcm()
        case 24: cipher = EVP_aes_192_gcm()
        case 32: cipher = EVP_aes_256_gcm()
        default: throw CryptoError.invalidKeySize(expected: "16, 24 or 32", actual: key.count)
        }
        guard !nonce.isEmpty, nonce.count <= 1024 else { throw CryptoError.invalidNonceSize(nonce.count) }
        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL("EVP_CIPHER_CTX_new") }
        let mode: Int32 = encrypting ? 1 : 0
        guard EVP_CipherInit_ex(context, cipher, nil, nil, nil, mode) == 1,
            EVP_CIPHER_CTX_ctrl(context, sigil_gcm_set_ivlen(), Int32(nonce.count), nil) == 1,
            EVP_CipherInit_ex(context, nil, nil, key, nonce, mode) == 1
        else {
            EVP_CIPHER_CTX_free(context)
            throw CryptoError.openSSL("EVP_CipherInit_ex(AES-GCM)")
        }
        return context
    }

    /// Feeds `input` through the cipher; with `output` nil it is associated data.
    private static func update(_ context: OpaquePointer, input: [UInt8], output: UnsafeMutablePointer<UInt8>?) throws {
        guard !input.isEmpty else { return }
        guard input.count <= Int(Int32.max) else { throw CryptoError.openSSL(operation: "EVP_CipherUpdate", reason: "input too large") }
        var length: Int32 = 0
        guard EVP_CipherUpdate(context, output, &length, input, Int32(input.count)) == 1 else {
            throw CryptoError.openSSL("EVP_CipherUpdate")
        }
    }
}
