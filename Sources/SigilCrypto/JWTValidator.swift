import Foundation
import SigilJSON

/// Checks RS256 tokens the way a Cognito resource server should: rejects `alg: none` and any
/// algorithm but RS256, requires a known `kid` and a valid signature, then checks `exp`, `nbf`
/// and `iat` (with `leeway`), the issuer, the audience (`aud` for ID tokens, `client_id` for
/// access tokens) and `token_use`.
public struct JWTValidator: Sendable {
    /// Trusted keys by `kid`.
    public var keys: [String: RSAKey]
    /// Expected `iss`, if any.
    public var issuer: String?
    /// Expected audience (app client id), if any.
    public var audience: String?
    /// Expected `token_use` (`id` or `access`), if any.
    public var tokenUse: String?
    /// Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds.
    public var leeway: TimeInterval

    public init(
        keys: [String: RSAKey], issuer: String? = nil, audience: String? = nil, tokenUse: String? = nil,
        leeway: TimeInterval = 0
    ) {
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.tokenUse = tokenUse
        self.leeway = leeway
    }

    /// The claims of `token` if it passes every check at time `now`.
    public func validate(_ token: String, now: Date = Date()) throws(JWTError) -> [String: JSONValue] {
        let decoded = try JWT.decode(token)
        try checkSignature(decoded)
        let claims = decoded.claims
        try checkTimes(claims, now: now.timeIntervalSince1970)
        if let issuer, claims["iss"]?.stringValue != issuer { throw .wrongIssuer }
        if let tokenUse, claims["token_use"]?.stringValue != tokenUse { throw .wrongTokenUse }
        if let audience, !Self.audiences(of: claims).contains(audience) { throw .wrongAudience }
        return claims
    }

    /// Every problem `token` has at time `now` (none when it is valid): unlike `validate`,
    /// which stops at the first, for tools that explain a token. A token that can't be
    /// decoded has only that problem.
    public func problems(in token: String, now: Date = Date()) -> [JWTError] {
        let decoded: DecodedJWT
        do {
            decoded = try JWT.decode(token)
        } catch {
            return [error]
        }
        var found: [JWTError] = []
        do { try checkSignature(decoded) } catch { found.append(error) }
        let claims = decoded.claims
        let seconds = now.timeIntervalSince1970
        if let expiry = claims["exp"]?.doubleValue {
            if seconds >= expiry + leeway { found.append(.expired) }
        } else {
            found.append(.missingClaim("exp"))
        }
        if let notBefore = claims["nbf"]?.doubleValue, seconds + leeway < notBefore { found.append(.notYetValid) }
        if let issuedAt = claims["iat"]?.doubleValue, issuedAt > seconds + leeway { found.append(.issuedInFuture) }
        if let issuer, claims["iss"]?.stringValue != issuer { found.append(.wrongIssuer) }
        if let tokenUse, claims["token_use"]?.stringValue != tokenUse { found.append(.wrongTokenUse) }
        if let audience, !Self.audiences(of: claims).contains(audience) { found.append(.wrongAudience) }
        return found
    }

    private func checkSignature(_ decoded: DecodedJWT) throws(JWTError) {
        guard let algorithm = decoded.header["alg"]?.stringValue else { throw .malformed("header has no alg") }
        guard algorithm.lowercased() != "none" else { throw .algorithmNone }
        guard algorithm == "RS256" else { throw .unexpectedAlgorithm(algorithm) }
        guard let kid = decoded.header["kid"]?.stringValue else { throw .missingKid }
        guard let key = keys[kid] else { throw .unknownKid(kid) }
        guard key.verify(signature: decoded.signature, message: Array(decoded.signingInput.utf8)) else {
            throw .badSignature
        }
    }

    private func checkTimes(_ claims: [String: JSONValue], now: TimeInterval) throws(JWTError) {
        guard let expiry = claims["exp"]?.doubleValue else { throw .missingClaim("exp") }
        if now >= expiry + leeway { throw .expired }
        if let notBefore = claims["nbf"]?.doubleValue, now + leeway < notBefore { throw .notYetValid }
        if let issuedAt = claims["iat"]?.doubleValue, issuedAt > now + leeway { throw .issuedInFuture }
    }

    /// `client_id` for access tokens; otherwise `aud`, a string or an array of strings.
    private static func audiences(of claims: [String: JSONValue]) -> [String] {
        if claims["token_use"]?.stringValue == "access" {
            return claims["client_id"]?.stringValue.map { [$0] } ?? []
        }
        switch claims["aud"] {
        case .string(let audience): return [audience]
        case .array(let audiences): return audiences.compactMap(\.stringValue)
        default: return []
        }
    }
}
