/// The arithmetic of Cognito's SRP-6a: the 3072-bit group of RFC 5054 with g = 2 and SHA-256,
/// padded the way Cognito's clients (Amplify, pycognito) pad. `SRPServer` and `SRPClient` build
/// the two sides of the handshake from these parts.
///
/// Values are unsigned big-endian byte strings.
public enum SRP {
    /// N, the RFC 5054 3072-bit prime, in hex.
    public static let modulusHex =
        "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404dd"
        + "ef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed"
        + "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf0598da48361c55d39a69163fa8fd24cf5f"
        + "83655d23dca3ad961c62f356208552bb9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3b"
        + "e39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf6955817183995497cea956ae515d2261898fa0510"
        + "15728e5a8aaac42dad33170d04507a33a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7"
        + "abf5ae8cdb0933d71e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864d87602733ec86a64521f2b18177b200c"
        + "bbe117577a615d6c770988c0bad946e208e24fa074e5ab3143db5bfce0fd108e4b82d120a93ad2caffffffffffffffff"

    /// N as bytes.
    public static let modulus: [UInt8] = Hex.decode(modulusHex) ?? []
    /// g = 2.
    public static let generator: [UInt8] = [2]
    /// k = H(PAD(N) ‖ PAD(g)).
    public static let multiplier: [UInt8] = SHA256.hash(pad(modulus) + pad(generator))
    /// The HKDF info string Cognito uses for the session key.
    public static let keyDerivationInfo = "Caldera Derived Key"
    /// Length of Cognito's salt in bytes.
    public static let saltByteCount = 16

    /// Cognito's PAD: the minimal big-endian bytes, with a 00 byte in front when the top bit
    /// is set (so the value reads as positive), and a single 00 for zero.
    public static func pad(_ value: [UInt8]) -> [UInt8] {
        let minimal = Array(value.drop { $0 == 0 })
        guard let first = minimal.first else { return [0] }
        return first & 0x80 != 0 ? [0] + minimal : minimal
    }

    /// A new random 16-byte salt. Its first byte is never zero, so that the hex sent as SALT
    /// reads the same whether a client treats it as a number (Amplify) or as a string (pycognito).
    public static func makeSalt() -> [UInt8] {
        while true {
            let salt = SecureRandom.bytes(saltByteCount)
            if salt[0] != 0 { return salt }
        }
    }

    /// x = H(PAD(salt) ‖ H(realm ‖ user ‖ ":" ‖ password)).
    public static func passwordHash(salt: [UInt8], identity: SRPIdentity, password: String) -> [UInt8] {
        SHA256.hash(pad(salt) + SHA256.hash(identity.passwordMessage(password)))
    }

    /// The verifier v = g^x mod N that is stored instead of the password.
    public static func makeVerifier(identity: SRPIdentity, password: String, salt: [UInt8]) throws -> [UInt8] {
        let context = try BigNumContext()
        let x = try BigNum(bytes: passwordHash(salt: salt, identity: identity, password: password))
        x.markSecret()
        return try BigNum(bytes: generator).power(x, modulo: BigNum(bytes: modulus), context: context).bytes
    }

    /// The verifier of a user pool user; see `makeVerifier(identity:password:salt:)`.
    public static func makeVerifier(poolId: String, userIdForSRP: String, password: String, salt: [UInt8]) throws -> [UInt8] {
        try makeVerifier(identity: .user(poolId: poolId, userIdForSRP: userIdForSRP), password: password, salt: salt)
    }

    /// Whether `password` matches a stored verifier (USER_PASSWORD_AUTH), compared in constant time.
    public static func verifyPassword(
        _ password: String, identity: SRPIdentity, salt: [UInt8], verifier: [UInt8]
    ) throws -> Bool {
        let computed = try makeVerifier(identity: identity, password: password, salt: salt)
        return constantTimeEquals(pad(computed), pad(verifier))
    }

    /// u = H(PAD(A) ‖ PAD(B)).
    public static func scramblingParameter(clientPublicValue: [UInt8], serverPublicValue: [UInt8]) -> [UInt8] {
        SHA256.hash(pad(clientPublicValue) + pad(serverPublicValue))
    }

    /// The 16-byte key both sides derive: HKDF-SHA256(ikm: PAD(S), salt: PAD(u), info: "Caldera Derived Key").
    public static func sessionKey(sharedSecret: [UInt8], scramblingParameter: [UInt8]) throws -> [UInt8] {
        try HKDF.deriveKey(
            inputKeyMaterial: pad(sharedSecret), salt: pad(scramblingParameter),
            info: keyDerivationInfo, outputByteCount: 16)
    }

    /// The raw PASSWORD_CLAIM_SIGNATURE: HMAC-SHA256(key, realm ‖ user ‖ secret block ‖ timestamp).
    public static func claimSignature(
        sessionKey: [UInt8], identity: SRPIdentity, secretBlock: [UInt8], timestamp: String
    ) -> [UInt8] {
        HMACSHA256.authenticate(identity.claimMessage(secretBlock: secretBlock, timestamp: timestamp), key: sessionKey)
    }

    /// Minimal lower-case hex of a value, as sent in SRP_B and SALT (leading zero digit kept
    /// when needed for an even length).
    public static func hexString(_ value: [UInt8]) -> String {
        let minimal = Array(value.drop { $0 == 0 })
        return minimal.isEmpty ? "0" : Hex.encode(minimal)
    }

    /// Reads an SRP value sent as hex (SRP_A, SRP_B, SALT). Throws for anything that is not hex.
    public static func parseHex(_ text: String) throws -> [UInt8] {
        guard !text.isEmpty, let bytes = Hex.decode(text) else { throw CryptoError.invalidHex }
        return bytes
    }

    /// Throws unless `value` mod N is non-zero (the SRP-6a safety check on A and B). Values
    /// longer than N are refused too: no client sends them, and they would only cost time.
    static func requireValidPublicValue(_ value: BigNum, name: String, modulus: BigNum, context: BigNumContext) throws {
        guard value.byteCount <= SRP.modulus.count,
            try !value.reduced(modulo: modulus, context: context).isZero
        else { throw CryptoError.invalidSRPPublicValue(name) }
    }
}
