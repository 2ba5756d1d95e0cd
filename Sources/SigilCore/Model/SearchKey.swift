import Foundation

/// How values are normalised in the store's search columns: the attributes Cognito
/// searches case-insensitively are lowercased, statuses are upper case, phone numbers
/// are kept as they are.
public enum SearchKey {
    public static func normalize(_ value: String, for column: SearchColumn) -> String {
        switch column {
        case .usernameKey, .phoneNumber: return value
        case .status: return value.uppercased()
        case .sub, .email, .name, .givenName, .familyName, .preferredUsername: return value.lowercased()
        }
    }

    /// The value of `column` for `user`, or nil when the user has none.
    public static func value(of column: SearchColumn, for user: UserRecord) -> String? {
        let raw: String?
        switch column {
        case .usernameKey: return user.usernameKey
        case .status: return user.status.rawValue
        case .sub: raw = user.attributes["sub"]
        case .email: raw = user.attributes["email"]
        case .phoneNumber: raw = user.attributes["phone_number"]
        case .name: raw = user.attributes["name"]
        case .givenName: raw = user.attributes["given_name"]
        case .familyName: raw = user.attributes["family_name"]
        case .preferredUsername: raw = user.attributes["preferred_username"]
        }
        guard let raw, !raw.isEmpty else { return nil }
        return normalize(raw, for: column)
    }
}
