import ArgumentParser
import Foundation
import SigilCore

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Create a pool full of realistic users (sigil demo: the demo pool).",
        discussion: """
            The pool gets an app client (demo-app), the groups admins, editors, viewers and beta-testers, and the demo \
            users alice, bob and carol with the password \(DemoSeeder.demoPassword). Other users have no password \
            unless --passwords-for-all is given, which costs about 0.5 ms a user.
            """, aliases: ["demo"])
    @OptionGroup var store: StoreOptions
    @Option(help: "How many users.") var users: Int = 200
    @Option(help: "The pool's name.") var name: String = "demo"
    @Flag(help: "Give every user the demo password (slow for large pools).") var passwordsForAll = false
    @Flag(help: "Also an identity pool trusting the pool, with the roles demo-users, demo-admins and demo-guests.") var identityPool = false
    @Flag(
        help: ArgumentHelp(
            "Wire the example trigger handlers into the pool: auto-confirm (PreSignUp), claims (PreTokenGeneration V2), "
                + "migration from a CSV (UserMigration) and a one-time code (CUSTOM_AUTH)."))
    var triggers = false

    func validate() throws {
        if users < 0 { throw ValidationError("--users can not be negative") }
    }

    func run() async throws {
        let engine = try await store.engine()
        let wired = triggers ? try await DemoTriggers.install(engine, databasePath: store.databasePath) : nil
        let progress = ProgressReporter("Seeding")
        let started = Date()
        let result = try await DemoSeeder(engine: engine).seed(
            DemoSeeder.Options(
                poolName: name, users: users, passwordsForAll: passwordsForAll, identityPool: identityPool, lambdaConfig: wired?.config)
        ) { progress.update($0, $1) }
        if store.json { return try Output.json(result.pool) }
        let seconds = Date().timeIntervalSince(started)
        print("Pool \(result.pool.id ?? "") (\(name)) with \(result.users) users in \(String(format: "%.1f", seconds)) s")
        print("App client \(result.client.clientId ?? "") (demo-app)")
        print("Demo users alice, bob, carol — password \(DemoSeeder.demoPassword)")
        if let wired {
            print("Triggers: handlers in \(wired.folder.path) (see the console's Functions screen, key 0)")
            print("  sign up with an @example.com address: confirmed at once; tokens carry a tenant claim")
            print("  sign in as dora / Legacy-pass-1 (migrated from legacy-users.csv); CUSTOM_AUTH prints a one-time code to the function log")
        }
        if let identityPoolId = result.identityPoolId { print("Identity pool \(identityPoolId) (\(name)-identities)") }
        if let domain = result.domain {
            print("Managed login (domain \(domain); with sigil serve running, open in a browser):")
            print("  \(result.signInURL(endpoint: engine.configuration.endpoint))")
        }
    }
}
