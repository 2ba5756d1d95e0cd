import Foundation
import SigilCrypto
import SigilJSON

/// The role an identity's credentials are for, and why: the pool's default role, a
/// rule that matched, or the roles in the token.
public struct RoleDecision: Sendable, Equatable {
    public var roleArn: String
    public var reason: String

    public init(roleArn: String, reason: String) {
        self.roleArn = roleArn
        self.reason = reason
    }
}

/// Cognito's role resolution for GetCredentialsForIdentity.
enum RoleResolver {
    static let noRole = CognitoError(
        .invalidIdentityPoolConfigurationException, "Invalid identity pool configuration. Check assigned IAM roles for this pool.")
    static let denied = CognitoError.notAuthorized("The ambiguous role mapping rules denied this request.")

    /// `login` is the provider the identity signed in with (nil for a guest), with its
    /// mapping key (a user pool's is `<provider>:<clientId>`) and the token's claims.
    static func resolve(
        _ settings: IdentityPoolSettings, mappingKey: String?, claims: [String: JSONValue], customRoleArn: String?
    ) throws -> RoleDecision {
        guard let mappingKey else {
            guard let role = settings.roles["unauthenticated"] else { throw noRole }
            return RoleDecision(roleArn: role, reason: "the pool's unauthenticated role")
        }
        let fallback = { () throws -> RoleDecision in
            guard let role = settings.roles["authenticated"] else { throw noRole }
            return RoleDecision(roleArn: role, reason: "the pool's authenticated role")
        }
        guard let mapping = settings.roleMappings[mappingKey] else { return try fallback() }
        switch mapping.type {
        case .token:
            let roles = strings(claims["cognito:roles"])
            if let custom = customRoleArn {
                guard roles.contains(custom) else {
                    throw CognitoError.notAuthorized("The custom role \(custom) is not among the roles in the token (cognito:roles).")
                }
                return RoleDecision(roleArn: custom, reason: "CustomRoleArn, listed in the token's cognito:roles")
            }
            if let preferred = claims["cognito:preferred_role"]?.stringValue {
                return RoleDecision(roleArn: preferred, reason: "the token's cognito:preferred_role")
            }
            if roles.count == 1 { return RoleDecision(roleArn: roles[0], reason: "the token's only role in cognito:roles") }
        case .rules:
            for (index, rule) in (mapping.rulesConfiguration?.rules ?? []).enumerated() where matches(rule, claims) {
                return RoleDecision(
                    roleArn: rule.roleARN, reason: "rule \(index + 1): \(rule.claim) \(rule.matchType.rawValue) \"\(rule.value)\"")
            }
        }
        switch mapping.ambiguousRoleResolution ?? .authenticatedRole {
        case .deny: throw denied
        case .authenticatedRole:
            var decision = try fallback()
            decision.reason += mapping.type == .rules ? " (no rule matched)" : " (the token names no role)"
            return decision
        }
    }

    /// A rule against a claim; a list claim (cognito:groups) matches when any member does.
    /// NotEqual on a missing claim does not match.
    static func matches(_ rule: MappingRule, _ claims: [String: JSONValue]) -> Bool {
        let values = strings(claims[rule.claim])
        guard !values.isEmpty else { return false }
        switch rule.matchType {
        case .equals: return values.contains(rule.value)
        case .notEqual: return !values.contains(rule.value)
        case .contains: return values.contains { $0.contains(rule.value) }
        case .startsWith: return values.contains { $0.hasPrefix(rule.value) }
        }
    }

    /// A claim as strings: a string, a list of strings, or a number or boolean as text.
    static func strings(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let text)?: return [text]
        case .array(let items)?: return items.flatMap { strings($0) }
        case .bool(let flag)?: return [flag ? "true" : "false"]
        case .int(let number)?: return [String(number)]
        case .double(let number)?: return [String(number)]
        default: return []
        }
    }
}

/// Principal tags (ABAC) from a provider's claims.
enum PrincipalTagMapper {
    /// Cognito's default tags for a user pool: the user's `sub` and the app client.
    static let userPoolDefaults = ["username": "sub", "client": "aud"]

    static func tags(_ setting: PrincipalTagSetting?, claims: [String: JSONValue]) -> [String: String] {
        guard let setting else { return [:] }
        var map = setting.useDefaults ? userPoolDefaults : [:]
        for (tag, claim) in setting.tags { map[tag] = claim }
        var tags: [String: String] = [:]
        for (tag, claim) in map {
            if let value = RoleResolver.strings(claims[claim]).first { tags[tag] = value }
        }
        return tags
    }
}
