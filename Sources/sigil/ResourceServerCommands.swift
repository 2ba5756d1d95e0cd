import ArgumentParser
import Foundation
import SigilCore

struct ResourceServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resource-server", abstract: "Manage resource servers: the APIs and custom scopes app clients may ask for.",
        subcommands: [Create.self, List.self, Describe.self, Update.self, Delete.self])

    struct Target: ParsableArguments {
        @Option(help: "The pool id.") var pool: String
        @Option(help: "The resource server's identifier (https://api.example.com, orders …).") var identifier: String
    }

    struct Scopes: ParsableArguments {
        @Option(name: .customLong("scope"), help: "A scope as NAME=DESCRIPTION (repeatable); clients ask for IDENTIFIER/NAME.")
        var values: [String] = []

        func parsed() throws -> [ResourceServerScopeType]? {
            guard !values.isEmpty else { return nil }
            return try values.map { value in
                let parts = value.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw ValidationError("--scope \(value) must be NAME=DESCRIPTION")
                }
                return ResourceServerScopeType(scopeName: String(parts[0]), scopeDescription: String(parts[1]))
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a resource server with its scopes.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "A name for people.") var name: String
        @OptionGroup var scopes: Scopes

        func run() async throws {
            let response = try await store.engine().createResourceServer(
                CreateResourceServerRequest(userPoolId: target.pool, identifier: target.identifier, name: name, scopes: try scopes.parsed()))
            if store.json { return try Output.json(response) }
            print("Created \(target.identifier)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a pool's resource servers and their scopes.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String

        func run() async throws {
            let engine = try await store.engine()
            var servers: [ResourceServerType] = []
            var token: String?
            repeat {
                let page = try await engine.listResourceServers(ListResourceServersRequest(userPoolId: pool, maxResults: 50, nextToken: token))
                servers += page.resourceServers
                token = page.nextToken
            } while token != nil
            if store.json { return try Output.json(ListResourceServersResponse(resourceServers: servers)) }
            ResourceServerCommand.table(servers)
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a resource server.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target

        func run() async throws {
            let response = try await store.engine().describeResourceServer(
                DescribeResourceServerRequest(userPoolId: target.pool, identifier: target.identifier))
            if store.json { return try Output.json(response) }
            ResourceServerCommand.table([response.resourceServer])
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace a resource server's name and scopes (scopes left out are removed).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "A name for people.") var name: String
        @OptionGroup var scopes: Scopes

        func run() async throws {
            let response = try await store.engine().updateResourceServer(
                UpdateResourceServerRequest(userPoolId: target.pool, identifier: target.identifier, name: name, scopes: try scopes.parsed()))
            if store.json { return try Output.json(response) }
            print("Updated \(target.identifier)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a resource server.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target

        func run() async throws {
            try await store.engine().deleteResourceServer(DeleteResourceServerRequest(userPoolId: target.pool, identifier: target.identifier))
            if !store.json { print("Deleted \(target.identifier)") }
        }
    }

    static func table(_ servers: [ResourceServerType]) {
        Output.table(
            ["IDENTIFIER", "NAME", "SCOPES"],
            servers.map { server in
                [
                    server.identifier ?? "", server.name ?? "",
                    (server.scopes ?? []).map { "\(server.identifier ?? "")/\($0.scopeName)" }.joined(separator: " "),
                ]
            })
    }
}
