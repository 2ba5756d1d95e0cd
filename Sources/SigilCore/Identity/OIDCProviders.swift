import Foundation

/// IAM OpenID Connect providers: the outside issuers identity pools may trust by ARN, with
/// the client ids their tokens must name in `aud`.
extension Engine {
    /// Registers (or replaces) a provider for an issuer URL; returns it with its ARN,
    /// `arn:aws:iam::<account>:oidc-provider/<host/path>`.
    @discardableResult
    public func putOIDCProvider(url: String, clientIds: [String]) async throws -> OIDCProvider {
        guard let parsed = URL(string: url), let host = parsed.host, parsed.query == nil,
            parsed.scheme == "https" || (parsed.scheme == "http" && (host == "localhost" || host == "127.0.0.1"))
        else {
            throw CognitoError.invalidParameter("\(url) is not an issuer URL (https://host/path, or http:// for localhost).")
        }
        let clientIds = clientIds.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !clientIds.isEmpty else { throw CognitoError.invalidParameter("An OpenID Connect provider needs at least one client id.") }
        let name = String(url.drop { $0 != ":" }.dropFirst(3)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let provider = OIDCProvider(
            arn: "arn:aws:iam::\(configuration.accountId):oidc-provider/\(name)", url: url.trimmingCharacters(in: CharacterSet(charactersIn: "/")),
            clientIds: clientIds, created: clock.now)
        try await write { writer in try await writer.putOIDCProvider(provider) }
        return provider
    }

    public func oidcProviders() async throws -> [OIDCProvider] {
        try await read { reader in try await reader.oidcProviders() }
    }

    public func deleteOIDCProvider(arn: String) async throws {
        try await write { writer in
            guard try await writer.oidcProvider(arn: arn) != nil else {
                throw CognitoError.resourceNotFound("OpenID Connect provider \(arn) does not exist.")
            }
            try await writer.deleteOIDCProvider(arn: arn)
        }
    }
}
