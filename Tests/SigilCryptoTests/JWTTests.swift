import Foundation
import SigilCrypto
import SigilJSON
import Testing

@Suite struct JWTTests {
    static let issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123"
    static let clientId = "1example23456789abcdefghij"
    static let now = Date(timeIntervalSince1970: 1_772_348_709)

    let key: RSAKey
    let kid: String

    init() throws {
        key = try RSAKey(privateKeyPEM: RFC7515.privateKeyPEM)
        kid = try key.keyID()
    }

    var keys: [String: RSAKey] { [kid: key] }

    func idClaims(_ changes: [String: JSONValue] = [:]) -> [String: JSONValue] {
        let base: [String: JSONValue] = [
            "sub": "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "aud": .string(Self.clientId), "iss": .string(Self.issuer),
            "token_use": "id", "auth_time": 1_772_348_700, "iat": 1_772_348_700, "exp": 1_772_352_300,
            "cognito:username": "alice", "email_verified": true,
        ]
        return base.merging(changes) { _, new in new }
    }

    func accessClaims(_ changes: [String: JSONValue] = [:]) -> [String: JSONValue] {
        let base: [String: JSONValue] = [
            "sub": "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "client_id": .string(Self.clientId),
            "iss": .string(Self.issuer), "token_use": "access", "scope": "aws.cognito.signin.user.admin",
            "iat": 1_772_348_700, "exp": 1_772_352_300, "jti": "5e1d8f8e-1d6e-4d3f-9a6b-3c2d1e0f9a8b",
        ]
        return base.merging(changes) { _, new in new }
    }

    /// A token with any header, signed by `key` over the usual signing input.
    func token(header: JSONValue, claims: [String: JSONValue], signedBy signer: RSAKey? = nil) throws -> String {
        let input = Base64URL.encode(try header.jsonBytes()) + "." + Base64URL.encode(try JSONValue.object(claims).jsonBytes())
        return input + "." + Base64URL.encode(try (signer ?? key).sign(input))
    }

    func verify(_ token: String, audience: String? = clientId, tokenUse: String? = nil, leeway: TimeInterval = 0) throws(JWTError) -> [String:
        JSONValue]
    {
        try JWT.verify(token, keys: keys, issuer: Self.issuer, audience: audience, tokenUse: tokenUse, now: Self.now, leeway: leeway)
    }

    // MARK: RFC 7515 appendix A.2

    @Test func rfc7515SignatureVerifies() async throws {
        let decoded = try JWT.decode(RFC7515.token)
        #expect(decoded.header == ["alg": "RS256"])
        #expect(decoded.claims == ["iss": "joe", "exp": 1_300_819_380, "http://example.com/is_root": true])
        #expect(decoded.signingInput == RFC7515.signingInput)
        let publicKey = try RSAKey(jwkModulus: RFC7515.modulus, exponent: RFC7515.exponent)
        #expect(publicKey.verify(signature: decoded.signature, message: utf8(decoded.signingInput)))
    }

    @Test func rfc7515SignatureIsReproduced() async throws {
        let signature = try key.sign(utf8(RFC7515.signingInput))
        #expect(Base64URL.encode(signature) == RFC7515.signature)
    }

    // MARK: Signing

    @Test func headerIsExactlyAlgAndKid() async throws {
        let jwt = try JWT.sign(claims: idClaims(), kid: kid, key: key)
        let header = try #require(jwt.split(separator: ".").first.flatMap { Base64URL.decode(String($0)) })
        #expect(String(decoding: header, as: UTF8.self) == "{\"alg\":\"RS256\",\"kid\":\"\(kid)\"}")
    }

