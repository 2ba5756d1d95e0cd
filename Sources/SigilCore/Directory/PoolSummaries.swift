import Foundation

/// A pool with the counts an operator looks at first.
public struct PoolSummary: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var users: Int
    public var clients: Int
    public var groups: Int
    public var created: Date?

    public init(id: String, name: String, users: Int, clients: Int, groups: Int, created: Date?) {
        self.id = id
        self.name = name
        self.users = users
        self.clients = clients
        self.groups = groups
        self.created = created
    }
}

extension Engine {
    /// Every pool with its counts of users, app clients and groups, ordered by id.
    public func poolSummaries() async throws -> [PoolSummary] {
        try await read { reader in
            var summaries: [PoolSummary] = []
            var after: String?
            while true {
                let page = try await reader.pools(after: after, limit: 100)
                for stored in page {
                    await summaries.append(
                        PoolSummary(
                            id: stored.id, name: stored.pool.name ?? "", users: stored.userCount,
                            clients: try reader.clientCount(poolKey: stored.key), groups: try reader.groupCount(poolKey: stored.key),
                            created: stored.pool.creationDate))
                }
                guard page.count == 100 else { break }
                after = page.last?.id
            }
            return summaries
        }
    }

    /// Sign-ins, sign-ups and other auth events of a pool per minute over the last
    /// `minutes` minutes (oldest first), split into those that passed and those that
    /// failed; read from the pool's latest 10,000 events.
    public func authActivity(poolId: String, minutes: Int = 60) async throws -> (passed: [Int], failed: [Int]) {
        let now = clock.now
        let outcomes = try await read { reader in
            try await reader.recentAuthOutcomes(poolKey: try requirePool(poolId, in: reader).key, limit: 10_000)
        }
        var passed = Array(repeating: 0, count: minutes)
        var failed = Array(repeating: 0, count: minutes)
        for outcome in outcomes {
            let age = Int(now.timeIntervalSince(outcome.created) / 60)
            guard age >= 0 && age < minutes else { continue }
            if outcome.response == .fail { failed[minutes - 1 - age] += 1 } else { passed[minutes - 1 - age] += 1 }
        }
        return (passed, failed)
    }

    /// Messages the service sent, newest first: for a pool, and for one user of it when
    /// `username` names one (by username or alias, as the admin APIs resolve it).
    public func outboxMessages(poolId: String? = nil, username: String? = nil, limit: Int = 50) async throws -> [OutboxMessage] {
        try await read { reader in
            var internalName: String?
            if let username {
                guard let poolId else { throw CognitoError.invalidParameter("A user can only be named together with a pool.") }
                let stored = try await requirePool(poolId, in: reader)
                internalName = try await findUser(username, in: stored, reader: reader)?.username ?? username
            } else if let poolId {
                _ = try await requirePool(poolId, in: reader)
            }
            return try await reader.messages(poolId: poolId, username: internalName, limit: limit)
        }
    }
}
