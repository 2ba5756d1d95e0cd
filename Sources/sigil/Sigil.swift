import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import SigilAdapters
import SigilConsole
import SigilCore

/// `sigil`: the command line of Sigil, a self-hosted identity service that behaves like
/// Amazon Cognito.
struct Sigil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigil",
        abstract: "A self-hosted identity service that behaves like Amazon Cognito.",
        subcommands: [
            ConsoleCommand.self, Overview.self, PoolCommand.self, ClientCommand.self, DomainCommand.self, ResourceServerCommand.self,
            UserCommand.self,
            GroupCommand.self,
            ImportCommand.self, SeedCommand.self, OutboxCommand.self, RoleCommand.self, OIDCProviderCommand.self, FunctionCommand.self,
            ServeCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )
}

@main
enum SigilMain {
    static func main() {
        // A server answers fastest when Swift concurrency runs on the network event loops
        // (no thread hop per request); this must happen before any task starts.
        if CommandLine.arguments.dropFirst().first == "serve" {
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        let parsed: any ParsableCommand
        do {
            parsed = try Sigil.parseAsRoot()
        } catch {
            Sigil.exit(withError: error)
        }
        if let command = parsed as? any AsyncParsableCommand {
            // Parsed here, run once on the task: never shared between threads.
            let box = UncheckedBox(value: command)
            Task {
                var command = box.value
                do {
                    try await command.run()
                } catch {
                    fail(error)
                }
                Foundation.exit(0)
            }
            dispatchMain()
        }
        // The console draws from the main thread; other plain commands run here too.
        var command = parsed
        reportSync { try command.run() }
        Foundation.exit(0)
    }

    static func reportSync(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            fail(error)
        }
    }

    static func fail(_ error: any Error) -> Never {
        switch error {
        case let error as CognitoError:
            Output.error(error.description)
            Foundation.exit(1)
        case is EngineLoader.Failure, is AtRestKey.Failure:
            Output.error("\(error)")
            Foundation.exit(1)
        case let error as ConsoleRunner.NotATerminal:
            Output.error(error.description)
            Foundation.exit(1)
        default:
            Sigil.exit(withError: error)
        }
    }
}

/// Hands a value to a task that alone uses it from then on.
struct UncheckedBox<Value>: @unchecked Sendable {
    var value: Value
}
