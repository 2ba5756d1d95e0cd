import Foundation

/// A pool with the counts an operator looks at first.
public struct PoolSummary: Sendable, Equatable {
    public var id: String
    public var name: String
    public var users: Int
    public var clients: Int
    public var groups: Int
    public var created: Date?
}

extension Engine {
    /// Every pool with its counts of users, app clients and groups, ordered by id.
    public func poolSummaries() throws -> [PoolSummary] {
        try read { reader in
            var summaries: [PoolSummary] = []
            var after: String?
            while true {
                let page = try reader.pools(after: after, limit: 100)
                for stored in page {
                    summaries.append(
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

    /// Messages the service sent, newest first: for a pool, and for one user of it when
    /// `username` names one (by username or alias, as the admin APIs resolve it).
    public func outboxMessages(poolId: String? = nil, username: String? = nil, limit: Int = 50) throws -> [OutboxMessage] {
        try read { reader in
            var internalName: String?
            if let username {
                guard let poolId else { throw CognitoError.invalidParameter("A user can only be named together with a pool.") }
                let stored = try requirePool(poolId, in: reader)
                internalName = try findUser(username, in: stored, reader: reader)?.username ?? username
            } else if let poolId {
                _ = try requirePool(poolId, in: reader)
            }
            return try reader.messages(poolId: poolId, username: internalName, limit: limit)
        }
    }
}
