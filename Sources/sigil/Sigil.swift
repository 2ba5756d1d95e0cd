import ArgumentParser
import NIOCore
import NIOPosix
import Foundation
import SigilCore

/// `sigil`: the command line of Sigil, a self-hosted identity service that behaves like
/// Amazon Cognito.
struct Sigil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigil",
        abstract: "A self-hosted identity service that behaves like Amazon Cognito.",
        subcommands: [
            Overview.self, PoolCommand.self, ClientCommand.self, UserCommand.self, GroupCommand.self,
            ImportCommand.self, SeedCommand.self, OutboxCommand.self, ServeCommand.self,
        ],
        defaultSubcommand: Overview.self
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
        Task {
            await run()
            Foundation.exit(0)
        }
        dispatchMain()
    }

    static func run() async {
        do {
            var command = try Sigil.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CognitoError {
            Output.error(error.description)
            Foundation.exit(1)
        } catch let error as CommandFailure {
            Output.error(error.message)
            Foundation.exit(1)
        } catch {
            Sigil.exit(withError: error)
        }
    }
}

/// A failure outside the engine (a file that can't be read, a store that can't open).
struct CommandFailure: Error {
    var message: String
}
