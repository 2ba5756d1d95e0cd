import COpenSSL
import Foundation
import SigilJSON

/// An RSA key pair (or public key) for RS256 token signatures, with PEM and JWK import/export.
///
/// Safe to share between threads: the underlying EVP_PKEY is never modified after creation,
/// and each signature or verification uses its own OpenSSL context.
public final class RSAKey: @unchecked Sendable {
    private let key: OpaquePointer
    /// Whether this key can sign (holds the private half).
    public let hasPrivateKey: Bool

    /// A digest-and-sign context set up once for RS256 with this key: each signature
    /// starts from a copy, which skips OpenSSL's look-up of the algorithms (and the locks
    /// it takes) on every token. Only read after `init`.
    private let signingTemplate: OpaquePointer?

    private init(key: OpaquePointer, hasPrivateKey: Bool) {
        self.key = key
        self.hasPrivateKey = hasPrivateKey
        var template: OpaquePointer?
        if hasPrivateKey, let context = EVP_MD_CTX_new() {
            if EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 {
                template = context
            } else {
                EVP_MD_CTX_free(context)
                ERR_clear_error()
            }
        }
        signingTemplate = template
    }

    deinit {
        if let signingTemplate { EVP_MD_CTX_free(signingTemplate) }
        EVP_PKEY_free(key)
    }

    /// Size of the modulus in bits.
    public var bitCount: Int { Int(EVP_PKEY_get_bits(key)) }

    /// A new random key pair (2048 bits by default, as Cognito uses).
    public static func generate(bits: Int = 2048) throws -> RSAKey {
        guard (2048...8192).contains(bits) else { throw CryptoError.invalidKey("RSA keys must have 2048 to 8192 bits") }
        guard let key = sigil_rsa_generate(UInt32(bits)) else { throw CryptoError.openSSL("EVP_RSA_gen(\(bits))") }
        return RSAKey(key: key, hasPrivateKey: true)
    }

