import Foundation

/// A user as the directory stores it. `attributes` holds every attribute by name
/// (including `sub`, `email_verified` …) with string values, as Cognito returns them.
public struct UserRecord: Sendable, Equatable {
    /// The store's key for the row; `nil` until inserted.
    public var id: Int64?
    public var poolKey: Int64
    public var username: String
    /// The username as the pool compares it: lowercased in case-insensitive pools.
    public var usernameKey: String
    public var status: UserStatusType
    public var enabled: Bool
    public var created: Date
    public var modified: Date
    public var attributes: [String: String]
    /// Salt and SRP verifier, sealed with the at-rest key (see `PasswordVault`).
    public var passwordMaterial: Data?
    /// When a temporary password (FORCE_CHANGE_PASSWORD) stops being accepted.
    public var temporaryPasswordExpires: Date?
    /// MFA settings, lockout and sign-out state.
    public var security: UserSecurity

    public init(
        id: Int64? = nil, poolKey: Int64, username: String, usernameKey: String? = nil, status: UserStatusType, enabled: Bool = true,
        created: Date, modified: Date, attributes: [String: String], passwordMaterial: Data? = nil,
        temporaryPasswordExpires: Date? = nil, security: UserSecurity = UserSecurity()
    ) {
        self.id = id
        self.poolKey = poolKey
        self.username = username
        self.usernameKey = usernameKey ?? username
        self.status = status
        self.enabled = enabled
        self.created = created
        self.modified = modified
        self.attributes = attributes
        self.passwordMaterial = passwordMaterial
        self.temporaryPasswordExpires = temporaryPasswordExpires
        self.security = security
    }

    public var sub: String { attributes["sub"] ?? "" }

    public func isVerified(_ attribute: String) -> Bool {
        attributes[attribute + "_verified"] == "true"
    }
}
