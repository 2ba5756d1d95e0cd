import Foundation
import SigilCore
import SigilStore
import Testing

/// Readers run beside the one writer and always see whole transactions.
@Suite struct ConcurrencyTests {
    @Test func readersSeeWholeBatchesWhileAWriterLoads() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-concurrency-\(UUID().uuidString).db").path
        let store = try SQLiteStore(path: path)
        var pool = UserPoolType()
        pool.id = "us-east-1_CCCCCCCCC"
        let poolKey = try await store.write { try await $0.insertPool(pool) }
        let batches = 40
        let batchSize = 50

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for batch in 0..<batches {
                    let now = Date()
                    let users = (0..<batchSize).map { index in
                        UserRecord(
                            poolKey: poolKey, username: "u\(batch)-\(index)", status: .confirmed, created: now, modified: now,
                            attributes: ["sub": UUID().uuidString.lowercased()])
                    }
                    _ = try await store.write { try await $0.insertUsers(users) }
                }
            }
            for _ in 0..<3 {
                group.addTask {
                    var last = 0
                    while last < batches * batchSize {
                        let (counted, listed) = try await store.read { reader -> (Int, Int) in
                            let count = try await reader.pool(id: "us-east-1_CCCCCCCCC")?.userCount ?? -1
                            let rows = try await reader.users(matching: UserQuery(poolKey: poolKey, limit: 10_000)).count
                            return (count, rows)
                        }
                        #expect(counted == listed)
                        #expect(counted % batchSize == 0, "a reader saw part of a batch")
                        #expect(counted >= last, "counts never go backwards")
                        last = counted
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
