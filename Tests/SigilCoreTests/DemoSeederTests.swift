import Foundation
import SigilCore
import Testing

@Suite struct DemoSeederTests {
    let test: TestEngine
    init() throws { test = try TestEngine() }

    @Test func aFinishedSeedLeavesNoMark() throws {
        let result = try DemoSeeder(engine: test.engine).seed(DemoSeeder.Options(poolName: "demo", users: 20, batchSize: 7))
        #expect(result.pool.estimatedNumberOfUsers == 20)
        #expect(result.pool.userPoolTags?[DemoSeeder.unfinishedTag] == nil)
    }

    /// A seed that ends early leaves its pool marked, and a rerun says so rather than
    /// making a second pool of that name.
    @Test func aRerunSaysThePoolWasLeftHalfFilled() throws {
        struct ProcessDied: Error {}
        let seeder = DemoSeeder(engine: test.engine)
        #expect(throws: ProcessDied.self) {
            try seeder.seed(DemoSeeder.Options(poolName: "demo", users: 20, batchSize: 7)) { done, _ in if done == 14 { throw ProcessDied() } }
        }
        let left = try #require(try test.engine.poolSummaries().first)
        let pool = try test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: left.id)).userPool
        #expect(pool?.userPoolTags?[DemoSeeder.unfinishedTag]?.hasPrefix("incomplete") == true)
        #expect(pool?.estimatedNumberOfUsers == 14)
        expectError(
            .invalidParameterException,
            "An earlier seed left the pool demo (\(left.id)) half-filled with 14 users. Delete it (sigil pool delete --pool \(left.id)) or seed under another --name."
        ) {
            _ = try seeder.seed(DemoSeeder.Options(poolName: "demo", users: 20))
        }
        #expect(try test.engine.poolSummaries().count == 1)
        _ = try seeder.seed(DemoSeeder.Options(poolName: "other", users: 3))
        try test.engine.deleteUserPool(DeleteUserPoolRequest(userPoolId: left.id))
        _ = try seeder.seed(DemoSeeder.Options(poolName: "demo", users: 3))
    }
}