    /// Reads a private key from PEM (PKCS#8 `PRIVATE KEY`, or PKCS#1 `RSA PRIVATE KEY`).
    /// Encrypted PEM is refused rather than prompting for a passphrase.
    public convenience init(privateKeyPEM pem: String) throws {
        let key = try Self.readPEM(pem, kind: "private key") { bio in
            PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        self.init(key: key, hasPrivateKey: true)
    }

    /// Reads a public key from PEM (SubjectPublicKeyInfo, `PUBLIC KEY`).
    public convenience init(publicKeyPEM pem: String) throws {
        let key = try Self.readPEM(pem, kind: "public key") { bio in
            PEM_read_bio_PUBKEY(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        self.init(key: key, hasPrivateKey: false)
    }

    /// Builds a public key from a JWK's base64url `n` (modulus) and `e` (exponent).
    /// Moduli under 2048 bits are refused.
    public convenience init(jwkModulus modulus: String, exponent: String) throws {
        guard let n = Base64URL.decode(modulus)?.drop(while: { $0 == 0 }), !n.isEmpty else {
            throw CryptoError.invalidJWK("'n' is not a base64url positive integer")
        }
        guard let e = Base64URL.decode(exponent)?.drop(while: { $0 == 0 }), !e.isEmpty, e.count <= 8 else {
            throw CryptoError.invalidJWK("'e' is not a base64url positive integer")
        }
        guard n.count * 8 - n[n.startIndex].leadingZeroBitCount >= 2048 else {
            throw CryptoError.invalidJWK("modulus shorter than 2048 bits")
        }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
            throw CryptoError.openSSL("EVP_PKEY_CTX_new_from_name(RSA)")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var parameters = OSSLParameters()
        parameters.append("n", unsignedBigEndian: Array(n))
        parameters.append("e", unsignedBigEndian: Array(e))
        var key: OpaquePointer?
        let status = parameters.withParameters { params in
            EVP_PKEY_fromdata_init(context) == 1
                && EVP_PKEY_fromdata(context, &key, sigil_selection_public_key(), params) == 1
        }
        guard status, let key else { throw CryptoError.invalidJWK(CryptoError.openSSL("EVP_PKEY_fromdata").description) }
        self.init(key: key, hasPrivateKey: false)
    }

    /// Convenience for a decoded JWK object: needs `kty` "RSA", `n` and `e`.
    public convenience init(jwk: [String: JSONValue]) throws {
        guard jwk["kty"]?.stringValue == "RSA" else { throw CryptoError.invalidJWK("'kty' must be \"RSA\"") }
        guard let n = jwk["n"]?.stringValue else { throw CryptoError.invalidJWK("missing 'n'") }
        guard let e = jwk["e"]?.stringValue else { throw CryptoError.invalidJWK("missing 'e'") }
        try self.init(jwkModulus: n, exponent: e)
    }

    /// The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), unencrypted.
    public func privateKeyPEM() throws -> String {
        guard hasPrivateKey else { throw CryptoError.invalidKey("no private key to export") }
        return try Self.writePEM { bio in PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) }
    }

    /// The public key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`).
    public func publicKeyPEM() throws -> String {
        try Self.writePEM { bio in PEM_write_bio_PUBKEY(bio, key) }
    }

    /// The public key as DER SubjectPublicKeyInfo.
    public func publicKeyDER() throws -> [UInt8] {
        let length = i2d_PUBKEY(key, nil)
        guard length > 0 else { throw CryptoError.openSSL("i2d_PUBKEY") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(key, &cursor)
        }
        guard written == length else { throw CryptoError.openSSL("i2d_PUBKEY") }
        return der
    }

    /// The public JWK members: `kty` "RSA", and base64url `n` and `e` without leading zero bytes.
    public func publicJWK() throws -> [String: JSONValue] {
        ["kty": "RSA", "n": .string(Base64URL.encode(try integer("n"))), "e": .string(Base64URL.encode(try integer("e")))]
    }

    /// A stable key id in the style of Cognito's: standard base64 of SHA-256 of the public key
    /// DER (44 characters, with `+`, `/` and `=`).
    public func keyID() throws -> String {
        Data(SHA256.hash(try publicKeyDER())).base64EncodedString()
    }

    /// RS256: RSASSA-PKCS1-v1_5 with SHA-256 over `message`.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        guard hasPrivateKey else { throw CryptoError.invalidKey("signing needs a private key") }
        guard let context = EVP_MD_CTX_new() else { throw CryptoError.openSSL("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        if let signingTemplate {
            guard EVP_MD_CTX_copy_ex(context, signingTemplate) == 1 else { throw CryptoError.openSSL("EVP_MD_CTX_copy_ex") }
        } else {
            guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else {
                throw CryptoError.openSSL("EVP_DigestSignInit")
            }
        }
        var length = 0
        guard EVP_DigestSign(context, nil, &length, message, message.count) == 1 else {
            throw CryptoError.openSSL("EVP_DigestSign")
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, message, message.count) == 1 else {
            throw CryptoError.openSSL("EVP_DigestSign")
        }
        return Array(signature.prefix(length))
    }

    /// RS256 over the UTF-8 bytes of `message`.
    public func sign(_ message: String) throws -> [UInt8] {
        try sign(Array(message.utf8))
    }

    /// Whether `signature` is a valid RS256 signature of `message` by this key.
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        guard !signature.isEmpty, let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        let valid =
            EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1
            && EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
        if !valid { ERR_clear_error() }
        return valid
    }

    // MARK: - Helpers

    /// A public-key integer parameter ("n" or "e") as minimal big-endian bytes.
    private func integer(_ name: String) throws -> [UInt8] {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, name, &number) == 1, let number else {
            throw CryptoError.openSSL("EVP_PKEY_get_bn_param(\(name))")
        }
        defer { BN_free(number) }
        var bytes = [UInt8](repeating: 0, count: Int(sigil_bn_num_bytes(number)))
        _ = BN_bn2bin(number, &bytes)
        return bytes
    }

    private static func readPEM(
        _ pem: String, kind: String, read: (OpaquePointer) -> OpaquePointer?
    ) throws -> OpaquePointer {
        let bytes = Array(pem.utf8)
        guard !bytes.isEmpty, bytes.count <= Int(Int32.max) else { throw CryptoError.invalidPEM("empty \(kind)") }
        // A memory BIO reads the buffer in place, so everything happens while the buffer is pinned.
        let key = bytes.withUnsafeBytes { buffer -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return read(bio)
        }
        guard let key else {
            ERR_clear_error()
            throw CryptoError.invalidPEM("not a readable, unencrypted \(kind)")
        }
        guard EVP_PKEY_is_a(key, "RSA") == 1 else {
            EVP_PKEY_free(key)
            throw CryptoError.invalidPEM("\(kind) is not an RSA key")
        }
        return key
    }

    private static func writePEM(_ write: (OpaquePointer) -> Int32) throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError.openSSL("BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw CryptoError.openSSL("PEM_write_bio") }
        var data: UnsafeMutablePointer<CChar>?
        let length = sigil_bio_mem_data(bio, &data)
        guard length > 0, let data else { throw CryptoError.openSSL("BIO_get_mem_data") }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }
}
