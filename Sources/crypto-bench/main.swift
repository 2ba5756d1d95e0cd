// Prints the cost of the operations a sign-in pays for, in microseconds per operation.
// Run in release mode: swift run -c release crypto-bench
import Foundation
import SigilCrypto
import SigilJSON

/// Runs `body` `iterations` times after a short warm-up and prints µs per call.
func measure(_ name: String, iterations: Int, _ body: () throws -> Void) rethrows {
    for _ in 0..<max(1, iterations / 10) { try body() }
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
        for _ in 0..<iterations { try body() }
    }
    let microseconds = Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12
    let perCall = microseconds / Double(iterations)
    print(name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%10.1f µs/op", perCall))
}

var sink = 0

let key = try RSAKey.generate()
let message = Array(String(repeating: "x", count: 600).utf8)
let signature = try key.sign(message)
let salt = SRP.makeSalt()
let identity = try SRPIdentity.user(poolId: "us-east-1_AbCdEf123", userIdForSRP: "alice")
let verifier = try SRP.makeVerifier(identity: identity, password: "Corr3ct-Horse!", salt: salt)
let client = try SRPClient()
let hmacKey = SecureRandom.bytes(32)
let claims: [String: JSONValue] = [
    "sub": "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "token_use": "access", "client_id": "abcdefghijklmnopqrstuvwxyz",
    "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123", "exp": 2_000_000_000, "iat": 1_700_000_000,
]
let kid = try key.keyID()

print("SigilCrypto benchmarks (release build expected)")
try measure("RSA-2048 key generation", iterations: 10) { sink &+= try RSAKey.generate().bitCount }
try measure("RS256 sign (600-byte message)", iterations: 400) { sink &+= try key.sign(message).count }
measure("RS256 verify", iterations: 4000) { sink &+= key.verify(signature: signature, message: message) ? 1 : 0 }
try measure("JWT sign (access token claims)", iterations: 400) {
    sink &+= try JWT.sign(claims: claims, kid: kid, key: key).count
}
let accessToken = try JWT.sign(claims: claims, kid: kid, key: key)
try measure("JWT verify (access token)", iterations: 4000) {
    sink &+= try JWT.verify(accessToken, keys: [kid: key], now: Date(timeIntervalSince1970: 1_800_000_000)).count
}
try measure("JWT decode only", iterations: 4000) { sink &+= try JWT.decode(accessToken).claims.count }
try measure("JSON encode claims", iterations: 4000) { sink &+= try JSONValue.object(claims).jsonBytes().count }
try measure("SRP verifier g^x mod N (256-bit x)", iterations: 400) {
    sink &+= try SRP.makeVerifier(identity: identity, password: "Corr3ct-Horse!", salt: salt).count
}
try measure("SRP server start (B = kv + g^b)", iterations: 400) {
    sink &+= try SRPServer(verifier: verifier).publicValue.count
}
let server = try SRPServer(verifier: verifier)
try measure("SRP server session key (S, HKDF)", iterations: 400) {
    sink &+= try server.sessionKey(clientPublicValue: client.publicValue).count
}
try measure("SRP client A = g^a (1024-bit a)", iterations: 100) { sink &+= try SRPClient().publicValue.count }
measure("HMAC-SHA256 (64-byte message)", iterations: 200_000) {
    sink &+= HMACSHA256.authenticate(Array(message.prefix(64)), key: hmacKey).count
}
measure("SHA-256 (64-byte message)", iterations: 200_000) { sink &+= SHA256.hash(Array(message.prefix(64))).count }
try measure("HKDF-SHA256 (16 bytes)", iterations: 50_000) {
    sink &+= try HKDF.deriveKey(inputKeyMaterial: hmacKey, salt: salt, info: "Caldera Derived Key", outputByteCount: 16).count
}
let aesKey = SecureRandom.bytes(32)
let sealed = try AESGCM.seal(verifier, key: aesKey)
try measure("AES-256-GCM open (384-byte verifier)", iterations: 100_000) {
    sink &+= try AESGCM.open(sealed, key: aesKey).count
}
let totp = TOTP(secret: TOTP.makeSecret())
measure("TOTP validate (window ±1)", iterations: 50_000) {
    sink &+= totp.validate("123456", at: Date()) == nil ? 1 : 0
}
print("(checksum \(sink))")