    @Test func signedTokensVerify() async throws {
        let id = try JWT.sign(claims: idClaims(), kid: kid, key: key)
        #expect(try verify(id, tokenUse: "id") == idClaims())
        let access = try JWT.sign(claims: accessClaims(), kid: kid, key: key)
        #expect(try verify(access, tokenUse: "access") == accessClaims())
        let validator = JWTValidator(keys: keys, issuer: Self.issuer, audience: Self.clientId)
        #expect(try validator.validate(access, now: Self.now)["jti"] == "5e1d8f8e-1d6e-4d3f-9a6b-3c2d1e0f9a8b")
    }

    @Test func audienceMayBeAnArray() async throws {
        let jwt = try JWT.sign(claims: idClaims(["aud": ["other", .string(Self.clientId)]]), kid: kid, key: key)
        #expect(try verify(jwt)["token_use"] == "id")
    }

    // MARK: One test per error

    @Test(arguments: ["a.b", "a.b.c.d", "", "abc"]) func wrongSegmentCountIsMalformed(_ token: String) async {
        #expect(throws: JWTError.self) { try verify(token) }
        do {
            _ = try JWT.decode(token)
        } catch {
            guard case .malformed = error else {
                Issue.record("expected malformed, got \(error)")
                return
            }
        }
    }

    @Test func badBase64IsMalformed() async throws {
        let jwt = try JWT.sign(claims: idClaims(), kid: kid, key: key)
        let parts = jwt.split(separator: ".")
        #expect(throws: JWTError.malformed("header is not base64url")) { try verify("e30+." + parts[1] + "." + parts[2]) }
        #expect(throws: JWTError.malformed("signature is not base64url")) { try verify(parts[0] + "." + parts[1] + ".a*b") }
    }

