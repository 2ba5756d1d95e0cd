import Foundation
import SigilCore
import SigilStore
import Testing

/// The storage port's promises, checked against every backend: SQLite on disk and in
/// memory today; a networked database adds its case here and must pass the same checks.
///
/// What a backend promises: each `write` is one transaction, kept whole or not at all;
/// writes are serializable (concurrent writers never lose each other's changes nor break
/// a uniqueness rule); reads see committed data only; keyset pages visit every row once,
/// in order; a committed write survives the store being closed and opened again.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteFile
    case sqliteMemory

    var testDescription: String { rawValue }

    /// A new, empty store; `reopen` gives the same store again after `close` (nil where the
    /// backend keeps nothing once closed).
    func make() throws -> (store: any DirectoryStore, reopen: (() throws -> any DirectoryStore)?) {
        switch self {
        case .sqliteFile:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-conformance-\(UUID().uuidString)/s.db").path
            return (try SQLiteStore(path: path), { try SQLiteStore(path: path) })
        case .sqliteMemory:
            return (try SQLiteStore.inMemory(), nil)
        }
    }
}

@Suite struct StoreConformanceTests {
    static func pool(_ id: String) -> UserPoolType {
        var pool = UserPoolType()
        pool.id = id
        pool.name = "p-\(id)"
        return pool
    }

    static func user(_ name: String, poolKey: Int64) -> UserRecord {
        UserRecord(
            poolKey: poolKey, username: name, status: .confirmed, created: Date(), modified: Date(),
            attributes: ["sub": UUID().uuidString.lowercased(), "email": "\(name)@example.com"])
    }

