import COpenSSL

/// HKDF with SHA-256 (RFC 5869) through OpenSSL's EVP_KDF interface.
public enum HKDF {
    /// The most bytes HKDF-SHA256 can produce (255 blocks of 32).
    public static let maximumOutputByteCount = 255 * SHA256.byteCount

    /// Extracts a pseudorandom key from `inputKeyMaterial` and `salt`, then expands it with `info`
    /// into `outputByteCount` bytes. An empty salt means a salt of zeros, as RFC 5869 says.
    public static func deriveKey(
        inputKeyMaterial: [UInt8],
        salt: [UInt8] = [],
        info: [UInt8] = [],
        outputByteCount: Int
    ) throws -> [UInt8] {
        guard (1...maximumOutputByteCount).contains(outputByteCount) else {
            throw CryptoError.invalidOutputLength(outputByteCount)
        }
        guard let kdf = EVP_KDF_fetch(nil, "HKDF", nil) else { throw CryptoError.openSSL("EVP_KDF_fetch(HKDF)") }
        defer { EVP_KDF_free(kdf) }
        guard let context = EVP_KDF_CTX_new(kdf) else { throw CryptoError.openSSL("EVP_KDF_CTX_new") }
        defer { EVP_KDF_CTX_free(context) }

        var parameters = OSSLParameters()
        parameters.append("digest", utf8String: "SHA256")
        parameters.append("key", octetString: inputKeyMaterial)
        if !salt.isEmpty { parameters.append("salt", octetString: salt) }
        if !info.isEmpty { parameters.append("info", octetString: info) }

        var output = [UInt8](repeating: 0, count: outputByteCount)
        let status = parameters.withParameters { params in
            EVP_KDF_derive(context, &output, output.count, params)
        }
        guard status == 1 else { throw CryptoError.openSSL("EVP_KDF_derive(HKDF)") }
        return output
    }

    /// `deriveKey` with `info` given as a UTF-8 string.
    public static func deriveKey(
        inputKeyMaterial: [UInt8], salt: [UInt8] = [], info: String, outputByteCount: Int
    ) throws -> [UInt8] {
        try deriveKey(inputKeyMaterial: inputKeyMaterial, salt: salt, info: Array(info.utf8), outputByteCount: outputByteCount)
    }
}
