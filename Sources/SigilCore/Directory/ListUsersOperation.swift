import Foundation

extension Engine {
    /// ListUsers: a page of a pool's users, optionally filtered, in the order of the
    /// filtered attribute (by username without a filter). Paging is by position in that
    /// order, so a walk through the pages visits each user once even while users are added.
    public func listUsers(_ request: ListUsersRequest) async throws -> ListUsersResponse {
        try validator.validate(request, operation: .listUsers)
        let filter = try request.filter.flatMap(UserFilter.parse)
        let limit = pageLimit(request.limit)
        let token = try request.paginationToken.map { try PageToken.decode($0, field: "PaginationToken", as: ListUsersToken.self) }
        let (page, rules, condition) = try await read { reader -> ([UserRecord], AttributeRules, ConditionResult) in
            let stored = try await requirePool(request.userPoolId, in: reader)
            let rules = AttributeRules(pool: stored.pool)
            if let names = request.attributesToGet, let unknown = names.first(where: { rules.schema[$0] == nil }) {
                throw CognitoError.invalidParameter("Invalid attribute name in AttributesToGet: \(unknown)")
            }
            let condition = self.condition(for: filter, pool: stored.pool)
            guard case .query(let userCondition) = condition else { return ([], rules, condition) }
            if let token, token.key != Self.tokenKey(userCondition) {
                throw CognitoError.invalidParameter("Invalid PaginationToken: it belongs to a different filter.")
            }
            let query = UserQuery(
                poolKey: stored.key, condition: userCondition, after: token.map { UserCursor(value: $0.value, id: $0.id) },
                limit: limit + 1)
            return await (try reader.users(matching: query), rules, condition)
        }
        let shown = Array(page.prefix(limit))
        var next: String?
        if page.count > limit, let last = shown.last, let id = last.id, case .query(let userCondition) = condition {
            let column = UserQuery(poolKey: 0, condition: userCondition, limit: 0).sortColumn
            let value = column.flatMap { SearchKey.value(of: $0, for: last) } ?? ""
            next = PageToken.encode(ListUsersToken(key: Self.tokenKey(userCondition), value: value, id: id))
        }
        let names = request.attributesToGet.map(Set.init)
        return ListUsersResponse(users: shown.map { userType($0, rules: rules, only: names) }, paginationToken: next)
    }

    enum ConditionResult {
        case query(UserCondition?)
        case nothing
    }

    /// The store condition for a filter, with values normalised as the columns hold them.
    func condition(for filter: UserFilter?, pool: UserPoolType) -> ConditionResult {
        guard let filter else { return .query(nil) }
        if filter.attribute == "status" {
            let matching = [true, false].filter { enabled in
                let label = enabled ? "Enabled" : "Disabled"
                return filter.isPrefix ? label.hasPrefix(filter.value) : label == filter.value
            }
            switch matching.count {
            case 0: return .nothing
            case 1: return .query(.enabled(matching[0]))
            default: return .query(nil)
            }
        }
        guard let column = StandardAttributes.searchable[filter.attribute] else { return .nothing }
        let value = column == .usernameKey ? usernameKey(filter.value, in: pool) : SearchKey.normalize(filter.value, for: column)
        return .query(filter.isPrefix ? .prefix(column, value) : .equals(column, value))
    }

    struct ListUsersToken: Codable {
        var key: String
        var value: String
        var id: Int64
    }

    static func tokenKey(_ condition: UserCondition?) -> String {
        switch condition {
        case nil: return "all"
        case .enabled(let enabled): return "enabled:\(enabled)"
        case .equals(let column, let value): return "eq:\(column.rawValue):\(value)"
        case .prefix(let column, let value): return "prefix:\(column.rawValue):\(value)"
        }
    }
}
