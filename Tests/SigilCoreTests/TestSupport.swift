import Foundation
import SigilCore
import SigilStore
import Testing

/// An engine on a fresh SQLite file in a temporary folder, with a clock the test moves.
struct TestEngine {
    let engine: Engine
    let clock: ManualClock
    let directory: URL

    init(accountId: String = "000000000000") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        clock = ManualClock()
        let store = try SQLiteStore(path: directory.appendingPathComponent("test.db").path)
        engine = try Engine(
            store: store, clock: clock, configuration: EngineConfiguration(accountId: accountId, atRestKey: Array(repeating: 7, count: 32)))
    }

    /// A pool with the given settings; returns its id.
    func pool(_ request: CreateUserPoolRequest = CreateUserPoolRequest(poolName: "test")) async throws -> String {
        try await engine.createUserPool(request).userPool!.id!
    }

    /// A confirmed user with an email, created quietly.
    @discardableResult
    func user(_ username: String, in poolId: String, attributes: [String: String] = [:], password: String = "Passw0rd!")
        async throws -> UserType
    {
        let user = try await engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: poolId, username: username,
                userAttributes: attributes.sorted { $0.key < $1.key }.map { AttributeType(name: $0.key, value: $0.value) },
                temporaryPassword: password, messageAction: .suppress)
        ).user!
        return user
    }
}

/// Expects `body` to throw a `CognitoError` with this name (and message, when given).
func expectError(
    _ name: ExceptionName, _ message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("Expected \(name.rawValue), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as CognitoError {
        #expect(error.name == name, "\(error)", sourceLocation: sourceLocation)
        if let message {
            #expect(error.message == message, sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("Expected \(name.rawValue), got \(error)", sourceLocation: sourceLocation)
    }
}

extension Array where Element == AttributeType {
    subscript(name: String) -> String? { first { $0.name == name }?.value }
}
