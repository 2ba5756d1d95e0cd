import Foundation
import SigilJSON

/// RS256 JSON Web Tokens (RFC 7519) in compact JWS form (RFC 7515), shaped like Cognito's:
/// the header is exactly `{"alg":"RS256","kid":"…"}`.
public enum JWT {
    /// Signs `claims` with `key`, naming the key `kid` in the header.
    public static func sign(claims: [String: JSONValue], kid: String, key: RSAKey) throws -> String {
        let header: JSONValue = ["alg": "RS256", "kid": .string(kid)]
        let signingInput =
            Base64URL.encode(try header.jsonBytes()) + "."
            + Base64URL.encode(try JSONValue.object(claims).jsonBytes())
        return signingInput + "." + Base64URL.encode(try key.sign(signingInput))
    }

    /// Splits and decodes a compact token without verifying anything.
    public static func decode(_ token: String) throws(JWTError) -> DecodedJWT {
        let bytes = Array(token.utf8)
        let segments = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw .malformed("expected 3 segments, found \(segments.count)")
        }
        let header = try jsonObject(segments[0], name: "header")
        let claims = try jsonObject(segments[1], name: "payload")
        guard let signature = Base64URL.decode(utf8: segments[2]) else {
            throw .malformed("signature is not base64url")
        }
        let signingInput = String(decoding: bytes[..<segments[1].endIndex], as: UTF8.self)
        return DecodedJWT(header: header, claims: claims, signingInput: signingInput, signature: signature)
    }

    /// Verifies `token` against `keys` (by `kid`) and the expectations, returning its claims.
    /// See `JWTValidator` for the checks made.
    public static func verify(
        _ token: String, keys: [String: RSAKey], issuer: String? = nil, audience: String? = nil,
        tokenUse: String? = nil, now: Date = Date(), leeway: TimeInterval = 0
    ) throws(JWTError) -> [String: JSONValue] {
        let validator = JWTValidator(keys: keys, issuer: issuer, audience: audience, tokenUse: tokenUse, leeway: leeway)
        return try validator.validate(token, now: now)
    }

    private static func jsonObject(_ segment: ArraySlice<UInt8>, name: String) throws(JWTError) -> [String: JSONValue] {
        guard let bytes = Base64URL.decode(utf8: segment) else { throw .malformed("\(name) is not base64url") }
        guard let value = try? JSONValue(json: bytes), let object = value.objectValue else {
            throw .malformed("\(name) is not a JSON object")
        }
        return object
    }
}
