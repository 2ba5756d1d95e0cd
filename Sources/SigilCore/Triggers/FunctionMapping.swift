import Foundation

/// Where a Lambda function ARN named in a pool's LambdaConfig runs here: the developer's
/// handler file, run unmodified by a Python or Node.js worker, or a remote function reached
/// through the Lambda Invoke API (LocalStack, `sam local start-lambda`).
public struct FunctionMapping: Codable, Sendable, Equatable {
    public enum Runtime: String, Codable, Sendable, CaseIterable {
        case python, node
    }

    /// What runs a Python handler in its worker: Sigil's bootstrap, or AWS's runtime
    /// interface client (`python -m awslambdaric`, installed with the interpreter).
    public enum RuntimeClient: String, Codable, Sendable, CaseIterable {
        case bootstrap, awslambdaric
    }

    public enum Target: Codable, Sendable, Equatable {
        /// A handler file (absolute path) and the function in it.
        case handler(path: String, function: String, runtime: Runtime)
        /// The base URL of a Lambda Invoke API (`POST /2015-03-31/functions/NAME/invocations`).
        case invoke(endpoint: String)
    }

    public var arn: String
    public var target: Target
    /// Environment variables the handler sees.
    public var environment: [String: String]
    /// Seconds one run may take (Cognito itself gives a trigger 5).
    public var timeout: Int
    public var created: Date
    /// The Python or Node.js executable to run the handler with (a virtualenv's python,
    /// say); nil: the runner's default.
    public var interpreter: String?
    public var runtimeClient: RuntimeClient?

    public init(
        arn: String, target: Target, environment: [String: String] = [:], timeout: Int = 5, created: Date, interpreter: String? = nil,
        runtimeClient: RuntimeClient? = nil
    ) {
        self.interpreter = interpreter
        self.runtimeClient = runtimeClient
        self.arn = arn
        self.target = target
        self.environment = environment
        self.timeout = timeout
        self.created = created
    }

    /// The function's name, from its ARN.
    public var functionName: String {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 6 ? String(parts[6]) : arn
    }
}
