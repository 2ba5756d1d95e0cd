import ArgumentParser
import Foundation
import SigilCore

/// `sigil oidc-provider`: the outside OpenID Connect issuers identity pools may trust.
struct OIDCProviderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oidc-provider", abstract: "Register the OpenID Connect providers identity pools trust by ARN.",
        subcommands: [Add.self, List.self, Delete.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an issuer and the client ids its tokens may name; prints the ARN for OpenIdConnectProviderARNs.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The issuer URL, as in the tokens' iss (https://…, or http://localhost…).") var url: String
        @Option(help: "A client id (audience) tokens may be for (repeatable).") var clientId: [String] = []

        func run() async throws {
            await print(try store.engine().putOIDCProvider(url: url, clientIds: clientId).arn)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered providers.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            await Output.table(
                ["ARN", "Issuer", "Client ids"], try store.engine().oidcProviders().map { [$0.arn, $0.url, $0.clientIds.joined(separator: ", ")] })
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a provider.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The provider's ARN.") var arn: String

        func run() async throws {
            try await store.engine().deleteOIDCProvider(arn: arn)
            print("Deleted \(arn)")
        }
    }
}