    @Test(arguments: StoreBackend.allCases)
    func aFailedWriteKeepsNothing(_ backend: StoreBackend) async throws {
        let store = try backend.make().store
        struct Stop: Error {}
        await #expect(throws: Stop.self) {
            try await store.write { writer in
                let key = try await writer.insertPool(Self.pool("us-east-1_AAAAAAAAA"))
                _ = try await writer.insertUser(Self.user("ann", poolKey: key))
                try await writer.setStoreSetting("marker", "set")
                throw Stop()
            }
        }
        try await store.read { reader throws -> Void in
            #expect(try await reader.pool(id: "us-east-1_AAAAAAAAA") == nil)
            #expect(try await reader.storeSetting("marker") == nil)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func committedWritesAreReadBack(_ backend: StoreBackend) async throws {
        let store = try backend.make().store
        let key = try await store.write { writer -> Int64 in
            let key = try await writer.insertPool(Self.pool("us-east-1_AAAAAAAAA"))
            _ = try await writer.insertUser(Self.user("ann", poolKey: key))
            try await writer.insertGroup(poolKey: key, GroupType(groupName: "admins", precedence: 1))
            let ann = try #require(try await writer.user(poolKey: key, usernameKey: "ann"))
            try await writer.addMember(poolKey: key, group: "admins", userId: try #require(ann.id))
            try await writer.setStoreSetting("marker", "set")
            return key
        }
        try await store.read { reader throws -> Void in
            #expect(try await reader.pool(id: "us-east-1_AAAAAAAAA")?.userCount == 1)
            let ann = try #require(try await reader.user(poolKey: key, usernameKey: "ann"))
            #expect(ann.attributes["email"] == "ann@example.com")
            #expect(try await reader.groups(userId: try #require(ann.id), after: nil, limit: 10).map(\.groupName) == ["admins"])
            #expect(try await reader.members(poolKey: key, group: "admins", afterUserId: nil, limit: 10).map(\.username) == ["ann"])
            #expect(try await reader.storeSetting("marker") == "set")
        }
    }

    /// Many writers racing to create the same user: exactly one wins, whatever the backend's
    /// isolation does (it may serialize them, or fail the losers).
    @Test(arguments: StoreBackend.allCases)
    func uniquenessHoldsUnderRaces(_ backend: StoreBackend) async throws {
        let store = try backend.make().store
        let key = try await store.write { try await $0.insertPool(Self.pool("us-east-1_AAAAAAAAA")) }
        let created = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let made = try? await store.write { writer -> Bool in
                        guard try await writer.user(poolKey: key, usernameKey: "ann") == nil else { return false }
                        _ = try await writer.insertUser(Self.user("ann", poolKey: key))
                        return true
                    }
                    if made == true { created.add() }
                }
            }
        }
        #expect(created.value == 1)
        #expect(try await store.read { try await $0.pool(id: "us-east-1_AAAAAAAAA")?.userCount } == 1)
        // A second pool id is refused too, and so is a second user with the same name.
        await #expect(throws: (any Error).self) { _ = try await store.write { try await $0.insertPool(Self.pool("us-east-1_AAAAAAAAA")) } }
        await #expect(throws: (any Error).self) { _ = try await store.write { try await $0.insertUser(Self.user("ann", poolKey: key)) } }
    }

    /// Concurrent writers each adding users: none of their changes is lost.
    @Test(arguments: StoreBackend.allCases)
    func concurrentWritesAreAllKept(_ backend: StoreBackend) async throws {
        let store = try backend.make().store
        let key = try await store.write { try await $0.insertPool(Self.pool("us-east-1_AAAAAAAAA")) }
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in 0..<25 {
                        _ = try? await store.write { try await $0.insertUser(Self.user("w\(worker)-\(index)", poolKey: key)) }
                    }
                }
            }
        }
        #expect(try await store.read { try await $0.pool(id: "us-east-1_AAAAAAAAA")?.userCount } == 200)
    }

    @Test(arguments: StoreBackend.allCases)
    func keysetPagesVisitEveryRowOnceInOrder(_ backend: StoreBackend) async throws {
        let store = try backend.make().store
        let key = try await store.write { writer -> Int64 in
            let key = try await writer.insertPool(Self.pool("us-east-1_AAAAAAAAA"))
            _ = try await writer.insertUsers((0..<250).shuffled().map { Self.user(String(format: "u%03d", $0), poolKey: key) })
            for index in 0..<7 { _ = try await writer.insertPool(Self.pool(String(format: "us-east-1_P%08d", index))) }
            return key
        }
        var seen: [String] = []
        var cursor: UserCursor?
        repeat {
            let page = try await store.read { try await $0.users(matching: UserQuery(poolKey: key, after: cursor, limit: 60)) }
            seen += page.map(\.username)
            cursor = page.count == 60 ? page.last.map { UserCursor(value: $0.usernameKey, id: $0.id ?? 0) } : nil
        } while cursor != nil
        #expect(seen == (0..<250).map { String(format: "u%03d", $0) })

        var pools: [String] = []
        var after: String?
        repeat {
            let page = try await store.read { try await $0.pools(after: after, limit: 3) }
            pools += page.map(\.id)
            after = page.count == 3 ? page.last?.id : nil
        } while after != nil
        #expect(pools == pools.sorted() && Set(pools).count == 8)
    }

    /// Domain names are unique across pools, resource servers within a pool, and both go
    /// with their pool.
    @Test(arguments: StoreBackend.allCases)
    func domainsAndResourceServersAreUniqueAndGoWithTheirPool(_ backend: StoreBackend) async throws {
        let store = try backend.make().store
        let (first, second) = try await store.write { writer in
            (try await writer.insertPool(Self.pool("us-east-1_AAAAAAAAA")), try await writer.insertPool(Self.pool("us-east-1_BBBBBBBBB")))
        }
        let prefix = StoredDomain(poolKey: first, description: DomainDescriptionType(userPoolId: "us-east-1_AAAAAAAAA", domain: "shop"))
        let custom = StoredDomain(
            poolKey: first,
            description: DomainDescriptionType(
                domain: "auth.shop.example", customDomainConfig: CustomDomainConfigType(certificateArn: "arn:aws:acm:us-east-1:0:certificate/x")))
        try await store.write { writer in
            try await writer.insertDomain(custom)
            try await writer.insertDomain(prefix)
        }
        await #expect(throws: (any Error).self) {
            try await store.write { try await $0.insertDomain(StoredDomain(poolKey: second, description: DomainDescriptionType(domain: "shop"))) }
        }
        #expect(try await store.read { try await $0.domains(poolKey: first) } == [prefix, custom])
        #expect(try await store.read { try await $0.domain("shop") } == prefix)

        let server = ResourceServerType(
            identifier: "orders", name: "Orders", scopes: [ResourceServerScopeType(scopeName: "read", scopeDescription: "Read")])
        try await store.write { writer in
            try await writer.insertResourceServer(poolKey: first, server)
            try await writer.insertResourceServer(poolKey: second, server)
        }
        await #expect(throws: (any Error).self) { try await store.write { try await $0.insertResourceServer(poolKey: first, server) } }
        #expect(try await store.read { try await $0.resourceServer(poolKey: second, identifier: "orders") } == server)

        try await store.write { try await $0.deletePool(key: first) }
        #expect(try await store.read { try await $0.domain("shop") } == nil)
        #expect(try await store.read { try await $0.domains(poolKey: first) }.isEmpty)
        #expect(try await store.read { try await $0.resourceServerCount(poolKey: first) } == 0)
        #expect(try await store.read { try await $0.resourceServerCount(poolKey: second) } == 1)
    }

    @Test(arguments: StoreBackend.allCases)
    func aCommittedWriteSurvivesReopening(_ backend: StoreBackend) async throws {
        let (store, reopen) = try backend.make()
        guard let reopen else { return }
        try await store.write { writer in
            _ = try await writer.insertPool(Self.pool("us-east-1_AAAAAAAAA"))
            try await writer.setStoreSetting("marker", "kept")
        }
        try await store.close()
        let again = try reopen()
        #expect(try await again.read { try await $0.pool(id: "us-east-1_AAAAAAAAA") } != nil)
        #expect(try await again.read { try await $0.storeSetting("marker") } == "kept")
        try await again.close()
    }
}

/// A count shared by threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
