import Foundation
import SigilCrypto
import Testing

@Suite struct RSAKeyTests {
    @Test func generatedKeyRoundTripsThroughPEM() async throws {
        let key = try RSAKey.generate()
        #expect(key.bitCount == 2048)
        #expect(key.hasPrivateKey)

        let privatePEM = try key.privateKeyPEM()
        #expect(privatePEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let publicPEM = try key.publicKeyPEM()
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))

        let reloaded = try RSAKey(privateKeyPEM: privatePEM)
        let publicOnly = try RSAKey(publicKeyPEM: publicPEM)
        #expect(!publicOnly.hasPrivateKey)
        #expect(try reloaded.publicKeyDER() == key.publicKeyDER())
        #expect(try publicOnly.keyID() == key.keyID())

        let message = utf8("header.payload")
        let signature = try reloaded.sign(message)
        #expect(signature.count == 256)
        #expect(publicOnly.verify(signature: signature, message: message))
        #expect(!publicOnly.verify(signature: signature, message: utf8("header.payloaD")))
        var altered = signature
        altered[10] ^= 1
        #expect(!publicOnly.verify(signature: altered, message: message))
        #expect(!publicOnly.verify(signature: [], message: message))
        #expect(!publicOnly.verify(signature: Array(signature.prefix(100)), message: message))
    }

    @Test func jwkRoundTrip() async throws {
        let key = try RSAKey(privateKeyPEM: RFC7515.privateKeyPEM)
        let jwk = try key.publicJWK()
        #expect(jwk == ["kty": "RSA", "n": .string(RFC7515.modulus), "e": "AQAB"])
        let imported = try RSAKey(jwk: jwk)
        #expect(try imported.publicKeyDER() == key.publicKeyDER())
        #expect(imported.verify(signature: try key.sign(utf8("m")), message: utf8("m")))
    }

    @Test func jwkOmitsLeadingZeroBytes() async throws {
        for _ in 0..<3 {
            let jwk = try RSAKey.generate().publicJWK()
            let n = try #require(jwk["n"]?.stringValue.flatMap(Base64URL.decode))
            #expect(n.count == 256)
            #expect(n[0] != 0)
            #expect(jwk["e"] == "AQAB")
        }
    }

    @Test func keyIDLooksLikeCognitos() async throws {
        let key = try RSAKey(privateKeyPEM: RFC7515.privateKeyPEM)
        let kid = try key.keyID()
        #expect(kid == RFC7515.keyID)
        #expect(kid.count == 44)
        #expect(kid.hasSuffix("="))
        #expect(try RSAKey(jwkModulus: RFC7515.modulus, exponent: "AQAB").keyID() == kid)
    }

    @Test func publicKeysCannotSignOrExportPrivateParts() async throws {
        let key = try RSAKey(jwkModulus: RFC7515.modulus, exponent: RFC7515.exponent)
        #expect(throws: CryptoError.invalidKey("signing needs a private key")) { try key.sign(utf8("x")) }
        #expect(throws: CryptoError.invalidKey("no private key to export")) { try key.privateKeyPEM() }
    }

    @Test(arguments: [
        "", "not a pem",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n",
    ])
    func malformedPEMThrows(_ pem: String) {
        #expect(throws: CryptoError.self) { try RSAKey(privateKeyPEM: pem) }
        #expect(throws: CryptoError.self) { try RSAKey(publicKeyPEM: pem) }
    }

    @Test func encryptedPEMIsRefusedWithoutPrompting() async {
        // A PKCS#8 EncryptedPrivateKeyInfo header: the reader must fail, not ask for a passphrase.
        let pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n"
        #expect(throws: CryptoError.self) { try RSAKey(privateKeyPEM: pem) }
    }

    @Test func publicPEMOfAKeyIsNotAPrivateKey() async throws {
        let publicPEM = try RSAKey(privateKeyPEM: RFC7515.privateKeyPEM).publicKeyPEM()
        #expect(throws: CryptoError.self) { try RSAKey(privateKeyPEM: publicPEM) }
    }

    @Test func malformedJWKThrows() async {
        #expect(throws: CryptoError.self) { try RSAKey(jwkModulus: "!!!", exponent: "AQAB") }
        #expect(throws: CryptoError.self) { try RSAKey(jwkModulus: RFC7515.modulus, exponent: "") }
        #expect(throws: CryptoError.self) { try RSAKey(jwkModulus: "AAAA", exponent: "AQAB") }
        #expect(throws: CryptoError.invalidJWK("modulus shorter than 2048 bits")) {
            try RSAKey(jwkModulus: String(RFC7515.modulus.dropFirst(8)), exponent: "AQAB")
        }
        #expect(throws: CryptoError.invalidJWK("'kty' must be \"RSA\"")) {
            try RSAKey(jwk: ["kty": "EC", "n": .string(RFC7515.modulus), "e": "AQAB"])
        }
        #expect(throws: CryptoError.invalidJWK("missing 'e'")) { try RSAKey(jwk: ["kty": "RSA", "n": .string(RFC7515.modulus)]) }
    }

    @Test func concurrentSigningIsSafe() async throws {
        let key = try RSAKey(privateKeyPEM: RFC7515.privateKeyPEM)
        let expected = try key.sign(utf8(RFC7515.signingInput))
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask { try key.sign(utf8(RFC7515.signingInput)) == expected }
            }
            for try await same in group { #expect(same) }
        }
    }
}
