import Foundation

/// The server side of a Cognito SRP-6a exchange (USER_SRP_AUTH / DEVICE_SRP_AUTH) for one
/// stored verifier: it makes B for the PASSWORD_VERIFIER challenge and later checks the
/// client's PASSWORD_CLAIM_SIGNATURE.
///
/// Keep `privateValue` (b) secret between the two requests, for example encrypted inside the
/// SECRET_BLOCK, and rebuild the server with `init(verifier:privateValue:)`.
public struct SRPServer: Sendable {
    /// v = g^x mod N.
    public let verifier: [UInt8]
    /// b, 256 random bits.
    public let privateValue: [UInt8]
    /// B = (k·v + g^b) mod N, sent as SRP_B.
    public let publicValue: [UInt8]

    /// Starts an exchange with a fresh random b (drawn again in the negligible case B mod N = 0).
    public init(verifier: [UInt8]) throws {
        while true {
            let b = SecureRandom.bytes(32)
            do {
                let publicB = try Self.publicValue(verifier: verifier, privateValue: b)
                self.verifier = verifier
                self.privateValue = b
                self.publicValue = publicB
                return
            } catch CryptoError.invalidSRPPublicValue {
                continue
            }
        }
    }

    /// Resumes (or, in tests, fixes) an exchange with a known b. Throws if B mod N = 0.
    public init(verifier: [UInt8], privateValue: [UInt8]) throws {
        self.publicValue = try Self.publicValue(verifier: verifier, privateValue: privateValue)
        self.verifier = verifier
        self.privateValue = privateValue
    }

    /// Resumes an exchange whose B was kept beside b, saving the exponentiation that
    /// recomputing it would cost. The caller vouches that B belongs to b and v.
    public init(verifier: [UInt8], privateValue: [UInt8], publicValue: [UInt8]) {
        self.verifier = verifier
        self.privateValue = privateValue
        self.publicValue = publicValue
    }

    /// B = (k·v + g^b) mod N; throws if it is 0.
    private static func publicValue(verifier: [UInt8], privateValue: [UInt8]) throws -> [UInt8] {
        let context = try BigNumContext()
        let modulus = try BigNum(bytes: SRP.modulus)
        let b = try BigNum(bytes: privateValue)
        b.markSecret()
        let kv = try BigNum(bytes: SRP.multiplier).multiplied(by: BigNum(bytes: verifier), modulo: modulus, context: context)
        let gb = try BigNum(bytes: SRP.generator).power(b, modulo: modulus, context: context)
        let publicB = try kv.adding(gb, modulo: modulus, context: context)
        try SRP.requireValidPublicValue(publicB, name: "B", modulus: modulus, context: context)
        return publicB.bytes
    }

    /// S = (A · v^u)^b mod N. Throws if A mod N = 0 (or A is longer than N) or u = 0.
    public func sharedSecret(clientPublicValue: [UInt8]) throws -> [UInt8] {
        let context = try BigNumContext()
        let modulus = try BigNum(bytes: SRP.modulus)
        let publicA = try BigNum(bytes: clientPublicValue)
        try SRP.requireValidPublicValue(publicA, name: "A", modulus: modulus, context: context)
        let u = try BigNum(bytes: scramblingParameter(clientPublicValue: clientPublicValue))
        guard !u.isZero else { throw CryptoError.srpScramblerIsZero }
        let b = try BigNum(bytes: privateValue)
        b.markSecret()
        let vu = try BigNum(bytes: verifier).power(u, modulo: modulus, context: context)
        let base = try publicA.multiplied(by: vu, modulo: modulus, context: context)
        return try base.power(b, modulo: modulus, context: context).bytes
    }

    /// u = H(PAD(A) ‖ PAD(B)).
    public func scramblingParameter(clientPublicValue: [UInt8]) -> [UInt8] {
        SRP.scramblingParameter(clientPublicValue: clientPublicValue, serverPublicValue: publicValue)
    }

    /// The 16-byte HKDF key derived from S and u.
    public func sessionKey(clientPublicValue: [UInt8]) throws -> [UInt8] {
        try SRP.sessionKey(
            sharedSecret: sharedSecret(clientPublicValue: clientPublicValue),
            scramblingParameter: scramblingParameter(clientPublicValue: clientPublicValue))
    }

    /// The signature a client that knows the password sends (raw bytes, before base64).
    public func expectedSignature(
        clientPublicValue: [UInt8], identity: SRPIdentity, secretBlock: [UInt8], timestamp: String
    ) throws -> [UInt8] {
        SRP.claimSignature(
            sessionKey: try sessionKey(clientPublicValue: clientPublicValue),
            identity: identity, secretBlock: secretBlock, timestamp: timestamp)
    }

    /// Whether the base64 PASSWORD_CLAIM_SIGNATURE proves knowledge of the password, compared
    /// in constant time. False for a wrong password or undecodable signature; throws for an
    /// invalid A.
    public func verifySignature(
        _ signature: String, clientPublicValue: [UInt8], identity: SRPIdentity, secretBlock: [UInt8], timestamp: String
    ) throws -> Bool {
        let expected = try expectedSignature(
            clientPublicValue: clientPublicValue, identity: identity, secretBlock: secretBlock, timestamp: timestamp)
        guard let given = Data(base64Encoded: signature) else { return false }
        return constantTimeEquals([UInt8](given), expected)
    }
}
