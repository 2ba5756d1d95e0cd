import Foundation
import SigilJSON

/// What a PreTokenGeneration handler changes in the tokens: claims added, overridden or
/// suppressed (ID token; access token from version 2), scopes added or suppressed
/// (version 2 and 3), and the groups and roles the tokens name.
struct TokenOverrides: Sendable {
    var idClaims: [String: JSONValue] = [:]
    var idSuppressed: Set<String> = []
    var accessClaims: [String: JSONValue] = [:]
    var accessSuppressed: Set<String> = []
    var scopesAdded: [String] = []
    var scopesSuppressed: Set<String> = []
    /// nil: the user's own groups; [] suppresses them.
    var groups: [String]?
    var roles: [String]?
    var preferredRole: String??

    /// Claims no handler may change, as Cognito lists them.
    static let protectedClaims: Set<String> = [
        "acr", "amr", "aud", "at_hash", "auth_time", "azp", "cognito:username", "exp", "iat", "identities", "iss", "jti", "nbf", "nonce",
        "origin_jti", "sub", "token_use", "client_id", "username", "scope", "event_id", "version",
    ]

    /// Lays the overrides on a token's claims.
    static func apply(_ added: [String: JSONValue], _ suppressed: Set<String>, to claims: inout [String: JSONValue]) {
        for (name, value) in added where !protectedClaims.contains(name) { claims[name] = value }
        for name in suppressed where !protectedClaims.contains(name) { claims[name] = nil }
    }
}

extension Engine {
    /// The trigger's ARN and version for a pool, if it has one.
    func preTokenTrigger(_ pool: StoredPool) -> (arn: String, version: Int)? {
        let config = pool.pool.lambdaConfig
        if let versioned = config?.preTokenGenerationConfig {
            return (versioned.lambdaArn, versioned.lambdaVersion == .v1_0 ? 1 : versioned.lambdaVersion == .v2_0 ? 2 : 3)
        }
        return config?.preTokenGeneration.map { ($0, 1) }
    }

    /// Runs PreTokenGeneration for a grant about to become tokens and puts its answer in
    /// the grant. `source` is Cognito's (TokenGeneration_Authentication …).
    func preTokenGeneration(_ grant: inout TokenGrant, source: String, metadata: [String: String]?) async throws {
        guard let (arn, version) = preTokenTrigger(grant.pool) else { return }
        let groups = try await read { reader in
            try await reader.groups(userId: grant.user.id ?? 0, after: nil, limit: Self.maxGroupsPerUser)
        }.sorted { ($0.precedence ?? Int.max, $0.groupName ?? "") < ($1.precedence ?? Int.max, $1.groupName ?? "") }
        var request: [String: JSONValue] = [
            "userAttributes": triggerAttributes(grant.user),
            "groupConfiguration": [
                "groupsToOverride": .array(groups.compactMap(\.groupName).map(JSONValue.string)),
                "iamRolesToOverride": .array(groups.compactMap(\.roleArn).map(JSONValue.string)),
                "preferredRole": Self.preferredRole(groups).map(JSONValue.string) ?? .null,
            ],
        ]
        if version >= 2 { request["scopes"] = .array((grant.scopes ?? [Self.adminScope]).map(JSONValue.string)) }
        let detailsKey = version == 1 ? "claimsOverrideDetails" : "claimsAndScopeOverrideDetails"
        let response = try await runTrigger(
            "PreTokenGeneration", arn: arn,
            event: triggerEvent(
                source, pool: grant.pool, username: grant.user.username, clientId: grant.client.clientId, request: request,
                response: [detailsKey: .null], version: String(version), metadata: metadata))
        grant.overrides = try Self.tokenOverrides(response[detailsKey], version: version)
    }

    static func tokenOverrides(_ details: JSONValue?, version: Int) throws -> TokenOverrides? {
        let invalid = CognitoError(.invalidLambdaResponseException, "Unrecognizable lambda output")
        guard let details, details != .null else { return nil }
        guard let fields = details.objectValue else { throw invalid }
        func claims(_ value: JSONValue?) throws -> [String: JSONValue] {
            guard let value, value != .null else { return [:] }
            guard let object = value.objectValue else { throw invalid }
            if version == 1, object.values.contains(where: { $0.stringValue == nil }) { throw invalid }
            return object
        }
        func names(_ value: JSONValue?) throws -> [String] {
            guard let value, value != .null else { return [] }
            guard let list = value.arrayValue?.compactMap(\.stringValue), list.count == value.arrayValue?.count else { throw invalid }
            return list
        }
        var overrides = TokenOverrides()
        if version == 1 {
            overrides.idClaims = try claims(fields["claimsToAddOrOverride"])
            overrides.idSuppressed = Set(try names(fields["claimsToSuppress"]))
        } else {
            let id = fields["idTokenGeneration"]
            let access = fields["accessTokenGeneration"]
            overrides.idClaims = try claims(id?["claimsToAddOrOverride"])
            overrides.idSuppressed = Set(try names(id?["claimsToSuppress"]))
            overrides.accessClaims = try claims(access?["claimsToAddOrOverride"])
            overrides.accessSuppressed = Set(try names(access?["claimsToSuppress"]))
            overrides.scopesAdded = try names(access?["scopesToAdd"])
            overrides.scopesSuppressed = Set(try names(access?["scopesToSuppress"]))
        }
        if let group = fields["groupOverrideDetails"] {
            // Given, even empty or null, it replaces the user's groups.
            overrides.groups = try names(group["groupsToOverride"])
            overrides.roles = try names(group["iamRolesToOverride"])
            overrides.preferredRole = .some(group["preferredRole"]?.stringValue)
        }
        return overrides
    }
}

extension Engine {
    /// Issues the tokens a step left pending: PreTokenGeneration first, then the tokens in
    /// a transaction of their own.
    func finishTokens(_ step: AuthStep, metadata: [String: String]?) async throws -> AuthStep {
        try await sendPendingMessage(step, metadata: metadata)
        guard var pending = step.pending else { return step }
        try await preTokenGeneration(&pending.grant, source: pending.source, metadata: metadata)
        let grant = pending.grant
        var result = try await write { writer in try await issueTokens(grant, writer: writer) }
        result.newDeviceMetadata = pending.deviceMetadata
        var finished = step
        finished.pending = nil
        finished.result = result
        return finished
    }
}
