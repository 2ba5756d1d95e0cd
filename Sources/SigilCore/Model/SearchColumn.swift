import Foundation

/// The user fields the store indexes for ListUsers filters and lookups. Values are
/// stored normalised (see `SearchKey`), so a prefix filter is a range scan.
public enum SearchColumn: String, Sendable, CaseIterable {
    case usernameKey
    case sub
    case email
    case phoneNumber
    case name
    case givenName
    case familyName
    case preferredUsername
    case status
}

/// One condition of a ListUsers query, in store terms.
public enum UserCondition: Sendable, Equatable {
    case equals(SearchColumn, String)
    case prefix(SearchColumn, String)
    case enabled(Bool)
}

/// Where a page of users starts: after the row with this sort value and key.
public struct UserCursor: Sendable, Equatable, Codable {
    public var value: String
    public var id: Int64

    public init(value: String, id: Int64) {
        self.value = value
        self.id = id
    }
}

/// A page request against the users of one pool, ordered by the condition's column
/// (by username when there is no condition) and then by row key; forwards from after the
/// cursor, or backwards from before it.
public struct UserQuery: Sendable, Equatable {
    public var poolKey: Int64
    public var condition: UserCondition?
    public var after: UserCursor?
    public var limit: Int
    /// Walk backwards: the rows before `after`, nearest first.
    public var descending: Bool

    public init(poolKey: Int64, condition: UserCondition? = nil, after: UserCursor? = nil, limit: Int, descending: Bool = false) {
        self.poolKey = poolKey
        self.condition = condition
        self.after = after
        self.limit = limit
        self.descending = descending
    }

    /// The column results are sorted by.
    public var sortColumn: SearchColumn? {
        switch condition {
        case .equals(let column, _), .prefix(let column, _): return column
        case .enabled: return nil
        case nil: return .usernameKey
        }
    }
}
