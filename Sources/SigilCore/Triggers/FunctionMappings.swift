import Foundation

/// Mapping Lambda function ARNs to what runs them (`sigil function map|list|unmap`).
extension Engine {
    /// The most seconds a mapping may allow a run, as Lambda's own limit.
    public static let maxFunctionTimeout = 900
    /// Environment variables Lambda sets itself, which a mapping may not.
    static let reservedEnvironment: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ]

    /// Maps (or maps again) a function ARN. `handler` is `PATH[:FUNCTION]` (the function
    /// defaults to `handler`); the runtime follows from the file's extension unless given.
    @discardableResult
    public func mapFunction(
        arn: String, handler: String?, runtime: FunctionMapping.Runtime?, invokeEndpoint: String?, environment: [String: String] = [:],
        timeout: Int = 5, interpreter: String? = nil, runtimeClient: FunctionMapping.RuntimeClient? = nil,
        relativeTo directory: String = FileManager.default.currentDirectoryPath
    ) async throws -> FunctionMapping {
        try Self.checkFunctionARN(arn)
        let target: FunctionMapping.Target
        switch (handler, invokeEndpoint) {
        case (let handler?, nil):
            target = try Self.handlerTarget(handler, runtime: runtime, relativeTo: directory)
        case (nil, let endpoint?):
            guard runtime == nil else { throw CognitoError.invalidParameter("--runtime goes with --handler, not --invoke-endpoint.") }
            guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil else {
                throw CognitoError.invalidParameter("\(endpoint) is not an http(s) URL of a Lambda Invoke API.")
            }
            target = .invoke(endpoint: endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint)
        default:
            throw CognitoError.invalidParameter("Give either --handler PATH[:FUNCTION] or --invoke-endpoint URL.")
        }
        guard (1...Self.maxFunctionTimeout).contains(timeout) else {
            throw CognitoError.invalidParameter("The timeout must be 1 to \(Self.maxFunctionTimeout) seconds, not \(timeout).")
        }
        for name in environment.keys.sorted() {
            guard let first = name.first, first.isLetter || first == "_", name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else { throw CognitoError.invalidParameter("\(name) is not an environment variable name.") }
            if Self.reservedEnvironment.contains(name) {
                throw CognitoError.invalidParameter("\(name) is set by the Lambda runtime itself and cannot be given.")
            }
        }
        try Self.checkWorkerOptions(target, interpreter: interpreter, runtimeClient: runtimeClient)
        let mapping = FunctionMapping(
            arn: arn, target: target, environment: environment, timeout: timeout, created: clock.now, interpreter: interpreter,
            runtimeClient: runtimeClient)
        try await write { writer in try await writer.saveFunctionMapping(mapping) }
        return mapping
    }

    public func functionMappings() async throws -> [FunctionMapping] {
        try await read { reader in try await reader.functionMappings() }
    }

    public func functionMapping(arn: String) async throws -> FunctionMapping? {
        try await read { reader in try await reader.functionMapping(arn: arn) }
    }

    public func unmapFunction(arn: String) async throws {
        try await write { writer in
            guard try await writer.functionMapping(arn: arn) != nil else {
                throw CognitoError.resourceNotFound("No handler is mapped to \(arn).")
            }
            try await writer.deleteFunctionMapping(arn: arn)
        }
    }

    /// The interpreter and runtime client go with a handler; awslambdaric runs Python only.
    static func checkWorkerOptions(_ target: FunctionMapping.Target, interpreter: String?, runtimeClient: FunctionMapping.RuntimeClient?) throws {
        guard case .handler(_, _, let runtime) = target else {
            if interpreter != nil || runtimeClient != nil {
                throw CognitoError.invalidParameter("--interpreter and --runtime-client go with --handler, not --invoke-endpoint.")
            }
            return
        }
        if runtimeClient == .awslambdaric && runtime != .python {
            throw CognitoError.invalidParameter("awslambdaric runs Python handlers; Node.js handlers run with Sigil's bootstrap.")
        }
        if let interpreter {
            guard !interpreter.isEmpty, !interpreter.contains(where: \.isWhitespace) else {
                throw CognitoError.invalidParameter("\(interpreter) is not an interpreter path or name.")
            }
            if interpreter.contains("/") && !FileManager.default.isExecutableFile(atPath: interpreter) {
                throw CognitoError.invalidParameter("The interpreter \(interpreter) does not exist or cannot be run.")
            }
        }
    }

    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME`, with an optional version or alias.
    static func checkFunctionARN(_ arn: String) throws {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let nameOK = { (text: String) in
            !text.isEmpty && text.count <= 64 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
        guard parts.count == 7 || parts.count == 8, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "lambda", !parts[3].isEmpty,
            parts[4].count == 12, parts[4].allSatisfy(\.isNumber), parts[5] == "function", nameOK(parts[6]),
            parts.count == 7 || parts[7] == "$LATEST" || nameOK(parts[7])
        else {
            throw CognitoError.invalidParameter("\(arn) is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME).")
        }
    }

    private static func handlerTarget(_ handler: String, runtime given: FunctionMapping.Runtime?, relativeTo directory: String) throws
        -> FunctionMapping.Target
    {
        var path = handler
        var function = "handler"
        if let colon = handler.lastIndex(of: ":"), !handler[handler.index(after: colon)...].contains("/") {
            path = String(handler[..<colon])
            function = String(handler[handler.index(after: colon)...])
        }
        guard let first = function.first, first.isLetter || first == "_",
            function.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "$") })
        else { throw CognitoError.invalidParameter("\(function) is not a function name.") }
        let absolute = path.hasPrefix("/") ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), !isDirectory.boolValue,
            FileManager.default.isReadableFile(atPath: absolute)
        else { throw CognitoError.invalidParameter("The handler file \(absolute) does not exist or cannot be read.") }
        let byExtension: FunctionMapping.Runtime? =
            switch URL(fileURLWithPath: absolute).pathExtension {
            case "py": .python
            case "js", "mjs", "cjs": .node
            default: nil
            }
        if let given, let byExtension, given != byExtension {
            throw CognitoError.invalidParameter("\(absolute) is a \(byExtension.rawValue) file, not \(given.rawValue).")
        }
        guard let runtime = given ?? byExtension else {
            throw CognitoError.invalidParameter("Say which runtime runs \(absolute) with --runtime python or --runtime node.")
        }
        return .handler(path: absolute, function: function, runtime: runtime)
    }
}
