import ArgumentParser
import Foundation
import SigilCore

struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Create, list, describe and delete app clients.",
        subcommands: [Create.self, List.self, Describe.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an app client.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String
        @Option(help: "The client's name.") var name: String
        @Flag(help: "Give the client a secret (then SECRET_HASH is required).") var secret = false
        @Option(help: "Allowed auth flows, comma-separated, e.g. ALLOW_USER_SRP_AUTH,ALLOW_REFRESH_TOKEN_AUTH.")
        var flows: ListArgument<ExplicitAuthFlowsType>?
        @Option(help: "Callback URL for the hosted sign-in (repeatable).") var callbackUrl: [String] = []
        @Flag(help: "Hide whether users exist (PreventUserExistenceErrors ENABLED).") var preventUserExistenceErrors = false

        func run() async throws {
            let response = try await store.engine().createUserPoolClient(
                CreateUserPoolClientRequest(
                    userPoolId: pool, clientName: name, generateSecret: secret, explicitAuthFlows: flows?.values,
                    callbackURLs: callbackUrl.isEmpty ? nil : callbackUrl,
                    preventUserExistenceErrors: preventUserExistenceErrors ? .enabled : nil))
            if store.json { return try Output.json(response) }
            print(response.userPoolClient?.clientId ?? "")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a pool's app clients.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String

        func run() async throws {
            let engine = try await store.engine()
            var clients: [UserPoolClientDescription] = []
            var token: String?
            repeat {
                let page = try await engine.listUserPoolClients(ListUserPoolClientsRequest(userPoolId: pool, maxResults: 60, nextToken: token))
                clients += page.userPoolClients ?? []
                token = page.nextToken
            } while token != nil
            if store.json { return try Output.json(ListUserPoolClientsResponse(userPoolClients: clients)) }
            Output.table(["CLIENT ID", "NAME"], clients.map { [$0.clientId ?? "", $0.clientName ?? ""] })
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an app client's settings.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String
        @Option(help: "The client id.") var client: String

        func run() async throws {
            let response = try await store.engine().describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: pool, clientId: client))
            if store.json { return try Output.json(response) }
            guard let client = response.userPoolClient else { return }
            Output.table(
                ["SETTING", "VALUE"],
                [
                    ["Client id", client.clientId ?? ""], ["Name", client.clientName ?? ""],
                    ["Secret", client.clientSecret == nil ? "none" : "yes"],
                    [
                        "Auth flows",
                        (client.explicitAuthFlows ?? []).map(\.rawValue).joined(separator: ", ").nonEmptyOr("default (SRP, custom, refresh)"),
                    ],
                    ["Callback URLs", (client.callbackURLs ?? []).joined(separator: ", ")],
                    [
                        "Refresh token validity",
                        "\(client.refreshTokenValidity ?? 30) \(client.tokenValidityUnits?.refreshToken?.rawValue ?? "days")",
                    ],
                    ["Prevent user existence errors", client.preventUserExistenceErrors?.rawValue ?? "LEGACY"],
                ])
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an app client.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String
        @Option(help: "The client id.") var client: String

        func run() async throws {
            try await store.engine().deleteUserPoolClient(DeleteUserPoolClientRequest(userPoolId: pool, clientId: client))
            if !store.json { print("Deleted \(client)") }
        }
    }
}

extension String {
    func nonEmptyOr(_ fallback: String) -> String { isEmpty ? fallback : self }
}
