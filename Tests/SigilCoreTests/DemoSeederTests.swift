import Foundation
import SigilCore
import Testing

@Suite struct DemoSeederTests {
    let test: TestEngine
    init() throws { test = try TestEngine() }

    @Test func aFinishedSeedLeavesNoMark() async throws {
        let result = try await DemoSeeder(engine: test.engine).seed(DemoSeeder.Options(poolName: "demo", users: 20, batchSize: 7))
        #expect(result.pool.estimatedNumberOfUsers == 20)
        #expect(result.pool.userPoolTags?[DemoSeeder.unfinishedTag] == nil)
    }

    /// A seed that ends early leaves its pool marked, and a rerun says so rather than
    /// making a second pool of that name.
    @Test func aRerunSaysThePoolWasLeftHalfFilled() async throws {
        struct ProcessDied: Error {}
        let seeder = DemoSeeder(engine: test.engine)
        await #expect(throws: ProcessDied.self) {
            try await seeder.seed(DemoSeeder.Options(poolName: "demo", users: 20, batchSize: 7)) { done, _ in if done == 14 { throw ProcessDied() } }
        }
        let left = try #require(try await test.engine.poolSummaries().first)
        let pool = try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: left.id)).userPool
        #expect(pool?.userPoolTags?[DemoSeeder.unfinishedTag]?.hasPrefix("incomplete") == true)
        #expect(pool?.estimatedNumberOfUsers == 14)
        await expectError(
            .invalidParameterException,
            "An earlier seed left the pool demo (\(left.id)) half-filled with 14 users. Delete it (sigil pool delete --pool \(left.id)) or seed under another --name."
        ) {
            _ = try await seeder.seed(DemoSeeder.Options(poolName: "demo", users: 20))
        }
        #expect(try await test.engine.poolSummaries().count == 1)
        _ = try await seeder.seed(DemoSeeder.Options(poolName: "other", users: 3))
        try await test.engine.deleteUserPoolAndDomains(left.id)
        _ = try await seeder.seed(DemoSeeder.Options(poolName: "demo", users: 3))
    }
}
