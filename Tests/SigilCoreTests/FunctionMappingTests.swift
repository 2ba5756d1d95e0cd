import Foundation
import SigilCore
import Testing

/// Function ARNs mapped to handler files or an Invoke API: checked when mapped, kept in
/// the store, replaced by a new mapping of the same ARN.
@Suite struct FunctionMappingTests {
    static let arn = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up"
    let test: TestEngine
    let folder: URL

    init() throws {
        test = try TestEngine()
        folder = test.directory.appendingPathComponent("triggers")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "def handler(event, context):\n    return event\n".write(
            to: folder.appendingPathComponent("confirm.py"), atomically: true, encoding: .utf8)
        try "export const handler = async (event) => event;\n".write(
            to: folder.appendingPathComponent("claims.mjs"), atomically: true, encoding: .utf8)
        try "#!/bin/sh\n".write(to: folder.appendingPathComponent("run.sh"), atomically: true, encoding: .utf8)
    }

    func map(
        _ handler: String?, runtime: FunctionMapping.Runtime? = nil, endpoint: String? = nil, arn: String = arn,
        environment: [String: String] = [:], timeout: Int = 5
    ) async throws -> FunctionMapping {
        try await test.engine.mapFunction(
            arn: arn, handler: handler, runtime: runtime, invokeEndpoint: endpoint, environment: environment, timeout: timeout,
            relativeTo: folder.path)
    }

    @Test func handlersAndEndpointsAreKeptByARN() async throws {
        let python = try await map("confirm.py:handler", environment: ["TABLE": "users"], timeout: 3)
        #expect(python.target == .handler(path: folder.appendingPathComponent("confirm.py").path, function: "handler", runtime: .python))
        #expect(python.functionName == "pre-sign-up" && python.environment == ["TABLE": "users"] && python.timeout == 3)
        let node = try await map("claims.mjs", arn: "arn:aws:lambda:us-east-1:123456789012:function:tokens:$LATEST")
        #expect(node.target == .handler(path: folder.appendingPathComponent("claims.mjs").path, function: "handler", runtime: .node))
        // Mapping an ARN again replaces its mapping.
        let remote = try await map(nil, endpoint: "http://127.0.0.1:3001/")
        #expect(remote.target == .invoke(endpoint: "http://127.0.0.1:3001"))
        #expect(try await test.engine.functionMappings().map(\.arn) == [Self.arn, node.arn])
        #expect(try await test.engine.functionMapping(arn: Self.arn) == remote)
        try await test.engine.unmapFunction(arn: Self.arn)
        #expect(try await test.engine.functionMapping(arn: Self.arn) == nil)
        await expectError(.resourceNotFoundException, "No handler is mapped to \(Self.arn).") {
            try await test.engine.unmapFunction(arn: Self.arn)
        }
    }

    @Test func badMappingsAreRefusedAndChangeNothing() async throws {
        await expectError(.invalidParameterException) { _ = try await map("confirm.py", arn: "arn:aws:lambda:us-east-1:1234:function:x") }
        await expectError(.invalidParameterException) { _ = try await map("confirm.py", arn: "pre-sign-up") }
        await expectError(.invalidParameterException, "Give either --handler PATH[:FUNCTION] or --invoke-endpoint URL.") {
            _ = try await map(nil)
        }
        await expectError(.invalidParameterException) { _ = try await map("confirm.py", endpoint: "http://127.0.0.1:3001") }
        await expectError(.invalidParameterException) { _ = try await map("missing.py") }
        await expectError(.invalidParameterException) { _ = try await map("confirm.py", runtime: .node) }
        await expectError(.invalidParameterException) { _ = try await map("run.sh") }
        await expectError(.invalidParameterException) { _ = try await map("confirm.py:not-a-name") }
        await expectError(.invalidParameterException) { _ = try await map(nil, endpoint: "ftp://example.com") }
        await expectError(.invalidParameterException) { _ = try await map("confirm.py", timeout: 0) }
        await expectError(.invalidParameterException) { _ = try await map("confirm.py", environment: ["AWS_REGION": "eu-west-1"]) }
        await expectError(.invalidParameterException) { _ = try await map("confirm.py", environment: ["1BAD": "x"]) }
        #expect(try await test.engine.functionMappings().isEmpty)
        // A file of another kind runs when the runtime is named.
        #expect(
            try await map("run.sh", runtime: .python).target
                == .handler(path: folder.appendingPathComponent("run.sh").path, function: "handler", runtime: .python))
    }
}
