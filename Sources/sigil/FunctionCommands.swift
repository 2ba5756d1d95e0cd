import ArgumentParser
import Foundation
import SigilCore

struct FunctionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "function", abstract: "Map the Lambda function ARNs of pools' triggers to handler files or a Lambda Invoke API.",
        subcommands: [Map.self, List.self, Unmap.self, SenderKey.self])

    struct Map: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a function ARN with a handler file (Python or Node.js, unmodified) or at a Lambda Invoke API.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The function's ARN, as the pool's LambdaConfig names it.") var arn: String
        @Option(help: "PATH[:FUNCTION], e.g. triggers/confirm.py:handler (FUNCTION defaults to handler).") var handler: String?
        @Option(help: "python or node (by default from the file's extension).") var runtime: FunctionMapping.Runtime?
        @Option(help: "The base URL of a Lambda Invoke API (LocalStack, sam local start-lambda).") var invokeEndpoint: String?
        @Option(name: .customLong("env"), help: "NAME=VALUE for the handler's environment (repeatable).") var environment: [String] = []
        @Option(help: "Seconds one run may take (1 to 900).") var timeout = 5
        @Option(help: "The python or node executable to run the handler with (e.g. a virtualenv's python).") var interpreter: String?
        @Option(help: "bootstrap (Sigil's) or awslambdaric (AWS's runtime interface client, Python only).")
        var runtimeClient: FunctionMapping.RuntimeClient?

        func run() async throws {
            var variables: [String: String] = [:]
            for pair in environment {
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw ValidationError("--env takes NAME=VALUE, not \(pair)")
                }
                variables[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            let mapping = try await store.engine().mapFunction(
                arn: arn, handler: handler, runtime: runtime, invokeEndpoint: invokeEndpoint, environment: variables, timeout: timeout,
                interpreter: interpreter.map { $0.contains("/") ? URL(fileURLWithPath: $0).standardizedFileURL.path : $0 },
                runtimeClient: runtimeClient)
            if store.json { return try Output.json(mapping) }
            print("Mapped \(mapping.arn) to \(FunctionCommand.target(mapping))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the function mappings.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let mappings = try await store.engine().functionMappings()
            if store.json { return try Output.json(mappings) }
            Output.table(
                ["FUNCTION", "RUNS", "TIMEOUT", "ENVIRONMENT", "ARN"],
                mappings.map { mapping in
                    [
                        mapping.functionName, FunctionCommand.target(mapping), "\(mapping.timeout) s",
                        mapping.environment.keys.sorted().joined(separator: ","), mapping.arn,
                    ]
                })
        }
    }

    struct Unmap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Forget a function's mapping.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The function's ARN.") var arn: String

        func run() async throws {
            try await store.engine().unmapFunction(arn: arn)
            if !store.json { print("Unmapped \(arn)") }
        }
    }

    struct SenderKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sender-key",
            abstract: "Print the key CustomEmailSender and CustomSMSSender handlers decrypt codes with, for a pool's KMSKeyID.",
            discussion: "Give it to the handler (e.g. --env SIGIL_SENDER_KEY=...); the README shows how to decrypt.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The KMSKeyID in the pool's LambdaConfig.") var kmsKeyId: String

        func run() async throws {
            print(try await store.engine().customSenderKey(kmsKeyId: kmsKeyId))
        }
    }

    static func target(_ mapping: FunctionMapping) -> String {
        switch mapping.target {
        case .handler(let path, let function, let runtime):
            let client = mapping.runtimeClient == .awslambdaric ? " (awslambdaric)" : ""
            return "\(runtime.rawValue)\(client) \(path):\(function)"
        case .invoke(let endpoint): return "invoke \(endpoint)"
        }
    }
}

extension FunctionMapping.Runtime: ExpressibleByArgument {}
extension FunctionMapping.RuntimeClient: ExpressibleByArgument {}
