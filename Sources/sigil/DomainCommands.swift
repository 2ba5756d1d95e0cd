import ArgumentParser
import Foundation
import SigilCore

struct DomainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "domain", abstract: "Create, list and delete the domains a pool's managed login is served at.",
        subcommands: [Create.self, List.self, Describe.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a pool a prefix domain, or a custom domain with --certificate-arn.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String
        @Option(help: "The prefix (shop-login), or the custom domain's full name (auth.example.com).") var domain: String
        @Option(help: "For a custom domain: its certificate's ARN.") var certificateArn: String?
        @Option(help: "1 for the classic hosted UI, 2 for managed login.") var managedLoginVersion: Int?

        func run() async throws {
            let response = try await store.engine().createUserPoolDomain(
                CreateUserPoolDomainRequest(
                    domain: domain, userPoolId: pool, managedLoginVersion: managedLoginVersion,
                    customDomainConfig: certificateArn.map { CustomDomainConfigType(certificateArn: $0) }))
            if store.json { return try Output.json(response) }
            print("Created \(domain)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a pool's domains.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String

        func run() async throws {
            let engine = try await store.engine()
            let described = try await engine.describeUserPool(DescribeUserPoolRequest(userPoolId: pool)).userPool
            var domains: [DomainDescriptionType] = []
            for name in [described?.domain, described?.customDomain].compactMap({ $0 }) {
                if let domain = try await engine.describeUserPoolDomain(DescribeUserPoolDomainRequest(domain: name)).domainDescription {
                    domains.append(domain)
                }
            }
            if store.json { return try Output.json(domains) }
            DomainCommand.table(domains)
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a domain, whichever pool has it.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The prefix or custom domain.") var domain: String

        func run() async throws {
            let response = try await store.engine().describeUserPoolDomain(DescribeUserPoolDomainRequest(domain: domain))
            if store.json { return try Output.json(response) }
            guard let found = response.domainDescription, found.domain != nil else {
                throw CognitoError(.resourceNotFoundException, "No pool has the domain \(domain).")
            }
            DomainCommand.table([found])
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a pool's domain.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String
        @Option(help: "The prefix or custom domain.") var domain: String

        func run() async throws {
            try await store.engine().deleteUserPoolDomain(DeleteUserPoolDomainRequest(domain: domain, userPoolId: pool))
            if !store.json { print("Deleted \(domain)") }
        }
    }

    static func table(_ domains: [DomainDescriptionType]) {
        Output.table(
            ["DOMAIN", "KIND", "POOL", "MANAGED LOGIN", "STATUS"],
            domains.map { domain in
                [
                    domain.domain ?? "", domain.customDomainConfig == nil ? "prefix" : "custom", domain.userPoolId ?? "",
                    domain.managedLoginVersion == 2 ? "2 (managed login)" : "1 (classic)", domain.status?.rawValue ?? "",
                ]
            })
    }
}
