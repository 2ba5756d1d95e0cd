import Foundation
import SigilConsole
import SigilCore
import SigilStore
import Testing

/// An engine on a fresh SQLite file with a clock that stands still.
struct TestStore {
    let engine: Engine
    let clock: ManualClock

    init(functions: (any FunctionRunner)? = nil) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        clock = ManualClock(Date(timeIntervalSince1970: 1_790_000_000))
        engine = try Engine(
            store: try SQLiteStore(path: directory.appendingPathComponent("test.db").path), clock: clock,
            configuration: EngineConfiguration(atRestKey: Array(repeating: 9, count: 32), functions: functions))
    }

    /// A pool with an email alias and auto-verified email; returns its id.
    func pool(_ name: String = "shop") async throws -> String {
        try await engine.createUserPool(CreateUserPoolRequest(poolName: name, autoVerifiedAttributes: [.email], aliasAttributes: [.email]))
            .userPool!.id!
    }

    func user(_ username: String, in poolId: String, email: String? = nil, name: String? = nil) async throws {
        var attributes: [AttributeType] = []
        if let email { attributes.append(AttributeType(name: "email", value: email)) }
        if let name { attributes.append(AttributeType(name: "name", value: name)) }
        _ = try await engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: poolId, username: username, userAttributes: attributes, temporaryPassword: "Passw0rd!x",
                messageAction: .suppress))
    }

    /// `count` users named user-00000, user-00001 … in one batch.
    func users(_ count: Int, in poolId: String) async throws {
        for index in 0..<count {
            try await user(String(format: "user-%05d", index), in: poolId, email: String(format: "u%05d@example.com", index))
        }
    }

    func group(_ name: String, in poolId: String) async throws {
        _ = try await engine.createGroup(CreateGroupRequest(groupName: name, userPoolId: poolId))
    }
}

/// The console on a headless terminal, driven key by key; each key waits for the engine
/// calls it started, as a person waits for the screen.
final class Harness {
    let store: TestStore
    let terminal: HeadlessTerminal
    let app: ConsoleApp

    init(store: TestStore, width: Int = 120, height: Int = 40, settings: ConsoleSettings = ConsoleSettings()) {
        self.store = store
        terminal = HeadlessTerminal(width: width, height: height)
        app = ConsoleApp(engine: store.engine, terminal: terminal, settings: settings)
        app.settle()
    }

    var model: AppModel { app.model }

    /// The screen as text.
    var screen: String {
        app.settle()
        return terminal.screen
    }

    func press(_ keys: Key...) {
        app.send(keys)
    }

    func type(_ text: String) {
        app.type(text)
    }

    func resize(width: Int, height: Int) {
        terminal.resize(width: width, height: height)
        if let event = terminal.nextInput(timeout: 0) { app.send(event) }
    }

    /// The row of the screen holding `text`, if any.
    func row(containing text: String) -> String? {
        terminal.text.first { $0.contains(text) }
    }
}
