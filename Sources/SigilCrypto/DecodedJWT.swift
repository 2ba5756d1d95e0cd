import SigilJSON

/// The parts of a compact JWS, decoded but not verified.
public struct DecodedJWT: Sendable, Equatable {
    /// The protected header (`alg`, `kid`, …).
    public let header: [String: JSONValue]
    /// The claims (payload) object.
    public let claims: [String: JSONValue]
    /// `base64url(header).base64url(payload)`, the bytes the signature covers.
    public let signingInput: String
    /// The raw signature bytes.
    public let signature: [UInt8]
}
