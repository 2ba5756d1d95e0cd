import Foundation

/// The client side of Cognito's SRP-6a, computed as pycognito and Amplify do: for our own
/// tests and the console's demo sign-in.
public struct SRPClient: Sendable {
    /// a, 128 random bytes as pycognito uses.
    public let privateValue: [UInt8]
    /// A = g^a mod N, sent as SRP_A.
    public let publicValue: [UInt8]

    /// A client with a fresh random a.
    public init() throws {
        while true {
            let a = SecureRandom.bytes(128)
            do {
                let publicA = try Self.publicValue(privateValue: a)
                self.privateValue = a
                self.publicValue = publicA
                return
            } catch CryptoError.invalidSRPPublicValue {
                continue
            }
        }
    }

    /// A client with a known a (tests). Throws if A mod N = 0.
    public init(privateValue: [UInt8]) throws {
        self.publicValue = try Self.publicValue(privateValue: privateValue)
        self.privateValue = privateValue
    }

    /// A = g^a mod N; throws if it is 0.
    private static func publicValue(privateValue: [UInt8]) throws -> [UInt8] {
        let context = try BigNumContext()
        let modulus = try BigNum(bytes: SRP.modulus)
        let a = try BigNum(bytes: privateValue)
        a.markSecret()
        let publicA = try BigNum(bytes: SRP.generator).power(a, modulo: modulus, context: context)
        try SRP.requireValidPublicValue(publicA, name: "A", modulus: modulus, context: context)
        return publicA.bytes
    }

    /// S = (B − k·g^x)^(a + u·x) mod N. Throws if B mod N = 0 (or B is longer than N) or u = 0.
    public func sharedSecret(
        serverPublicValue: [UInt8], salt: [UInt8], identity: SRPIdentity, password: String
    ) throws -> [UInt8] {
        let context = try BigNumContext()
        let modulus = try BigNum(bytes: SRP.modulus)
        let publicB = try BigNum(bytes: serverPublicValue)
        try SRP.requireValidPublicValue(publicB, name: "B", modulus: modulus, context: context)
        let u = try BigNum(bytes: SRP.scramblingParameter(clientPublicValue: publicValue, serverPublicValue: serverPublicValue))
        guard !u.isZero else { throw CryptoError.srpScramblerIsZero }
        let x = try BigNum(bytes: SRP.passwordHash(salt: salt, identity: identity, password: password))
        x.markSecret()
        let gx = try BigNum(bytes: SRP.generator).power(x, modulo: modulus, context: context)
        let kgx = try BigNum(bytes: SRP.multiplier).multiplied(by: gx, modulo: modulus, context: context)
        let base = try publicB.subtracting(kgx, modulo: modulus, context: context)
        let a = try BigNum(bytes: privateValue)
        let exponent = try u.multiplied(by: x, adding: a, context: context)
        exponent.markSecret()
        return try base.power(exponent, modulo: modulus, context: context).bytes
    }

    /// The 16-byte HKDF key derived from S and u.
    public func sessionKey(
        serverPublicValue: [UInt8], salt: [UInt8], identity: SRPIdentity, password: String
    ) throws -> [UInt8] {
        let secret = try sharedSecret(serverPublicValue: serverPublicValue, salt: salt, identity: identity, password: password)
        let u = SRP.scramblingParameter(clientPublicValue: publicValue, serverPublicValue: serverPublicValue)
        return try SRP.sessionKey(sharedSecret: secret, scramblingParameter: u)
    }

    /// PASSWORD_CLAIM_SIGNATURE, base64 (standard alphabet, padded), as the client sends it.
    public func passwordClaimSignature(
        serverPublicValue: [UInt8], salt: [UInt8], identity: SRPIdentity, password: String,
        secretBlock: [UInt8], timestamp: String
    ) throws -> String {
        let key = try sessionKey(serverPublicValue: serverPublicValue, salt: salt, identity: identity, password: password)
        let signature = SRP.claimSignature(sessionKey: key, identity: identity, secretBlock: secretBlock, timestamp: timestamp)
        return Data(signature).base64EncodedString()
    }
}
