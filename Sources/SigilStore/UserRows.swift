import Foundation
import GRDB
import SigilCore

/// How users map to rows: the record's fields, the attributes as JSON text, and the
/// normalised search columns that ListUsers filters and alias lookups use.
enum UserRows {
    static let columns = """
        users.id, users.pool_key, users.username, users.username_key, users.status, users.enabled, users.created, \
        users.modified, users.attributes, users.password, users.temporary_expires, users.security
        """

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
        let statusText: String = row["status"]
        return UserRecord(
            id: row["id"], poolKey: row["pool_key"], username: row["username"], usernameKey: row["username_key"],
            status: UserStatusType(rawValue: statusText) ?? .unknown, enabled: row["enabled"],
            created: Date(timeIntervalSince1970: row["created"]), modified: Date(timeIntervalSince1970: row["modified"]),
            attributes: try AttributeJSON.decode(row["attributes"]), passwordMaterial: row["password"],
            temporaryPasswordExpires: (row["temporary_expires"] as Double?).map(Date.init(timeIntervalSince1970:)),
            security: try (row["security"] as String?).map { try StoredJSON.decode(UserSecurity.self, from: $0) } ?? UserSecurity())
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
