import Foundation
import SigilCrypto
import SigilJSON

/// Where the signing keys of an outside OpenID Connect issuer come from (Google, Apple,
/// an OIDC provider an identity pool trusts): its discovery document's `jwks_uri`.
public protocol OpenIDKeySource: Sendable {
    /// The issuer's keys by `kid` (`kid` is the one the token names, so a source that
    /// caches can look again when the issuer has new keys); throws when they can't be had.
    func keys(issuer: String, kid: String?) async throws -> [String: RSAKey]
}

/// Calls to identity providers' own APIs, for logins that are access tokens rather than
/// signed ID tokens (Facebook, Login with Amazon): the JSON a GET answers.
public protocol IdentityProviderAPI: Sendable {
    func get(_ url: String) async throws -> JSONValue
}
