import Foundation

/// One row of a user list, with the position it was read at so a view can page on in
/// either direction.
public struct UserSummary: Codable, Sendable, Equatable {
    public var username: String
    public var email: String?
    public var name: String?
    public var status: UserStatusType
    public var enabled: Bool
    public var created: Date
    public var position: UserCursor

    public init(
        username: String, email: String?, name: String?, status: UserStatusType, enabled: Bool, created: Date, position: UserCursor
    ) {
        self.username = username
        self.email = email
        self.name = name
        self.status = status
        self.enabled = enabled
        self.created = created
        self.position = position
    }
}

/// What a browsing view asks for: a pool, an optional filter, and the order.
public struct UserBrowse: Codable, Sendable, Equatable {
    /// Orders a user list can take without a filter (a filter orders by its attribute).
    public enum Order: String, Codable, Sendable, CaseIterable {
        case username, email, name, status
    }

    public var poolId: String
    /// Cognito's filter grammar (`email ^= "ann"`), or plain text: a username prefix, or an
    /// email prefix when it holds an `@`.
    public var filter: String?
    public var order: Order

    public init(poolId: String, filter: String? = nil, order: Order = .username) {
        self.poolId = poolId
        self.filter = filter
        self.order = order
    }
}

extension Engine {
    /// A page of users for a browsing view: forwards after `position`, or backwards before
    /// it (then in reverse order). Keyset paging on the store's indexes, so a pool of any
    /// size answers in milliseconds and nothing but the page is loaded.
    public func browseUsers(_ browse: UserBrowse, after position: UserCursor? = nil, backwards: Bool = false, limit: Int = 100)
        async throws -> [UserSummary]
    {
        let text = browse.filter?.trimmingCharacters(in: .whitespaces) ?? ""
        let filter = text.contains("=") ? try UserFilter.parse(text) : nil
        return try await read { reader in
            let stored = try await requirePool(browse.poolId, in: reader)
            let resolved: UserCondition?
            if let filter {
                guard case .query(let userCondition) = condition(for: filter, pool: stored.pool) else { return [] }
                resolved = userCondition
            } else if !text.isEmpty {
                resolved =
                    text.contains("@")
                    ? .prefix(.email, SearchKey.normalize(text, for: .email)) : .prefix(.usernameKey, usernameKey(text, in: stored.pool))
            } else {
                resolved = Self.orderCondition(browse.order)
            }
            let query = UserQuery(poolKey: stored.key, condition: resolved, after: position, limit: limit, descending: backwards)
            let sortColumn = query.sortColumn
            return try await reader.users(matching: query).map { user in
                UserSummary(
                    username: user.username, email: user.attributes["email"], name: user.attributes["name"], status: user.status,
                    enabled: user.enabled, created: user.created,
                    position: UserCursor(value: sortColumn.flatMap { SearchKey.value(of: $0, for: user) } ?? "", id: user.id ?? 0))
            }
        }
    }

    private static func orderCondition(_ order: UserBrowse.Order) -> UserCondition? {
        switch order {
        case .username: return nil
        case .email: return .prefix(.email, "")
        case .name: return .prefix(.name, "")
        case .status: return .prefix(.status, "")
        }
    }
}
