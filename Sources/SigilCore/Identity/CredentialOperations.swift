import Foundation
import SigilCrypto

/// GetCredentialsForIdentity (the enhanced flow), and the settings it reads:
/// SetIdentityPoolRoles / GetIdentityPoolRoles and SetPrincipalTagAttributeMap /
/// GetPrincipalTagAttributeMap.
extension Engine {
    /// Credentials with everything Sigil knows of how they were made, for the console
    /// and tests; the API answers with `credentials` alone.
    public struct CredentialGrant: Sendable {
        public var identityId: String
        public var credentials: Credentials
        public var grant: SessionGrant
    }

    public func getCredentialsForIdentity(_ request: GetCredentialsForIdentityInput) async throws -> GetCredentialsForIdentityResponse {
        let result = try await credentialsForIdentity(request)
        return GetCredentialsForIdentityResponse(identityId: result.identityId, credentials: result.credentials)
    }

    /// A guest identity needs no logins (and the pool must allow guests); an identity with
    /// linked logins needs one of them again, freshly signed. New logins are linked.
    public func credentialsForIdentity(_ request: GetCredentialsForIdentityInput) async throws -> CredentialGrant {
        try identityValidator.validate(request, operation: .getCredentialsForIdentity)
        await prefetchOutsideKeys(request.logins, identityId: request.identityId)
        return try await write { writer in
            var (identity, pool) = try await requireIdentity(request.identityId, in: writer)
            let signedIn = try await checkedLogins(request.logins ?? [:], identity: &identity, pool: pool, writer: writer)
            let role = try RoleResolver.resolve(
                pool.settings, mappingKey: signedIn?.mappingKey, claims: signedIn?.claims ?? [:], customRoleArn: request.customRoleArn)
            let tags = signedIn.map { principalTags($0, pool: pool) } ?? [:]
            let (credentials, grant) = try issueCredentials(identityId: identity.id, pool: pool, role: role, principalTags: tags, amr: amr(signedIn))
            return CredentialGrant(identityId: identity.id, credentials: credentials, grant: grant)
        }
    }

    /// A login's principal tags: a developer token carries its own; other providers' claims
    /// go through the pool's map for the provider.
    func principalTags(_ login: VerifiedLogin, pool: StoredIdentityPool) -> [String: String] {
        if login.identityId != nil { return Self.tokenTags(login.claims) }
        return PrincipalTagMapper.tags(pool.settings.principalTags[login.login.provider], claims: login.claims)
    }

    public func setIdentityPoolRoles(_ request: SetIdentityPoolRolesInput) async throws {
        try identityValidator.validate(request, operation: .setIdentityPoolRoles)
        for key in request.roles.keys where key != "authenticated" && key != "unauthenticated" {
            throw CognitoError.invalidParameter("Invalid role key \(key): roles are authenticated and unauthenticated.")
        }
        for (key, mapping) in request.roleMappings ?? [:] {
            if mapping.type == .rules, mapping.rulesConfiguration?.rules.isEmpty ?? true {
                throw CognitoError.invalidParameter("The role mapping for \(key) is of type Rules and needs RulesConfiguration.")
            }
            if mapping.ambiguousRoleResolution == nil {
                throw CognitoError.invalidParameter("The role mapping for \(key) needs AmbiguousRoleResolution.")
            }
        }
        try await write { writer in
            var pool = try await requireIdentityPool(request.identityPoolId, in: writer)
            let providers = Self.mappingKeys(pool.pool)
            for key in (request.roleMappings ?? [:]).keys.sorted() where !providers.contains(key) {
                throw CognitoError.invalidParameter("(\(key)) is not a valid RoleMapping ProviderName or is not a configured provider.")
            }
            pool.settings.roles = request.roles
            pool.settings.roleMappings = request.roleMappings ?? [:]
            try await writer.updateIdentityPool(pool)
        }
    }

    /// The keys role mappings may use: `<user pool provider>:<clientId>` for each user
    /// pool client, and the other providers by name (an OpenID Connect provider by its
    /// host, as its tokens' issuer).
    static func mappingKeys(_ pool: IdentityPool) -> Set<String> {
        var keys = Set(
            (pool.cognitoIdentityProviders ?? []).compactMap { provider in
                provider.providerName.flatMap { name in provider.clientId.map { name + ":" + $0 } }
            })
        keys.formUnion((pool.supportedLoginProviders ?? [:]).keys)
        keys.formUnion((pool.openIdConnectProviderARNs ?? []).compactMap { $0.components(separatedBy: ":oidc-provider/").last })
        keys.formUnion(pool.samlProviderARNs ?? [])
        if let developer = pool.developerProviderName { keys.insert(developer) }
        return keys
    }

    public func getIdentityPoolRoles(_ request: GetIdentityPoolRolesInput) async throws -> GetIdentityPoolRolesResponse {
        try identityValidator.validate(request, operation: .getIdentityPoolRoles)
        let pool = try await read { reader in try await requireIdentityPool(request.identityPoolId, in: reader) }
        return GetIdentityPoolRolesResponse(
            identityPoolId: pool.id, roles: pool.settings.roles,
            roleMappings: pool.settings.roleMappings.isEmpty ? nil : pool.settings.roleMappings)
    }

    public func setPrincipalTagAttributeMap(_ request: SetPrincipalTagAttributeMapInput) async throws -> SetPrincipalTagAttributeMapResponse {
        try identityValidator.validate(request, operation: .setPrincipalTagAttributeMap)
        let setting = PrincipalTagSetting(useDefaults: request.useDefaults ?? false, tags: request.principalTags ?? [:])
        try await write { writer in
            var pool = try await requireIdentityPool(request.identityPoolId, in: writer)
            pool.settings.principalTags[request.identityProviderName] = setting
            try await writer.updateIdentityPool(pool)
        }
        return SetPrincipalTagAttributeMapResponse(
            identityPoolId: request.identityPoolId, identityProviderName: request.identityProviderName, useDefaults: setting.useDefaults,
            principalTags: setting.tags)
    }

    public func getPrincipalTagAttributeMap(_ request: GetPrincipalTagAttributeMapInput) async throws -> GetPrincipalTagAttributeMapResponse {
        try identityValidator.validate(request, operation: .getPrincipalTagAttributeMap)
        let pool = try await read { reader in try await requireIdentityPool(request.identityPoolId, in: reader) }
        let setting = pool.settings.principalTags[request.identityProviderName]
        return GetPrincipalTagAttributeMapResponse(
            identityPoolId: pool.id, identityProviderName: request.identityProviderName, useDefaults: setting?.useDefaults ?? false,
            principalTags: setting?.tags ?? [:])
    }
}
