import ArgumentParser
import Foundation
import SigilConsole
import SigilCrypto
import SigilRemote

/// `--endpoint URL` or `--aws`: the console drives a remote Cognito API instead of a store.
struct RemoteOptions: ParsableArguments {
    @Option(help: "Attach to a Sigil server or another Cognito-compatible API at this URL.") var endpoint: String?
    @Flag(help: "Attach to Amazon Cognito (credentials and region as the AWS CLI finds them).") var aws = false
    @Option(help: "The AWS profile for credentials (~/.aws/credentials and config).") var profile: String?

    func validate() throws {
        if endpoint != nil && aws { throw ValidationError("Give --endpoint URL or --aws, not both") }
        if let endpoint {
            guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--endpoint takes an http(s) URL, not \(endpoint)")
            }
        }
        if profile != nil && endpoint == nil && !aws { throw ValidationError("--profile goes with --endpoint or --aws") }
    }

    /// The backend these options ask for; nil for a local store.
    func backend(region given: String?) throws -> (any ConsoleBackend)? {
        let source = AWSCredentialSource()
        if aws {
            let region = try source.region(given, profile: profile)
            let credentials = try source.credentials(profile: profile)
            let client = CognitoAPIClient.aws(region: region, credentials: credentials)
            return RemoteBackend(
                client: client, location: BackendLocation(kind: .remote, address: "Amazon Cognito", region: region),
                issuerBase: "https://cognito-idp.\(region).amazonaws.com")
        }
        guard let endpoint, let url = URL(string: endpoint) else { return nil }
        // A Sigil server says so, and in which region it runs.
        let probe = try Blocking.wait { await SigilAdminClient.probe(url) }
        let region = given ?? probe.region ?? (try? source.region(nil, profile: profile)) ?? "us-east-1"
        // A server that checks signatures needs keys; one that does not (Sigil without
        // --access-key, moto) takes requests unsigned when none are found.
        let credentials = profile != nil ? try source.credentials(profile: profile) : try? source.credentials()
        let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        return RemoteBackend(
            client: CognitoAPIClient(endpoint: url, region: region, credentials: credentials),
            location: BackendLocation(kind: probe.isSigil ? .sigil : .remote, address: base, region: region), issuerBase: base,
            admin: probe.isSigil ? SigilAdminClient(endpoint: url, region: region, credentials: credentials) : nil)
    }
}
