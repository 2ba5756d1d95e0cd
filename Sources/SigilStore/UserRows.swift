import Foundation
import GRDB
import SigilCore

/// How users map to rows: the record's fields, the attributes as JSON text, and the
/// normalised search columns that ListUsers filters and alias lookups use.
enum UserRows {
    /// The columns a user is read from, in the order the queries select them.
    enum Column: String, CaseIterable {
        case id
        case poolKey = "pool_key"
        case username
        case usernameKey = "username_key"
        case status, enabled, created, modified, attributes, password
        case temporaryExpires = "temporary_expires"
        case security

        /// Where the column stands in `columns`: looked up once, since ListUsers reads many
        /// rows and finding a column by its name in each would cost more than the rest.
        var index: Int { Self.indexes[self] ?? 0 }
        private static let indexes = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
    }

    static let columns = Column.allCases.map { "users.\($0.rawValue)" }.joined(separator: ", ")

    static let insert = """
        INSERT INTO users (pool_key, username, username_key, status, enabled, created, modified, attributes, password,
            temporary_expires, sub, email, phone_number, name, given_name, family_name, preferred_username, security)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let update = """
        UPDATE users SET pool_key = ?, username = ?, username_key = ?, status = ?, enabled = ?, created = ?, modified = ?,
            attributes = ?, password = ?, temporary_expires = ?, sub = ?, email = ?, phone_number = ?, name = ?,
            given_name = ?, family_name = ?, preferred_username = ?, security = ?
        WHERE id = ?
        """

    static func arguments(for user: UserRecord) throws -> StatementArguments {
        let search: (SearchColumn) -> String? = { SearchKey.value(of: $0, for: user) }
        return [
            user.poolKey, user.username, user.usernameKey, user.status.rawValue, user.enabled,
            user.created.timeIntervalSince1970, user.modified.timeIntervalSince1970, AttributeJSON.encode(user.attributes),
            user.passwordMaterial, user.temporaryPasswordExpires?.timeIntervalSince1970, search(.sub) ?? "",
            search(.email), search(.phoneNumber), search(.name), search(.givenName), search(.familyName),
            search(.preferredUsername), user.security == UserSecurity() ? nil : try StoredJSON.encode(user.security),
        ]
    }

    static func user(from row: Row) throws -> UserRecord {
        let statusText: String = row[Column.status.index]
        return UserRecord(
            id: row[Column.id.index], poolKey: row[Column.poolKey.index], username: row[Column.username.index],
            usernameKey: row[Column.usernameKey.index],
            status: UserStatusType(rawValue: statusText) ?? .unknown, enabled: row[Column.enabled.index],
            created: Date(timeIntervalSince1970: row[Column.created.index]), modified: Date(timeIntervalSince1970: row[Column.modified.index]),
            attributes: try AttributeJSON.decode(row[Column.attributes.index]), passwordMaterial: row[Column.password.index],
            temporaryPasswordExpires: (row[Column.temporaryExpires.index] as Double?).map(Date.init(timeIntervalSince1970:)),
            security: try (row[Column.security.index] as String?).map { try StoredJSON.decode(UserSecurity.self, from: $0) } ?? UserSecurity())
    }

    static func columnName(_ column: SearchColumn) -> String {
        switch column {
        case .usernameKey: return "username_key"
        case .sub: return "sub"
        case .email: return "email"
        case .phoneNumber: return "phone_number"
        case .name: return "name"
        case .givenName: return "given_name"
        case .familyName: return "family_name"
        case .preferredUsername: return "preferred_username"
        case .status: return "status"
        }
    }

    /// The SELECT for a page of users: a range scan on the condition's index, continuing
    /// after the cursor's (value, id).
    static func select(_ query: UserQuery) -> (String, StatementArguments) {
        var conditions = ["pool_key = ?"]
        var arguments: [any DatabaseValueConvertible] = [query.poolKey]
        let past = query.descending ? "<" : ">"
        let direction = query.descending ? " DESC" : ""
        let order: String
        switch query.condition {
        case .enabled(let enabled):
            conditions.append("enabled = ?")
            arguments.append(enabled)
            if let after = query.after {
                conditions.append("id \(past) ?")
                arguments.append(after.id)
            }
            order = "id\(direction)"
        case .equals(let column, let value):
            let name = columnName(column)
            conditions.append("\(name) = ?")
            arguments.append(value)
            if let after = query.after {
                conditions.append("id \(past) ?")
                arguments.append(after.id)
            }
            order = "id\(direction)"
        case .prefix(let column, let value):
            let name = columnName(column)
            conditions.append("\(name) >= ? AND \(name) < ?")
            arguments.append(value)
            arguments.append(value + "\u{10FFFF}")
            if let after = query.after {
                conditions.append("(\(name), id) \(past) (?, ?)")
                arguments.append(after.value)
                arguments.append(after.id)
            }
            order = "\(name)\(direction), id\(direction)"
        case nil:
            if let after = query.after {
                conditions.append("username_key \(past) ?")
                arguments.append(after.value)
            }
            order = "username_key\(direction)"
        }
        arguments.append(query.limit)
        let sql = "SELECT \(columns) FROM users WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT ?"
        return (sql, StatementArguments(arguments))
    }
}
