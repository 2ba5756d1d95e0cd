import Foundation

/// An identity pool as stored: its API description and what the role and tag APIs set.
public struct StoredIdentityPool: Sendable, Equatable {
    public var key: Int64
    public var pool: IdentityPool
    public var settings: IdentityPoolSettings
    public var created: Date

    public init(key: Int64 = 0, pool: IdentityPool, settings: IdentityPoolSettings = IdentityPoolSettings(), created: Date) {
        self.key = key
        self.pool = pool
        self.settings = settings
        self.created = created
    }

    public var id: String { pool.identityPoolId }
}

/// SetIdentityPoolRoles' roles and role mappings, and SetPrincipalTagAttributeMap's maps
/// by identity provider.
public struct IdentityPoolSettings: Codable, Sendable, Equatable {
    /// `authenticated` and `unauthenticated` role ARNs.
    public var roles: [String: String]
    public var roleMappings: [String: RoleMapping]
    public var principalTags: [String: PrincipalTagSetting]

    public init(roles: [String: String] = [:], roleMappings: [String: RoleMapping] = [:], principalTags: [String: PrincipalTagSetting] = [:]) {
        self.roles = roles
        self.roleMappings = roleMappings
        self.principalTags = principalTags
    }
}

/// How one provider's claims become principal tags.
public struct PrincipalTagSetting: Codable, Sendable, Equatable {
    public var useDefaults: Bool
    /// Tag key → claim name.
    public var tags: [String: String]

    public init(useDefaults: Bool, tags: [String: String] = [:]) {
        self.useDefaults = useDefaults
        self.tags = tags
    }
}

/// An identity of an identity pool. The logins linked to it are kept apart, by provider
/// and the subject the provider knows the user by.
public struct IdentityRecord: Sendable, Equatable {
    public var id: String
    public var poolKey: Int64
    public var created: Date
    public var modified: Date
    /// A login was ever linked: with none left, the identity can't be used at all.
    public var authenticated: Bool

    public init(id: String, poolKey: Int64, created: Date, modified: Date, authenticated: Bool = false) {
        self.authenticated = authenticated
        self.id = id
        self.poolKey = poolKey
        self.created = created
        self.modified = modified
    }
}

/// One login linked to an identity: the provider name as in `Logins` and the user's
/// stable id there (a user pool's `sub`, a developer's user identifier …).
public struct IdentityLogin: Sendable, Equatable, Hashable {
    public var provider: String
    public var subject: String

    public init(provider: String, subject: String) {
        self.provider = provider
        self.subject = subject
    }
}

/// An IAM OpenID Connect provider: the issuer an identity pool may trust by ARN, and the
/// client ids (audiences) its tokens must be for.
public struct OIDCProvider: Sendable, Equatable {
    public var arn: String
    /// The issuer, `https://host/path` (`http://` for localhost).
    public var url: String
    public var clientIds: [String]
    public var created: Date

    public init(arn: String, url: String, clientIds: [String], created: Date) {
        self.arn = arn
        self.url = url
        self.clientIds = clientIds
        self.created = created
    }
}

/// An IAM role as Sigil keeps it: the ARN credentials name, and its permission policies
/// (name → policy document as written).
public struct IAMRole: Sendable, Equatable {
    public var arn: String
    public var name: String
    public var description: String?
    public var policies: [String: String]
    public var created: Date

    public init(arn: String, name: String, description: String? = nil, policies: [String: String], created: Date) {
        self.arn = arn
        self.name = name
        self.description = description
        self.policies = policies
        self.created = created
    }
}