    @Test func badJSONIsMalformed() async throws {
        let header = Base64URL.encode("{\"alg\":\"RS256\",\"kid\":\"\(kid)\"}")
        #expect(throws: JWTError.malformed("payload is not a JSON object")) {
            try verify(header + "." + Base64URL.encode("{\"sub\":") + ".AAAA")
        }
        #expect(throws: JWTError.malformed("payload is not a JSON object")) {
            try verify(header + "." + Base64URL.encode("[1,2]") + ".AAAA")
        }
        #expect(throws: JWTError.malformed("header is not a JSON object")) {
            try verify(Base64URL.encode("RS256") + "." + Base64URL.encode("{}") + ".AAAA")
        }
        #expect(throws: JWTError.malformed("header has no alg")) {
            try verify(Base64URL.encode("{\"kid\":\"x\"}") + "." + Base64URL.encode("{}") + ".AAAA")
        }
    }

    @Test(arguments: ["none", "None", "NONE"]) func algorithmNoneIsRejected(_ alg: String) async throws {
        let unsigned =
            Base64URL.encode(try JSONValue.object(["alg": .string(alg), "kid": .string(kid)]).jsonBytes())
            + "." + Base64URL.encode(try JSONValue.object(idClaims()).jsonBytes()) + "."
        #expect(throws: JWTError.algorithmNone) { try verify(unsigned) }
    }

    @Test func hs256WithThePublicKeyAsSecretIsRejected() async throws {
        // The classic algorithm-confusion forgery: HMAC keyed with the RSA public key.
        let header = Base64URL.encode(try JSONValue.object(["alg": "HS256", "kid": .string(kid)]).jsonBytes())
        let input = header + "." + Base64URL.encode(try JSONValue.object(idClaims()).jsonBytes())
        let forged = input + "." + Base64URL.encode(HMACSHA256.authenticate(input, key: utf8(try key.publicKeyPEM())))
        #expect(throws: JWTError.unexpectedAlgorithm("HS256")) { try verify(forged) }
    }

    @Test func missingKidIsRejected() async throws {
        #expect(throws: JWTError.missingKid) { try verify(try token(header: ["alg": "RS256"], claims: idClaims())) }
        #expect(throws: JWTError.missingKid) {
            try JWT.verify(RFC7515.token, keys: keys, now: Date(timeIntervalSince1970: 1_300_000_000))
        }
    }

    @Test func unknownKidIsRejected() async throws {
        let jwt = try JWT.sign(claims: idClaims(), kid: "some-other-kid", key: key)
        #expect(throws: JWTError.unknownKid("some-other-kid")) { try verify(jwt) }
    }

    @Test func badSignatureIsRejected() async throws {
        let jwt = try JWT.sign(claims: idClaims(), kid: kid, key: key)
        // Claims changed after signing.
        let parts = jwt.split(separator: ".").map(String.init)
        let tampered = parts[0] + "." + Base64URL.encode(try JSONValue.object(idClaims(["sub": "mallory"])).jsonBytes()) + "." + parts[2]
        #expect(throws: JWTError.badSignature) { try verify(tampered) }
        // Signed by another key under our kid.
        let impostor = try JWT.sign(claims: idClaims(), kid: kid, key: RSAKey.generate())
        #expect(throws: JWTError.badSignature) { try verify(impostor) }
        // Empty signature.
        #expect(throws: JWTError.badSignature) { try verify(parts[0] + "." + parts[1] + ".") }
    }

    @Test func expiredTokenIsRejected() async throws {
        let jwt = try JWT.sign(claims: idClaims(["exp": 1_772_348_709]), kid: kid, key: key)
        #expect(throws: JWTError.expired) { try verify(jwt) }
        #expect(try verify(jwt, leeway: 60)["exp"] == 1_772_348_709)
    }

    @Test func missingExpiryIsRejected() async throws {
        var claims = idClaims()
        claims["exp"] = nil
        #expect(throws: JWTError.missingClaim("exp")) { try verify(try JWT.sign(claims: claims, kid: kid, key: key)) }
        #expect(throws: JWTError.missingClaim("exp")) {
            try verify(try JWT.sign(claims: idClaims(["exp": "tomorrow"]), kid: kid, key: key))
        }
    }

    @Test func notYetValidTokenIsRejected() async throws {
        let jwt = try JWT.sign(claims: idClaims(["nbf": 1_772_348_769]), kid: kid, key: key)
        #expect(throws: JWTError.notYetValid) { try verify(jwt) }
        #expect(try verify(jwt, leeway: 60)["nbf"] == 1_772_348_769)
    }

    @Test func tokenIssuedInTheFutureIsRejected() async throws {
        let jwt = try JWT.sign(claims: idClaims(["iat": 1_772_348_800]), kid: kid, key: key)
        #expect(throws: JWTError.issuedInFuture) { try verify(jwt) }
        #expect(try verify(jwt, leeway: 120)["iat"] == 1_772_348_800)
    }

    @Test func wrongIssuerIsRejected() async throws {
        let jwt = try JWT.sign(claims: idClaims(["iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"]), kid: kid, key: key)
        #expect(throws: JWTError.wrongIssuer) { try verify(jwt) }
    }

    @Test func wrongAudienceIsRejected() async throws {
        let id = try JWT.sign(claims: idClaims(["aud": "another-client"]), kid: kid, key: key)
        #expect(throws: JWTError.wrongAudience) { try verify(id) }
        // Access tokens carry the client in client_id, and their aud (if any) does not count.
        let access = try JWT.sign(
            claims: accessClaims(["client_id": "another-client", "aud": .string(Self.clientId)]), kid: kid, key: key)
        #expect(throws: JWTError.wrongAudience) { try verify(access) }
    }

    @Test func wrongTokenUseIsRejected() async throws {
        let access = try JWT.sign(claims: accessClaims(), kid: kid, key: key)
        #expect(throws: JWTError.wrongTokenUse) { try verify(access, tokenUse: "id") }
        let id = try JWT.sign(claims: idClaims(), kid: kid, key: key)
        #expect(throws: JWTError.wrongTokenUse) { try verify(id, tokenUse: "access") }
    }

    @Test func errorsDescribeThemselves() async {
        #expect(JWTError.expired.description == "Token has expired")
        #expect(JWTError.unexpectedAlgorithm("HS256").description.contains("HS256"))
    }
}
