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

    @Test func createsTheFileInWALModeWithTheSchema() throws {
        let store = try SQLiteStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        let mode = try store.database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let applied = try store.database.read { db in try Migrations.migrator.appliedMigrations(db) }
        #expect(
            applied == [
                "v1: directory", "v2: authentication", "v3: threat protection", "v4: devices", "v5: event times", "v6: identity pools",
                "v7: store settings and import heartbeats",
            ])
        // Opening again runs no migration twice.
        _ = try SQLiteStore(path: path)
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        let store = try SQLiteStore(path: path)
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try store.write { writer in
                let key = try writer.insertPool(pool("us-east-1_AAAAAAAAA"))
                _ = try writer.insertUser(user("ann", poolKey: key))
                throw Stop()
            }
        }
        #expect(try store.read { try $0.pool(id: "us-east-1_AAAAAAAAA") } == nil)
        #expect(try store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM users") } == 0)
    }

    @Test func usernamesAndSubsAreUniqueWithinAPool() throws {
        let store = try SQLiteStore(path: path)
        let key = try store.write { try $0.insertPool(pool("us-east-1_AAAAAAAAA")) }
        _ = try store.write { try $0.insertUser(user("ann", poolKey: key)) }
        #expect(throws: (any Error).self) { _ = try store.write { try $0.insertUser(user("ann", poolKey: key)) } }
        let other = try store.write { try $0.insertPool(pool("us-east-1_BBBBBBBBB")) }
        _ = try store.write { try $0.insertUser(user("ann", poolKey: other)) }
        #expect(try store.read { try $0.pool(id: "us-east-1_AAAAAAAAA")?.userCount } == 1)
    }

    @Test func prefixQueriesUseTheIndexes() throws {
        let store = try SQLiteStore(path: path)
        let (sql, _) = UserRows.select(UserQuery(poolKey: 1, condition: .prefix(.email, "ann"), after: UserCursor(value: "ann", id: 3), limit: 60))
        let plan = try store.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: [1, "ann", "ann\u{10FFFF}", "ann", 3, 60]).map {
                $0["detail"] as String
            }
        }
        #expect(plan.joined().contains("users_by_email"), "\(plan)")
        #expect(!plan.joined().contains("TEMP B-TREE"), "no sort step: \(plan)")
    }

    @Test func deletingAPoolRemovesEverythingInIt() throws {
        let store = try SQLiteStore(path: path)
        let key = try store.write { try $0.insertPool(pool("us-east-1_AAAAAAAAA")) }
        try store.write { writer in
            try writer.insertUsers([user("ann", poolKey: key), user("bob", poolKey: key)])
            try writer.insertGroup(poolKey: key, GroupType(groupName: "g"))
            let ann = try #require(try writer.user(poolKey: key, usernameKey: "ann"))
            try writer.addMember(poolKey: key, group: "g", userId: ann.id!)
            try writer.deletePool(key: key)
        }
        let counts = try store.database.read { db in
            try ["users", "groups", "memberships", "pools"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1 }
        }
        #expect(counts == [0, 0, 0, 0])
    }

    @Test func defaultPathFollowsXDG() {
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

    @Test func readsEscapesOtherWritersUse() throws {
        #expect(try AttributeJSON.decode(#"{"a":"\u00e9\ud83c\udf89","b" : "x\/y"}"#) == ["a": "é🎉", "b": "x/y"])
    }

    @Test(arguments: ["", "{", "{\"a\":1}", "{\"a\":\"b\"", "[\"a\"]", "{\"a\":\"\\u12\"}"])
    func refusesMalformedText(_ text: String) {
        #expect(throws: (any Error).self) { _ = try AttributeJSON.decode(text) }
    }
}
