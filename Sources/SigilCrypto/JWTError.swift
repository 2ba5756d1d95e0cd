/// Why a JWT was rejected. Each case is one distinct failure, so callers and tests can tell
/// a forged token from an expired one.
public enum JWTError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not three base64url segments of a JSON header, JSON claims object and signature.
    case malformed(String)
    /// The header says `alg: none` (an unsigned token).
    case algorithmNone
    /// The header names an algorithm other than RS256 (for example HS256: algorithm confusion).
    case unexpectedAlgorithm(String)
    /// The header has no `kid`.
    case missingKid
    /// The `kid` names no key we trust.
    case unknownKid(String)
    /// The signature does not verify with the named key.
    case badSignature
    /// `exp` has passed (beyond the leeway).
    case expired
    /// `nbf` is still in the future (beyond the leeway).
    case notYetValid
    /// `iat` is in the future (beyond the leeway).
    case issuedInFuture
    /// `iss` is not the expected issuer.
    case wrongIssuer
    /// `aud` (ID tokens) or `client_id` (access tokens) is not the expected audience.
    case wrongAudience
    /// `token_use` is not the expected one (`id` or `access`).
    case wrongTokenUse
    /// A claim that validation needs (such as `exp`) is absent or has the wrong type.
    case missingClaim(String)

    public var description: String {
        switch self {
        case .malformed(let reason): return "Malformed token: \(reason)"
        case .algorithmNone: return "Unsigned token (alg none) rejected"
        case .unexpectedAlgorithm(let alg): return "Unexpected algorithm \(alg), expected RS256"
        case .missingKid: return "Token header has no kid"
        case .unknownKid(let kid): return "Unknown signing key \(kid)"
        case .badSignature: return "Invalid token signature"
        case .expired: return "Token has expired"
        case .notYetValid: return "Token is not valid yet"
        case .issuedInFuture: return "Token was issued in the future"
        case .wrongIssuer: return "Token issuer does not match"
        case .wrongAudience: return "Token audience does not match"
        case .wrongTokenUse: return "Token use does not match"
        case .missingClaim(let claim): return "Token lacks the \(claim) claim"
        }
    }
}
