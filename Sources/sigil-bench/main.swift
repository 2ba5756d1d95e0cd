import BenchSupport
import Foundation
import SigilAdapters
import SigilCore

// The directory benchmark: seeds a pool (1,000,000 users by default) into a fresh
// SQLite file and prints the seeding rate, ListUsers prefix-filter latency (p50/p99),
// the time to page through 10,000 users, and peak resident memory.
//
//   swift run -c release sigil-bench [--users N] [--queries N]

let userCount = argument("--users", default: 1_000_000)
let queryCount = argument("--queries", default: 2_000)
let batchSize = argument("--batch", default: DemoSeeder.Options().batchSize)
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

let engine = try await EngineLoader.open(databasePath: directory.appendingPathComponent("bench.db").path)
print("Sigil directory benchmark: \(userCount) users, \(queryCount) filter queries")

let seedStart = Date()
let seeded = try await DemoSeeder(engine: engine).seed(DemoSeeder.Options(poolName: "bench", users: userCount, batchSize: batchSize))
let seedSeconds = Date().timeIntervalSince(seedStart)
let poolId = seeded.pool.id!
print(String(format: "seeding:            %.0f users/s (%.1f s)", Double(userCount) / seedSeconds, seedSeconds))

// Prefixes people type: the start of a name, an email, a username.
let prefixes = DemoSeeder.givenNames.map { String($0.lowercased().prefix(3)) } + ["a", "m", "sa", "ch", "jo", "li"]
let attributes = ["email", "given_name", "family_name", "name", "username", "preferred_username"]
var latencies: [Double] = []
latencies.reserveCapacity(queryCount)
var returned = 0
for index in 0..<queryCount {
    let attribute = attributes[index % attributes.count]
    var prefix = prefixes[(index / attributes.count) % prefixes.count]
    if attribute == "family_name" { prefix = String(DemoSeeder.familyNames[index % DemoSeeder.familyNames.count].prefix(2)) }
    let start = DispatchTime.now().uptimeNanoseconds
    let page = try await engine.listUsers(ListUsersRequest(userPoolId: poolId, limit: 60, filter: "\(attribute) ^= \"\(prefix)\""))
    latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    returned += page.users?.count ?? 0
}
latencies.sort()
print(
    "ListUsers prefix:   p50 \(milliseconds(percentile(latencies, 0.5)))  p99 \(milliseconds(percentile(latencies, 0.99)))  (avg \(returned / max(queryCount, 1)) users a page)"
)

let pageTarget = min(10_000, userCount)
let pageStart = Date()
var paged = 0
var token: String?
repeat {
    let page = try await engine.listUsers(ListUsersRequest(userPoolId: poolId, limit: 60, paginationToken: token))
    paged += page.users?.count ?? 0
    token = page.paginationToken
} while token != nil && paged < pageTarget
print("paging:             \(paged) users in \(milliseconds(Date().timeIntervalSince(pageStart)))")
print(String(format: "peak RSS:           %.0f MB", peakResidentMegabytes()))
