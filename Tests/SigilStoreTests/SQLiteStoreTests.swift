import Foundation
import GRDB
import SigilCore
import Testing

@testable import SigilStore

@Suite struct SQLiteStoreTests {
    let directory: URL
    let path: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-store-\(UUID().uuidString)")
        path = directory.appendingPathComponent("nested/store.db").path
    }

    func pool(_ id: String) -> UserPoolType {
        var pool = UserPoolType()
        pool.id = id
        pool.name = "p"
        return pool
    }

    func user(_ name: String, poolKey: Int64, email: String? = nil) -> UserRecord {
        var attributes = ["sub": UUID().uuidString.lowercased()]
        attributes["email"] = email
        return UserRecord(
            poolKey: poolKey, username: name, status: .confirmed, created: Date(), modified: Date(), attributes: attributes)
    }

    @Test func createsTheFileInWALModeWithTheSchema() async throws {
        let store = try SQLiteStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        let mode = try await store.database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let applied = try await store.database.read { db in try Migrations.migrator.appliedMigrations(db) }
        #expect(
            applied == [
                "v1: directory", "v2: authentication", "v3: threat protection", "v4: devices", "v5: event times", "v6: identity pools",
                "v7: store settings and import heartbeats", "v8: domains and resource servers", "v9: UI customization and terms",
                "v10: scopes of managed login's refresh tokens", "v11: managed login branding", "v12: function mappings",
            ])
        // Opening again runs no migration twice.
        _ = try SQLiteStore(path: path)
    }

    @Test func aFailedWriteLeavesNothingBehind() async throws {
        let store = try SQLiteStore(path: path)
        struct Stop: Error {}
        await #expect(throws: Stop.self) {
            try await store.write { writer in
                let key = try await writer.insertPool(pool("us-east-1_AAAAAAAAA"))
                _ = try await writer.insertUser(user("ann", poolKey: key))
                throw Stop()
            }
        }
        #expect(try await store.read { try await $0.pool(id: "us-east-1_AAAAAAAAA") } == nil)
        #expect(try await store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM users") } == 0)
    }

    @Test func usernamesAndSubsAreUniqueWithinAPool() async throws {
        let store = try SQLiteStore(path: path)
        let key = try await store.write { try await $0.insertPool(pool("us-east-1_AAAAAAAAA")) }
        _ = try await store.write { try await $0.insertUser(user("ann", poolKey: key)) }
        await #expect(throws: (any Error).self) { _ = try await store.write { try await $0.insertUser(user("ann", poolKey: key)) } }
        let other = try await store.write { try await $0.insertPool(pool("us-east-1_BBBBBBBBB")) }
        _ = try await store.write { try await $0.insertUser(user("ann", poolKey: other)) }
        #expect(try await store.read { try await $0.pool(id: "us-east-1_AAAAAAAAA")?.userCount } == 1)
    }

    @Test func prefixQueriesUseTheIndexes() async throws {
        let store = try SQLiteStore(path: path)
        let (sql, _) = UserRows.select(UserQuery(poolKey: 1, condition: .prefix(.email, "ann"), after: UserCursor(value: "ann", id: 3), limit: 60))
        let plan = try await store.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: [1, "ann", "ann\u{10FFFF}", "ann", 3, 60]).map {
                $0["detail"] as String
            }
        }
        #expect(plan.joined().contains("users_by_email"), "\(plan)")
        #expect(!plan.joined().contains("TEMP B-TREE"), "no sort step: \(plan)")
    }

    @Test func deletingAPoolRemovesEverythingInIt() async throws {
        let store = try SQLiteStore(path: path)
        let key = try await store.write { try await $0.insertPool(pool("us-east-1_AAAAAAAAA")) }
        try await store.write { writer in
            try await writer.insertUsers([user("ann", poolKey: key), user("bob", poolKey: key)])
            try await writer.insertGroup(poolKey: key, GroupType(groupName: "g"))
            let ann = try #require(try await writer.user(poolKey: key, usernameKey: "ann"))
            try await writer.addMember(poolKey: key, group: "g", userId: ann.id!)
            try await writer.deletePool(key: key)
        }
        let counts = try await store.database.read { db in
            try ["users", "groups", "memberships", "pools"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1 }
        }
        #expect(counts == [0, 0, 0, 0])
    }

    @Test func defaultPathFollowsXDG() async {
        #expect(SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/x"]) == "/data/sigil/sigil.db")
        #expect(SQLiteStore.defaultPath(environment: ["HOME": "/home/x"]) == "/home/x/.local/share/sigil/sigil.db")
    }
}

@Suite struct AttributeJSONTests {
    @Test(
        arguments: [
            [:], ["a": "b"], ["email": "ann@example.com", "name": "Ann \"the\" Lee", "x": "back\\slash"],
            ["unicode": "Müller ☃ 🎉", "control": "line\nbreak\ttab\u{1}"],
        ] as [[String: String]])
    func roundTrips(_ attributes: [String: String]) throws {
        let text = AttributeJSON.encode(attributes)
        #expect(try AttributeJSON.decode(text) == attributes)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(text.utf8)) == attributes)
    }

    @Test func readsEscapesOtherWritersUse() async throws {
        #expect(try AttributeJSON.decode(#"{"a":"\u00e9\ud83c\udf89","b" : "x\/y"}"#) == ["a": "é🎉", "b": "x/y"])
    }

    @Test(arguments: ["", "{", "{\"a\":1}", "{\"a\":\"b\"", "[\"a\"]", "{\"a\":\"\\u12\"}"])
    func refusesMalformedText(_ text: String) async {
        #expect(throws: (any Error).self) { _ = try AttributeJSON.decode(text) }
    }
}
