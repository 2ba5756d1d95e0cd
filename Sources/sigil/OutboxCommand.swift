import ArgumentParser
import Foundation
import SigilCore

struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Read the messages the service would have sent by email or SMS.",
        subcommands: [Last.self, List.self])

    struct Last: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the last code sent to a user, alone on a line.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String
        @Option(help: "The username or alias.") var user: String

        func run() async throws {
            let messages = try await store.engine().outboxMessages(poolId: pool, username: user, limit: 50)
            guard let code = messages.lazy.compactMap(\.code).first else {
                throw CognitoError.resourceNotFound("No code has been sent to \(user).")
            }
            print(code)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List messages, newest first.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this pool.") var pool: String?
        @Option(help: "Only this user (needs --pool).") var user: String?
        @Option(help: "At most this many.") var limit: Int = 20

        func run() async throws {
            let messages = try await store.engine().outboxMessages(poolId: pool, username: user, limit: limit)
            if store.json {
                // Named as the API names fields (`--json` prints them as they are).
                // swift-format-ignore: AlwaysUseLowerCamelCase
                struct Message: Encodable {
                    var Pool, Username, Channel, Destination, Purpose: String
                    var Subject: String?
                    var Text: String
                    var Code: String?
                    var Sent: Date
                }
                return try Output.json(
                    messages.map {
                        Message(
                            Pool: $0.poolId, Username: $0.username, Channel: $0.channel.rawValue, Destination: $0.destination,
                            Purpose: $0.purpose.rawValue, Subject: $0.subject, Text: $0.text, Code: $0.code, Sent: $0.sent)
                    })
            }
            Output.table(
                ["SENT", "USER", "CHANNEL", "TO", "PURPOSE", "CODE"],
                messages.map {
                    [Output.date($0.sent), $0.username, $0.channel.rawValue, $0.destination, $0.purpose.rawValue, $0.code ?? ""]
                })
        }
    }
}
