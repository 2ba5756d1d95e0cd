import Foundation

/// How a name given to an API resolves to a user, as Cognito resolves it.
extension Engine {
    /// Where the name comes from: admin APIs also accept the `sub`; sign-in does not.
    enum LookupScope {
        case admin
        case signIn
    }

    func isCaseInsensitive(_ pool: UserPoolType) -> Bool {
        pool.usernameConfiguration?.caseSensitive == false
    }

    /// The username as the pool compares it.
    func usernameKey(_ username: String, in pool: UserPoolType) -> String {
        isCaseInsensitive(pool) ? username.lowercased() : username
    }

    /// The user `identifier` names: the username itself; in email/phone-as-username
    /// pools the email or phone; in alias pools a verified email or phone or a
    /// preferred_username; and for admin APIs the `sub`.
    func findUser(_ identifier: String, in stored: StoredPool, reader: any DirectoryReader, scope: LookupScope = .admin)
        async throws -> UserRecord?
    {
        let pool = stored.pool
        if let user = try await reader.user(poolKey: stored.key, usernameKey: usernameKey(identifier, in: pool)) {
            return user
        }
        for attribute in pool.usernameAttributes ?? [] {
            let column: SearchColumn = attribute == .email ? .email : .phoneNumber
            if let user = try await owner(of: column, value: identifier, in: stored, reader: reader, verifiedOnly: false) {
                return user
            }
        }
        for alias in pool.aliasAttributes ?? [] {
            let column: SearchColumn
            switch alias {
            case .email: column = .email
            case .phoneNumber: column = .phoneNumber
            case .preferredUsername: column = .preferredUsername
            }
            if let user = try await owner(of: column, value: identifier, in: stored, reader: reader, verifiedOnly: alias != .preferredUsername) {
                return user
            }
        }
        if scope == .admin, UUID(uuidString: identifier) != nil {
            return try await reader.users(poolKey: stored.key, column: .sub, equalTo: identifier.lowercased(), limit: 1).first
        }
        return nil
    }

    func requireUser(_ identifier: String, in stored: StoredPool, reader: any DirectoryReader) async throws -> UserRecord {
        guard let user = try await findUser(identifier, in: stored, reader: reader) else { throw CognitoError.userNotFound }
        return user
    }

    /// The user whose `column` attribute is `value` (verified, when asked), compared as the
    /// pool compares sign-in names.
    func owner(
        of column: SearchColumn, value: String, in stored: StoredPool, reader: any DirectoryReader, verifiedOnly: Bool, excluding userId: Int64? = nil
    )
        async throws -> UserRecord?
    {
        let candidates = try await reader.users(
            poolKey: stored.key, column: column, equalTo: SearchKey.normalize(value, for: column), limit: 20)
        let attribute = Self.attributeName(of: column)
        let insensitive = isCaseInsensitive(stored.pool) || column == .phoneNumber
        return candidates.first { user in
            guard user.id != userId, let stored = user.attributes[attribute] else { return false }
            let same = insensitive ? stored.lowercased() == value.lowercased() : stored == value
            return same && (!verifiedOnly || user.isVerified(attribute))
        }
    }

    static func attributeName(of column: SearchColumn) -> String {
        switch column {
        case .email: return "email"
        case .phoneNumber: return "phone_number"
        case .preferredUsername: return "preferred_username"
        case .name: return "name"
        case .givenName: return "given_name"
        case .familyName: return "family_name"
        case .sub: return "sub"
        case .usernameKey: return "username"
        case .status: return "cognito:user_status"
        }
    }
}
