import ArgumentParser
import Foundation
import SigilCore

/// What `sigil` does with no command: opens the store (making a demo pool the first
/// time) and shows its pools.
struct Overview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview", abstract: "Show the pools in the store; the first start creates a demo pool.")
    @OptionGroup var store: StoreOptions
    @Flag(help: "Do not create the demo pool in an empty store.") var noDemo = false

    func run() async throws {
        let engine = try await store.engine()
        var summaries = try await engine.poolSummaries()
        if summaries.isEmpty && !noDemo {
            Output.note("First start: creating the demo pool in \(store.databasePath)")
            _ = try await DemoSeeder(engine: engine).seed(DemoSeeder.Options(identityPool: true))
            summaries = try await engine.poolSummaries()
        }
        if store.json {
            // Named as the API names fields (`--json` prints them as they are).
            // swift-format-ignore: AlwaysUseLowerCamelCase
            struct Summary: Encodable {
                var Id, Name: String
                var Users, AppClients, Groups: Int
            }
            return try Output.json(summaries.map { Summary(Id: $0.id, Name: $0.name, Users: $0.users, AppClients: $0.clients, Groups: $0.groups) })
        }
        print("Sigil store: \(store.databasePath)\n")
        Output.table(
            ["POOL", "NAME", "USERS", "CLIENTS", "GROUPS"],
            summaries.map { [$0.id, $0.name, String($0.users), String($0.clients), String($0.groups)] })
        print("\nTry: sigil user list --pool \(summaries.first?.id ?? "<pool>") --limit 10")
        print("     sigil --help")
    }
}
