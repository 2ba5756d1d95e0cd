import Foundation
import SigilCore
import SigilCrypto
import SigilJSON
import Testing

/// A user pool with a client, and an identity pool that trusts it.
struct IdentityFixture {
    let auth: AuthFixture
    let identityPoolId: String
    var engine: Engine { auth.engine }
    var provider: String { "cognito-idp.us-east-1.amazonaws.com/\(auth.poolId)" }
    static let authenticatedRole = "arn:aws:iam::000000000000:role/app-user"
    static let guestRole = "arn:aws:iam::000000000000:role/app-guest"

    init(guests: Bool = true, serverSideTokenCheck: Bool = false) async throws {
        auth = try await AuthFixture()
        identityPoolId = try await auth.engine.createIdentityPool(
            CreateIdentityPoolInput(
                identityPoolName: "photos", allowUnauthenticatedIdentities: guests,
                cognitoIdentityProviders: [
                    CognitoIdentityProvider(
                        providerName: "cognito-idp.us-east-1.amazonaws.com/\(auth.poolId)", clientId: auth.clientId,
                        serverSideTokenCheck: serverSideTokenCheck)
                ])
        ).identityPoolId
        try await auth.engine.setIdentityPoolRoles(
            SetIdentityPoolRolesInput(
                identityPoolId: identityPoolId, roles: ["authenticated": Self.authenticatedRole, "unauthenticated": Self.guestRole]))
    }

    /// A confirmed user's ID token.
    func idToken(_ name: String, attributes: [String: String] = [:]) async throws -> String {
        if (try? await engine.adminGetUser(AdminGetUserRequest(userPoolId: auth.poolId, username: name))) == nil {
            try await auth.confirmedUser(name, attributes: attributes)
        }
        return try await #require(try auth.tokens(name).idToken)
    }

    func identity(for token: String) async throws -> String {
        try #require(try await engine.getId(GetIdInput(identityPoolId: identityPoolId, logins: [provider: token])).identityId)
    }

    func credentials(_ identityId: String, token: String? = nil, customRole: String? = nil) async throws -> Engine.CredentialGrant {
        try await engine.credentialsForIdentity(
            GetCredentialsForIdentityInput(identityId: identityId, logins: token.map { [provider: $0] }, customRoleArn: customRole))
    }

    func mapping(_ mapping: RoleMapping) async throws {
        try await engine.setIdentityPoolRoles(
            SetIdentityPoolRolesInput(
                identityPoolId: identityPoolId, roles: ["authenticated": Self.authenticatedRole, "unauthenticated": Self.guestRole],
                roleMappings: ["\(provider):\(auth.clientId)": mapping]))
    }
}

func cognitoError(_ body: () async throws -> Void) async -> CognitoError? {
    do {
        try await body()
        return nil
    } catch {
        return error as? CognitoError
    }
}

@Suite struct IdentityPoolOperationTests {
    @Test func createDescribeListUpdateDelete() async throws {
        let fixture = try await IdentityFixture()
        let engine = fixture.engine
        let pool = try await engine.describeIdentityPool(DescribeIdentityPoolInput(identityPoolId: fixture.identityPoolId))
        #expect(pool.identityPoolName == "photos" && pool.allowUnauthenticatedIdentities)
        #expect(fixture.identityPoolId.hasPrefix("us-east-1:") && UUID(uuidString: String(fixture.identityPoolId.dropFirst(10))) != nil)
        for name in ["b", "c"] {
            _ = try await engine.createIdentityPool(CreateIdentityPoolInput(identityPoolName: name, allowUnauthenticatedIdentities: false))
        }
        let first = try await engine.listIdentityPools(ListIdentityPoolsInput(maxResults: 2))
        #expect(first.identityPools?.count == 2 && first.nextToken != nil)
        let second = try await engine.listIdentityPools(ListIdentityPoolsInput(maxResults: 2, nextToken: first.nextToken))
        #expect(second.identityPools?.count == 1 && second.nextToken == nil)
        #expect(Set((first.identityPools! + second.identityPools!).compactMap(\.identityPoolName)) == ["photos", "b", "c"])

        var changed = pool
        changed.allowUnauthenticatedIdentities = false
        changed.developerProviderName = "login.example"
        #expect(try await engine.updateIdentityPool(changed).developerProviderName == "login.example")
        changed.developerProviderName = "other.example"
        #expect(await cognitoError { _ = try await engine.updateIdentityPool(changed) }?.name == .invalidParameterException)

        try await engine.deleteIdentityPool(DeleteIdentityPoolInput(identityPoolId: fixture.identityPoolId))
        let missing = await cognitoError {
            _ = try await engine.describeIdentityPool(DescribeIdentityPoolInput(identityPoolId: fixture.identityPoolId))
        }
        #expect(missing == CognitoError(.resourceNotFoundException, "IdentityPool '\(fixture.identityPoolId)' not found."))
    }

    @Test func badInputIsRefusedAndChangesNothing() async throws {
        let fixture = try await IdentityFixture()
        let engine = fixture.engine
        let badProvider = await cognitoError {
            _ = try await engine.createIdentityPool(
                CreateIdentityPoolInput(
                    identityPoolName: "x", allowUnauthenticatedIdentities: true,
                    cognitoIdentityProviders: [CognitoIdentityProvider(providerName: "accounts.google.com", clientId: "abc")]))
        }
        #expect(badProvider?.name == .invalidParameterException)
        // Model constraints are ValidationException in identity pools, with AWS's wording.
        let badName = await cognitoError {
            _ = try await engine.createIdentityPool(CreateIdentityPoolInput(identityPoolName: "with!excl", allowUnauthenticatedIdentities: true))
        }
        #expect(
            badName
                == CognitoError(
                    .validationException,
                    "1 validation error detected: Value 'with!excl' at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+"
                ))
        #expect(
            await cognitoError {
                _ = try await engine.createIdentityPool(CreateIdentityPoolInput(identityPoolName: "", allowUnauthenticatedIdentities: true))
            }?
            .name == .validationException)
        #expect(
            await cognitoError { _ = try await engine.listIdentityPools(ListIdentityPoolsInput(maxResults: 61)) }
                == CognitoError(
                    .validationException,
                    "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60"
                ))
        let badLogin = await cognitoError {
            _ = try await engine.getId(GetIdInput(accountId: "12x", identityPoolId: fixture.identityPoolId, logins: ["accounts.google.com": ""]))
        }
        #expect(
            badLogin
                == CognitoError(
                    .validationException,
                    "2 validation errors detected: Value '12x' at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d+; "
                        + "Value '{accounts.google.com=}' at 'logins' failed to satisfy constraint: Map value must satisfy constraint: "
                        + "[Member must have length less than or equal to 50000, Member must have length greater than or equal to 1]"))
        #expect(try await engine.listIdentityPools(ListIdentityPoolsInput(maxResults: 60)).identityPools?.count == 1)
        let badRoles = await cognitoError {
            try await engine.setIdentityPoolRoles(
                SetIdentityPoolRolesInput(identityPoolId: fixture.identityPoolId, roles: ["admin": IdentityFixture.guestRole]))
        }
        // The model allows only `authenticated` and `unauthenticated` as keys.
        #expect(badRoles?.name == .validationException)
        #expect(badRoles?.message.contains("at 'roles' failed to satisfy constraint: Map keys must satisfy constraint: [") == true)
        #expect(badRoles?.message.contains("Member must satisfy regular expression pattern: (un)?authenticated") == true)
        #expect(
            try await engine.getIdentityPoolRoles(GetIdentityPoolRolesInput(identityPoolId: fixture.identityPoolId)).roles?["authenticated"]
                == IdentityFixture.authenticatedRole)
    }
}

@Suite struct IdentityTests {
    @Test func guestsGetANewIdentityEachTimeAndGuestCredentials() async throws {
        let fixture = try await IdentityFixture()
        let first = try await fixture.engine.getId(GetIdInput(identityPoolId: fixture.identityPoolId)).identityId!
        let second = try await fixture.engine.getId(GetIdInput(identityPoolId: fixture.identityPoolId)).identityId!
        #expect(first != second && first.hasPrefix("us-east-1:"))
        let grant = try await fixture.credentials(first)
        #expect(grant.grant.roleArn == IdentityFixture.guestRole && grant.grant.amr == ["unauthenticated"])
        let credentials = grant.credentials
        #expect(credentials.accessKeyId?.hasPrefix("ASIA") == true && credentials.accessKeyId?.count == 20)
        #expect(credentials.secretKey?.count == 40)
        #expect(credentials.expiration == fixture.auth.clock.now.addingTimeInterval(3_600))
        // The session token carries the grant, sealed.
        #expect(fixture.engine.openSessionToken(credentials.sessionToken!) == grant.grant)
        var tampered = Array(credentials.sessionToken!)
        tampered[30] = tampered[30] == "A" ? "B" : "A"
        #expect(fixture.engine.openSessionToken(String(tampered)) == nil)
        let description = try await fixture.engine.describeIdentity(DescribeIdentityInput(identityId: first))
        #expect(description.logins == [] && description.creationDate == fixture.auth.clock.now)
    }

    @Test func poolsWithoutGuestsRefuseThem() async throws {
        let fixture = try await IdentityFixture(guests: false)
        let refused = await cognitoError { _ = try await fixture.engine.getId(GetIdInput(identityPoolId: fixture.identityPoolId)) }
        #expect(refused == CognitoError.notAuthorized("Unauthenticated access is not supported for this identity pool."))
    }

    @Test func theSameLoginAlwaysMapsToTheSameIdentity() async throws {
        let fixture = try await IdentityFixture()
        let token = try await fixture.idToken("ann")
        let identity = try await fixture.identity(for: token)
        fixture.auth.clock.advance(by: 60)
        #expect(try await fixture.identity(for: try await fixture.idToken("ann")) == identity)
        #expect(try await fixture.identity(for: try await fixture.idToken("bob")) != identity)
        let description = try await fixture.engine.describeIdentity(DescribeIdentityInput(identityId: identity))
        #expect(description.logins == [fixture.provider])
        let grant = try await fixture.credentials(identity, token: token)
        #expect(grant.grant.roleArn == IdentityFixture.authenticatedRole)
        let sub = try #require(try JWT.decode(token).claims["sub"]?.stringValue)
        #expect(grant.grant.amr == ["authenticated", fixture.provider, "\(fixture.provider):CognitoSignIn:\(sub)"])
        // An authenticated identity needs its login again.
        #expect(
            await cognitoError { _ = try await fixture.credentials(identity) }
                == CognitoError.notAuthorized("Access to Identity '\(identity)' is forbidden."))
        // Another user's login does not open it.
        let bob = try await fixture.idToken("bob")
        #expect(await cognitoError { _ = try await fixture.credentials(identity, token: bob) } == IdentityErrors.loginsDontMatch)
        let listed = try await fixture.engine.listIdentities(ListIdentitiesInput(identityPoolId: fixture.identityPoolId, maxResults: 10))
        #expect(listed.identities?.count == 2)
    }

    @Test func loginTokensAreChecked() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.auth.confirmedUser("ann")
        let tokens = try await fixture.auth.tokens("ann")
        // An access token has no aud.
        #expect(
            await cognitoError { _ = try await fixture.identity(for: tokens.accessToken!) }
                == CognitoError.notAuthorized("Invalid login token. Missing a required claim: aud"))
        // A forged signature.
        let parts = tokens.idToken!.split(separator: ".")
        let forged = parts[0] + "." + parts[1] + "." + String(parts[2].reversed())
        #expect(
            await cognitoError { _ = try await fixture.identity(for: String(forged)) }
                == CognitoError.notAuthorized("Invalid login token. Couldn't verify signed token."))
        #expect(await cognitoError { _ = try await fixture.identity(for: "not-a-jwt") }?.message.hasPrefix("Invalid login token.") == true)
        // Under the wrong provider name.
        let other = await cognitoError {
            _ = try await fixture.engine.getId(
                GetIdInput(
                    identityPoolId: fixture.identityPoolId, logins: ["cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1234": tokens.idToken!]))
        }
        #expect(other == IdentityErrors.unsupportedProvider)
        // Expired, past the five minutes' grace.
        fixture.auth.clock.advance(by: 3_600 + 301)
        let expired = await cognitoError { _ = try await fixture.identity(for: tokens.idToken!) }
        // AWS's order: the time now, then the token's expiry ("1754028051 >= 1754027905").
        let now = Int(fixture.auth.clock.now.timeIntervalSince1970)
        let exp = try #require(try JWT.decode(tokens.idToken!).claims["exp"]?.intValue)
        #expect(expired?.message == "Invalid login token. Token expired: \(now) >= \(exp)")
        // A token for a client the identity pool does not list.
        let client = try await fixture.engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: fixture.auth.poolId, clientName: "other", explicitAuthFlows: [.allowUserPasswordAuth])
        ).userPoolClient!.clientId!
        try await fixture.auth.confirmedUser("cat")
        let otherClient = try await fixture.engine.initiateAuth(
            InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "cat", "PASSWORD": AuthFixture.password], clientId: client))
        #expect(
            await cognitoError { _ = try await fixture.identity(for: otherClient.authenticationResult!.idToken!) }
                == IdentityErrors.unsupportedProvider)
        #expect(try await fixture.engine.listIdentities(ListIdentitiesInput(identityPoolId: fixture.identityPoolId, maxResults: 10)).identities == [])
    }

    @Test func serverSideTokenCheckRefusesSignedOutUsers() async throws {
        let fixture = try await IdentityFixture(serverSideTokenCheck: true)
        try await fixture.auth.confirmedUser("ann")
        let tokens = try await fixture.auth.tokens("ann")
        _ = try await fixture.identity(for: tokens.idToken!)
        _ = try await fixture.engine.globalSignOut(GlobalSignOutRequest(accessToken: tokens.accessToken!))
        #expect(await cognitoError { _ = try await fixture.identity(for: tokens.idToken!) }?.name == .notAuthorizedException)
    }

    @Test func deleteAndUnlink() async throws {
        let fixture = try await IdentityFixture()
        let token = try await fixture.idToken("ann")
        let identity = try await fixture.identity(for: token)
        try await fixture.engine.unlinkIdentity(
            UnlinkIdentityInput(identityId: identity, logins: [fixture.provider: token], loginsToRemove: [fixture.provider]))
        #expect(try await fixture.engine.describeIdentity(DescribeIdentityInput(identityId: identity)).logins == [])
        // Without its last login the identity is closed, even to guests' requests.
        #expect(
            await cognitoError { _ = try await fixture.credentials(identity) }
                == CognitoError.notAuthorized("Access to Identity '\(identity)' is forbidden."))
        // The login now makes a new identity.
        #expect(try await fixture.identity(for: token) != identity)
        let deleted = try await fixture.engine.deleteIdentities(
            DeleteIdentitiesInput(identityIdsToDelete: [identity, "us-east-1:00000000-0000-4000-8000-000000000000"]))
        #expect(deleted.unprocessedIdentityIds?.map(\.identityId) == ["us-east-1:00000000-0000-4000-8000-000000000000"])
        #expect(
            await cognitoError { _ = try await fixture.engine.describeIdentity(DescribeIdentityInput(identityId: identity)) }
                == CognitoError(.resourceNotFoundException, "Identity '\(identity)' not found."))
    }
}

@Suite struct RoleMappingTests {
    func fixture(groups: [String] = [], preferred: String? = nil) async throws -> (IdentityFixture, String, String) {
        let fixture = try await IdentityFixture()
        try await fixture.auth.confirmedUser("ann", attributes: ["custom:team": "photos"].filter { _ in false })
        for group in groups {
            _ = try await fixture.engine.createGroup(
                CreateGroupRequest(
                    groupName: group, userPoolId: fixture.auth.poolId, roleArn: "arn:aws:iam::000000000000:role/\(group)",
                    precedence: group == preferred ? 0 : 5))
            _ = try await fixture.engine.adminAddUserToGroup(
                AdminAddUserToGroupRequest(userPoolId: fixture.auth.poolId, username: "ann", groupName: group))
        }
        let token = try await fixture.idToken("ann")
        return await (fixture, token, try fixture.identity(for: token))
    }

    @Test func tokenMappingUsesThePreferredRoleOrACustomOneFromTheToken() async throws {
        let (fixture, token, identity) = try await fixture(groups: ["editors", "viewers"], preferred: "editors")
        try await fixture.mapping(RoleMapping(type: .token, ambiguousRoleResolution: .deny))
        let preferred = try await fixture.credentials(identity, token: token)
        #expect(preferred.grant.roleArn == "arn:aws:iam::000000000000:role/editors")
        #expect(preferred.grant.roleReason == "the token's cognito:preferred_role")
        let custom = try await fixture.credentials(identity, token: token, customRole: "arn:aws:iam::000000000000:role/viewers")
        #expect(custom.grant.roleArn == "arn:aws:iam::000000000000:role/viewers")
        #expect(
            await cognitoError { _ = try await fixture.credentials(identity, token: token, customRole: "arn:aws:iam::000000000000:role/admin") }?.name
                == .notAuthorizedException)
    }

    @Test func tokenMappingWithoutRolesFallsBackOrDenies() async throws {
        let (fixture, token, identity) = try await fixture()
        try await fixture.mapping(RoleMapping(type: .token, ambiguousRoleResolution: .authenticatedRole))
        #expect(try await fixture.credentials(identity, token: token).grant.roleArn == IdentityFixture.authenticatedRole)
        try await fixture.mapping(RoleMapping(type: .token, ambiguousRoleResolution: .deny))
        #expect(await cognitoError { _ = try await fixture.credentials(identity, token: token) } == RoleResolverDenied.error)
    }

    @Test func rulesMatchInOrderAndTheFirstWins() async throws {
        let (fixture, token, identity) = try await fixture(groups: ["editors"])
        let rules = [
            MappingRule(claim: "email", matchType: .startsWith, value: "bob", roleARN: "arn:aws:iam::000000000000:role/bob"),
            MappingRule(claim: "cognito:groups", matchType: .contains, value: "edit", roleARN: "arn:aws:iam::000000000000:role/editing"),
            MappingRule(claim: "email_verified", matchType: .equals, value: "true", roleARN: "arn:aws:iam::000000000000:role/verified"),
        ]
        try await fixture.mapping(RoleMapping(type: .rules, ambiguousRoleResolution: .deny, rulesConfiguration: RulesConfigurationType(rules: rules)))
        let grant = try await fixture.credentials(identity, token: token)
        #expect(grant.grant.roleArn == "arn:aws:iam::000000000000:role/editing")
        #expect(grant.grant.roleReason == "rule 2: cognito:groups Contains \"edit\"")
        // NotEqual on a claim the token lacks is skipped; nothing else matches: Deny.
        let unmatched = [
            MappingRule(claim: "custom:team", matchType: .notEqual, value: "x", roleARN: "arn:aws:iam::000000000000:role/team"),
            MappingRule(claim: "email", matchType: .equals, value: "someone@else", roleARN: "arn:aws:iam::000000000000:role/else"),
        ]
        try await fixture.mapping(
            RoleMapping(type: .rules, ambiguousRoleResolution: .deny, rulesConfiguration: RulesConfigurationType(rules: unmatched)))
        #expect(await cognitoError { _ = try await fixture.credentials(identity, token: token) } == RoleResolverDenied.error)
        try await fixture.mapping(
            RoleMapping(type: .rules, ambiguousRoleResolution: .authenticatedRole, rulesConfiguration: RulesConfigurationType(rules: unmatched)))
        let fallback = try await fixture.credentials(identity, token: token)
        #expect(fallback.grant.roleArn == IdentityFixture.authenticatedRole && fallback.grant.roleReason.hasSuffix("(no rule matched)"))
        // NotEqual on a claim the token has.
        let notEqual = [MappingRule(claim: "email", matchType: .notEqual, value: "x@y", roleARN: "arn:aws:iam::000000000000:role/not-x")]
        try await fixture.mapping(
            RoleMapping(type: .rules, ambiguousRoleResolution: .deny, rulesConfiguration: RulesConfigurationType(rules: notEqual)))
        #expect(try await fixture.credentials(identity, token: token).grant.roleArn == "arn:aws:iam::000000000000:role/not-x")
    }

    @Test func noRoleIsAConfigurationError() async throws {
        let (fixture, token, identity) = try await fixture()
        try await fixture.engine.setIdentityPoolRoles(SetIdentityPoolRolesInput(identityPoolId: fixture.identityPoolId, roles: [:]))
        let error = await cognitoError { _ = try await fixture.credentials(identity, token: token) }
        #expect(
            error
                == CognitoError(
                    .invalidIdentityPoolConfigurationException, "Invalid identity pool configuration. Check assigned IAM roles for this pool."))
    }
}

enum IdentityErrors {
    static let loginsDontMatch = CognitoError.notAuthorized(
        "Logins don't match. Please include at least one valid login for this identity or identity pool.")
    static let unsupportedProvider = CognitoError.notAuthorized("Token is not from a supported provider of this identity pool.")
}

enum RoleResolverDenied {
    static let error = CognitoError.notAuthorized("The ambiguous role mapping rules denied this request.")
}

@Suite struct PrincipalTagTests {
    @Test func defaultsAndCustomMapsBecomeSessionTags() async throws {
        let fixture = try await IdentityFixture()
        let token = try await fixture.idToken("ann")
        let identity = try await fixture.identity(for: token)
        let sub = try JWT.decode(token).claims["sub"]!.stringValue!
        #expect(try await fixture.credentials(identity, token: token).grant.principalTags == [:])
        let before = try await fixture.engine.getPrincipalTagAttributeMap(
            GetPrincipalTagAttributeMapInput(identityPoolId: fixture.identityPoolId, identityProviderName: fixture.provider))
        #expect(before.useDefaults == false && before.principalTags == [:])

        _ = try await fixture.engine.setPrincipalTagAttributeMap(
            SetPrincipalTagAttributeMapInput(identityPoolId: fixture.identityPoolId, identityProviderName: fixture.provider, useDefaults: true))
        #expect(try await fixture.credentials(identity, token: token).grant.principalTags == ["username": sub, "client": fixture.auth.clientId])

        _ = try await fixture.engine.setPrincipalTagAttributeMap(
            SetPrincipalTagAttributeMapInput(
                identityPoolId: fixture.identityPoolId, identityProviderName: fixture.provider, useDefaults: false,
                principalTags: ["mail": "email", "missing": "custom:nothing"]))
        #expect(try await fixture.credentials(identity, token: token).grant.principalTags == ["mail": "ann@example.com"])
        let after = try await fixture.engine.getPrincipalTagAttributeMap(
            GetPrincipalTagAttributeMapInput(identityPoolId: fixture.identityPoolId, identityProviderName: fixture.provider))
        #expect(after.useDefaults == false && after.principalTags == ["mail": "email", "missing": "custom:nothing"])
    }
}

@Suite struct RoleStoreTests {
    static let teamPolicy = """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "TeamFolder", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/${aws:PrincipalTag/client}/*"},
          {"Sid": "Mine", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::photos/${cognito-identity.amazonaws.com:sub}/*",
           "Condition": {"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}
        ]}
        """

    @Test func rolesArePolicyCheckedAndDecideForCredentials() async throws {
        let fixture = try await IdentityFixture()
        let engine = fixture.engine
        let bad = await cognitoError { try await engine.putRole(name: "app-user", policies: ["broken": #"{"Statement": {"Effect": "Allow"}}"#]) }
        #expect(bad == CognitoError.invalidParameter("Policy broken of role app-user: Statement 1 needs Action or NotAction."))
        #expect(try await engine.roles().isEmpty)
        #expect(await cognitoError { try await engine.putRole(name: "bad name!", policies: [:]) }?.name == .invalidParameterException)
        let role = try await engine.putRole(name: "app-user", description: "signed-in users", policies: ["team": Self.teamPolicy])
        #expect(role.arn == IdentityFixture.authenticatedRole)

        _ = try await engine.setPrincipalTagAttributeMap(
            SetPrincipalTagAttributeMapInput(identityPoolId: fixture.identityPoolId, identityProviderName: fixture.provider, useDefaults: true))
        let token = try await fixture.idToken("ann")
        let identity = try await fixture.identity(for: token)
        let grant = try await fixture.credentials(identity, token: token).grant
        let mine = try await engine.authorize(grant, action: "s3:PutObject", resource: "arn:aws:s3:::photos/\(identity)/a.jpg")
        #expect(mine.allowed && mine.statement?.sid == "Mine")
        let team = try await engine.authorize(grant, action: "s3:GetObject", resource: "arn:aws:s3:::shared/\(fixture.auth.clientId)/doc")
        #expect(team.allowed && team.statement?.sid == "TeamFolder")
        #expect(!(try await engine.authorize(grant, action: "s3:GetObject", resource: "arn:aws:s3:::photos/us-east-1:other/a.jpg")).allowed)
        // A guest's credentials are for the guest role, which Sigil does not hold: nothing is allowed.
        let guest = try await fixture.credentials(try await fixture.engine.getId(GetIdInput(identityPoolId: fixture.identityPoolId)).identityId!)
            .grant
        #expect(try await engine.authorize(guest, action: "s3:GetObject", resource: "arn:aws:s3:::shared/x/doc").outcome == .implicitDeny)

        // Session tokens are checked before any policy.
        #expect(throws: Engine.CredentialProblem.invalidToken) { try engine.liveGrant(sessionToken: "SGL1AAAA", accessKeyId: grant.accessKeyId) }
        let issued = try await fixture.credentials(identity, token: token).credentials
        #expect(throws: Engine.CredentialProblem.wrongAccessKey) { try engine.liveGrant(sessionToken: issued.sessionToken, accessKeyId: "ASIAOTHER") }
        fixture.auth.clock.advance(by: 3_601)
        #expect(throws: Engine.CredentialProblem.self) { try engine.liveGrant(sessionToken: issued.sessionToken, accessKeyId: issued.accessKeyId!) }
        try await engine.deleteRole(name: "app-user")
        #expect(await cognitoError { try await engine.deleteRole(name: "app-user") }?.name == .resourceNotFoundException)
    }
}

@Suite struct OpenIdTokenTests {
    func verify(_ token: String, _ engine: Engine, now: Date) async throws -> [String: JSONValue] {
        let jwks = try await engine.identityJWKS()["keys"]!.arrayValue!
        var keys: [String: RSAKey] = [:]
        for jwk in jwks { keys[jwk["kid"]!.stringValue!] = try RSAKey(jwk: jwk.objectValue!) }
        return try JWTValidator(keys: keys, issuer: engine.identityIssuer).validate(token, now: now)
    }

    @Test func guestAndSignedInTokens() async throws {
        let fixture = try await IdentityFixture()
        let guest = try await fixture.engine.getId(GetIdInput(identityPoolId: fixture.identityPoolId)).identityId!
        let guestToken = try await fixture.engine.getOpenIdToken(GetOpenIdTokenInput(identityId: guest)).token!
        let claims = try await verify(guestToken, fixture.engine, now: fixture.auth.clock.now)
        #expect(claims["sub"]?.stringValue == guest && claims["aud"]?.stringValue == fixture.identityPoolId)
        #expect(claims["amr"] == .array([.string("unauthenticated")]))
        #expect(claims["exp"]!.intValue! - claims["iat"]!.intValue! == 600)

        let token = try await fixture.idToken("ann")
        let identity = try await fixture.identity(for: token)
        #expect(
            await cognitoError { _ = try await fixture.engine.getOpenIdToken(GetOpenIdTokenInput(identityId: identity)) }?.name
                == .notAuthorizedException)
        let signedIn = try await fixture.engine.getOpenIdToken(GetOpenIdTokenInput(identityId: identity, logins: [fixture.provider: token])).token!
        let amr = try await verify(signedIn, fixture.engine, now: fixture.auth.clock.now)["amr"]?.arrayValue?.compactMap(\.stringValue)
        #expect(amr?.first == "authenticated" && amr?[1] == fixture.provider)

        // The basic flow can be turned off, and is not offered with role mappings.
        try await fixture.mapping(RoleMapping(type: .token, ambiguousRoleResolution: .authenticatedRole))
        #expect(
            await cognitoError { _ = try await fixture.engine.getOpenIdToken(GetOpenIdTokenInput(identityId: guest)) }
                == CognitoError.invalidParameter("Basic (classic) flow is not supported with RoleMappings, please use enhanced flow."))
        var pool = try await fixture.engine.describeIdentityPool(DescribeIdentityPoolInput(identityPoolId: fixture.identityPoolId))
        pool.allowClassicFlow = false
        _ = try await fixture.engine.updateIdentityPool(pool)
        #expect(
            await cognitoError { _ = try await fixture.engine.getOpenIdToken(GetOpenIdTokenInput(identityId: guest)) }
                == CognitoError.invalidParameter("Basic (classic) flow is not enabled, please use enhanced flow."))
    }

    @Test func theBasicFlowTurnsATokenIntoCredentialsForTheNamedRole() async throws {
        let fixture = try await IdentityFixture()
        let guest = try await fixture.engine.getId(GetIdInput(identityPoolId: fixture.identityPoolId)).identityId!
        let token = try await fixture.engine.getOpenIdToken(GetOpenIdTokenInput(identityId: guest)).token!
        // Only the pool's role for guests may be assumed with a guest's token.
        await #expect(throws: Engine.WebIdentityFailure.self) {
            _ = try await fixture.engine.assumeRoleWithWebIdentity(
                roleArn: IdentityFixture.authenticatedRole, sessionName: "app", token: token, duration: 900)
        }
        let result = try await fixture.engine.assumeRoleWithWebIdentity(
            roleArn: IdentityFixture.guestRole, sessionName: "app", token: token, duration: 900)
        #expect(result.grant.roleArn == IdentityFixture.guestRole && result.grant.identityId == guest)
        #expect(result.assumedRoleArn == "arn:aws:sts::000000000000:assumed-role/app-guest/app")
        #expect(result.credentials.expiration == fixture.auth.clock.now.addingTimeInterval(900))
        await #expect(throws: Engine.WebIdentityFailure.self) {
            _ = try await fixture.engine.assumeRoleWithWebIdentity(
                roleArn: IdentityFixture.guestRole, sessionName: "app", token: "x.y.z", duration: 900)
        }
        fixture.auth.clock.advance(by: 601)
        await #expect(throws: Engine.WebIdentityFailure(code: "ExpiredTokenException", message: "Token expired.")) {
            _ = try await fixture.engine.assumeRoleWithWebIdentity(
                roleArn: IdentityFixture.guestRole, sessionName: "app", token: token, duration: 900)
        }
    }
}

@Suite struct DeveloperIdentityTests {
    func fixture() async throws -> (IdentityFixture, IdentityPool) {
        let fixture = try await IdentityFixture()
        var pool = try await fixture.engine.describeIdentityPool(DescribeIdentityPoolInput(identityPoolId: fixture.identityPoolId))
        pool.developerProviderName = "login.photos"
        pool = try await fixture.engine.updateIdentityPool(pool)
        return (fixture, pool)
    }

    func developerToken(_ fixture: IdentityFixture, _ user: String, identityId: String? = nil, tags: [String: String]? = nil) async throws
        -> GetOpenIdTokenForDeveloperIdentityResponse
    {
        try await fixture.engine.getOpenIdTokenForDeveloperIdentity(
            GetOpenIdTokenForDeveloperIdentityInput(
                identityPoolId: fixture.identityPoolId, identityId: identityId, logins: ["login.photos": user], principalTags: tags))
    }

    @Test func registerLookUpAndUseTheToken() async throws {
        let (fixture, _) = try await fixture()
        let first = try await developerToken(fixture, "user-1", tags: ["team": "red"])
        await #expect(try developerToken(fixture, "user-1").identityId == first.identityId)
        let identity = first.identityId!
        let lookedUp = try await fixture.engine.lookupDeveloperIdentity(
            LookupDeveloperIdentityInput(identityPoolId: fixture.identityPoolId, developerUserIdentifier: "user-1"))
        #expect(lookedUp.identityId == identity && lookedUp.developerUserIdentifierList == ["user-1"])
        #expect(
            await cognitoError {
                _ = try await fixture.engine.lookupDeveloperIdentity(LookupDeveloperIdentityInput(identityPoolId: fixture.identityPoolId))
            }?
            .name == .invalidParameterException)
        // The token opens the identity under cognito-identity.amazonaws.com, with its tags.
        let grant = try await fixture.engine.credentialsForIdentity(
            GetCredentialsForIdentityInput(identityId: identity, logins: ["cognito-identity.amazonaws.com": first.token!])
        ).grant
        #expect(grant.roleArn == IdentityFixture.authenticatedRole && grant.principalTags == ["team": "red"])
        #expect(
            try await fixture.engine.getId(
                GetIdInput(identityPoolId: fixture.identityPoolId, logins: ["cognito-identity.amazonaws.com": first.token!])
            )
            .identityId == identity)
        // A guest's GetOpenIdToken token from the same issuer is no developer login.
        let guest = try await fixture.engine.getId(GetIdInput(identityPoolId: fixture.identityPoolId)).identityId!
        let guestToken = try await fixture.engine.getOpenIdToken(GetOpenIdTokenInput(identityId: guest)).token!
        let promoted = await cognitoError {
            _ = try await fixture.engine.credentialsForIdentity(
                GetCredentialsForIdentityInput(identityId: guest, logins: ["cognito-identity.amazonaws.com": guestToken]))
        }
        #expect(promoted?.message == "Invalid login token. It is not a developer-authenticated identity's token.")
        // Another identity can't claim the user.
        let other = try await developerToken(fixture, "user-2").identityId!
        #expect(
            await cognitoError { _ = try await developerToken(fixture, "user-1", identityId: other) }?.name
                == .developerUserAlreadyRegisteredException)
        // Nor open someone else's identity with its token.
        #expect(
            await cognitoError {
                _ = try await fixture.engine.credentialsForIdentity(
                    GetCredentialsForIdentityInput(identityId: other, logins: ["cognito-identity.amazonaws.com": first.token!]))
            } == IdentityErrors.loginsDontMatch)
    }

    @Test func mergeAndUnlink() async throws {
        let (fixture, _) = try await fixture()
        let a = try await developerToken(fixture, "user-a").identityId!
        let b = try await developerToken(fixture, "user-b").identityId!
        let merged = try await fixture.engine.mergeDeveloperIdentities(
            MergeDeveloperIdentitiesInput(
                sourceUserIdentifier: "user-a", destinationUserIdentifier: "user-b", developerProviderName: "login.photos",
                identityPoolId: fixture.identityPoolId))
        #expect(merged.identityId == b)
        #expect(
            await cognitoError { _ = try await fixture.engine.describeIdentity(DescribeIdentityInput(identityId: a)) }?.name
                == .resourceNotFoundException)
        let lookedUp = try await fixture.engine.lookupDeveloperIdentity(
            LookupDeveloperIdentityInput(identityPoolId: fixture.identityPoolId, identityId: b))
        #expect(Set(lookedUp.developerUserIdentifierList ?? []) == ["user-a", "user-b"])
        // One at a time.
        let first = try await fixture.engine.lookupDeveloperIdentity(
            LookupDeveloperIdentityInput(identityPoolId: fixture.identityPoolId, identityId: b, maxResults: 1))
        #expect(first.developerUserIdentifierList == ["user-a"] && first.nextToken != nil)
        let second = try await fixture.engine.lookupDeveloperIdentity(
            LookupDeveloperIdentityInput(identityPoolId: fixture.identityPoolId, identityId: b, maxResults: 1, nextToken: first.nextToken))
        #expect(second.developerUserIdentifierList == ["user-b"] && second.nextToken == nil)
        try await fixture.engine.unlinkDeveloperIdentity(
            UnlinkDeveloperIdentityInput(
                identityId: b, identityPoolId: fixture.identityPoolId, developerProviderName: "login.photos", developerUserIdentifier: "user-a"))
        #expect(
            try await fixture.engine.lookupDeveloperIdentity(LookupDeveloperIdentityInput(identityPoolId: fixture.identityPoolId, identityId: b))
                .developerUserIdentifierList == ["user-b"])
        #expect(
            await cognitoError {
                try await fixture.engine.unlinkDeveloperIdentity(
                    UnlinkDeveloperIdentityInput(
                        identityId: b, identityPoolId: fixture.identityPoolId, developerProviderName: "other", developerUserIdentifier: "user-b"))
            }?.name == .invalidParameterException)
    }

    @Test func tagsOnThePool() async throws {
        let (fixture, _) = try await fixture()
        let arn = "arn:aws:cognito-identity:us-east-1:000000000000:identitypool/\(fixture.identityPoolId)"
        _ = try await fixture.engine.tagResource(TagResourceInput(resourceArn: arn, tags: ["env": "dev", "team": "red"]))
        _ = try await fixture.engine.untagResource(UntagResourceInput(resourceArn: arn, tagKeys: ["team"]))
        #expect(try await fixture.engine.listTagsForResource(ListTagsForResourceInput(resourceArn: arn)).tags == ["env": "dev"])
        #expect(
            await cognitoError {
                _ = try await fixture.engine.listTagsForResource(
                    ListTagsForResourceInput(resourceArn: "arn:aws:cognito-identity:us-east-1:000000000000:userpool/x"))
            }?
            .name == .invalidParameterException)
    }
}

/// An outside OpenID Connect issuer, played by one of Sigil's own user pools: its keys
/// come from the pool's JWKS, as a discovery fetch would bring them.
struct PoolAsIssuer: OpenIDKeySource {
    let engine: Engine
    let poolId: String
    let issuer: String

    func keys(issuer wanted: String, kid: String?) async throws -> [String: RSAKey] {
        guard wanted == issuer else { throw CognitoError.internalError("unexpected issuer \(wanted)") }
        var keys: [String: RSAKey] = [:]
        for jwk in try await engine.jwks(poolId: poolId)["keys"]?.arrayValue ?? [] {
            keys[jwk["kid"]!.stringValue!] = try RSAKey(jwk: jwk.objectValue!)
        }
        return keys
    }
}

@Suite struct OpenIDProviderTests {
    @Test func oidcProviderLoginsAreCheckedAgainstTheIssuersKeys() async throws {
        let test = try TestEngine()
        let auth = try await AuthFixture()
        // A second engine whose identity pool trusts the first's user pool as an OIDC provider.
        let issuer = auth.engine.issuer(poolId: auth.poolId)
        let provider = String(issuer.dropFirst("http://".count))
        let configuration = EngineConfiguration(
            atRestKey: Array(repeating: 5, count: 32), openIDKeys: PoolAsIssuer(engine: auth.engine, poolId: auth.poolId, issuer: issuer))
        let engine = try Engine(store: test.engine.store, clock: auth.clock, configuration: configuration)
        let poolId = try await engine.createIdentityPool(
            CreateIdentityPoolInput(
                identityPoolName: "oidc", allowUnauthenticatedIdentities: false,
                openIdConnectProviderARNs: ["arn:aws:iam::000000000000:oidc-provider/\(provider)"])
        ).identityPoolId
        try await engine.setIdentityPoolRoles(
            SetIdentityPoolRolesInput(identityPoolId: poolId, roles: ["authenticated": IdentityFixture.authenticatedRole]))
        try await auth.confirmedUser("ann")
        let token = try await auth.tokens("ann").idToken!
        // Until the provider is registered (with the client ids its tokens may name), its logins are refused.
        #expect(
            await cognitoError { _ = try await engine.getId(GetIdInput(identityPoolId: poolId, logins: [provider: token])) }?.message.contains(
                "is not registered") == true)
        #expect(
            await cognitoError { try await engine.putOIDCProvider(url: "ftp://example.com", clientIds: ["x"]) }?.name == .invalidParameterException)
        #expect(
            await cognitoError { try await engine.putOIDCProvider(url: "http://example.com/issuer", clientIds: ["x"]) }?.name
                == .invalidParameterException)
        try await engine.putOIDCProvider(url: issuer, clientIds: ["some-other-client"])
        #expect(
            await cognitoError { _ = try await engine.getId(GetIdInput(identityPoolId: poolId, logins: [provider: token])) }
                == IdentityErrors.unsupportedProvider
        )
        let registered = try await engine.putOIDCProvider(url: issuer, clientIds: ["some-other-client", auth.clientId])
        #expect(registered.arn == "arn:aws:iam::000000000000:oidc-provider/\(provider)")
        let identity = try await engine.getId(GetIdInput(identityPoolId: poolId, logins: [provider: token])).identityId!
        let grant = try await engine.credentialsForIdentity(GetCredentialsForIdentityInput(identityId: identity, logins: [provider: token])).grant
        #expect(grant.roleArn == IdentityFixture.authenticatedRole && grant.amr.first == "authenticated" && grant.amr[1] == provider)
        // A token signed by someone else is refused.
        let other = try await AuthFixture()
        try await other.confirmedUser("eve")
        let forged = try await other.tokens("eve").idToken!
        #expect(
            await cognitoError { _ = try await engine.getId(GetIdInput(identityPoolId: poolId, logins: [provider: forged])) }?.name
                == .notAuthorizedException)
        // Providers the pool does not list, and social providers without an app id, are refused.
        #expect(
            await cognitoError { _ = try await engine.getId(GetIdInput(identityPoolId: poolId, logins: ["accounts.google.com": token])) }
                == IdentityErrors.unsupportedProvider)
        #expect(
            await cognitoError { _ = try await engine.getId(GetIdInput(identityPoolId: poolId, logins: ["example.com/issuer": token])) }
                == IdentityErrors.unsupportedProvider)
    }
}

extension OpenIDProviderTests {
    @Test func loginsSigilCannotCheckAreRefusedSayingWhy() async throws {
        let fixture = try await IdentityFixture()
        let saml = "arn:aws:iam::000000000000:saml-provider/corp"
        let poolId = try await fixture.engine.createIdentityPool(
            CreateIdentityPoolInput(
                identityPoolName: "social", allowUnauthenticatedIdentities: false, supportedLoginProviders: ["graph.facebook.com": "1234"],
                samlProviderARNs: [saml])
        ).identityPoolId
        let facebook = await cognitoError {
            _ = try await fixture.engine.getId(GetIdInput(identityPoolId: poolId, logins: ["graph.facebook.com": "EAAB..."]))
        }
        #expect(facebook?.message == "Invalid login token. Sigil has no way to ask graph.facebook.com about the token.")
        let assertion = await cognitoError { _ = try await fixture.engine.getId(GetIdInput(identityPoolId: poolId, logins: [saml: "PHNhbWw+"])) }
        #expect(assertion?.message == "Invalid login token. Sigil can't verify SAML assertions (\(saml)).")
        // Without a way to fetch keys (the test engine has none), OIDC logins can't be checked.
        let google = try await fixture.engine.createIdentityPool(
            CreateIdentityPoolInput(
                identityPoolName: "google", allowUnauthenticatedIdentities: false, supportedLoginProviders: ["accounts.google.com": "app"])
        ).identityPoolId
        let token = try JWT.sign(
            claims: ["iss": "https://accounts.google.com", "aud": "app", "sub": "1"], kid: "k", key: try RSAKey.generate(bits: 2048))
        let unfetched = await cognitoError {
            _ = try await fixture.engine.getId(GetIdInput(identityPoolId: google, logins: ["accounts.google.com": token]))
        }
        #expect(unfetched?.message.hasPrefix("Invalid login token. Couldn't verify signed token: Sigil has no way to fetch") == true)
    }
}

extension RoleStoreTests {
    @Test func rolesFilesAreCheckedWholeBeforeAnythingIsStored() async throws {
        let fixture = try await IdentityFixture()
        let bad =
            #"{"Roles": [{"RoleName": "a", "Policies": {"p": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}}},"#
            + #" {"RoleName": "b", "Policies": {"q": {"Statement": {"Effect": "Maybe", "Action": "*", "Resource": "*"}}}}]}"#
        #expect(
            await cognitoError { try await fixture.engine.importRoles(json: bad) }
                == CognitoError.invalidParameter("Policy q of role b: Statement 1: Effect must be Allow or Deny."))
        #expect(try await fixture.engine.roles().isEmpty)
        #expect(await cognitoError { try await fixture.engine.importRoles(json: "[]") }?.name == .invalidParameterException)
        let good = bad.replacingOccurrences(of: "Maybe", with: "Deny")
        #expect(
            try await fixture.engine.importRoles(json: good).map(\.arn) == ["arn:aws:iam::000000000000:role/a", "arn:aws:iam::000000000000:role/b"])
        #expect(
            try await fixture.engine.simulate(roleArn: "arn:aws:iam::000000000000:role/b", action: "s3:GetObject", resource: "x").outcome
                == .explicitDeny)
    }

    @Test func credentialLifetimeIsConfigurable() async throws {
        let test = try TestEngine()
        let engine = try Engine(
            store: test.engine.store, clock: test.clock,
            configuration: EngineConfiguration(atRestKey: Array(repeating: 1, count: 32), credentialLifetime: 900))
        let pool = try await engine.createIdentityPool(CreateIdentityPoolInput(identityPoolName: "short", allowUnauthenticatedIdentities: true))
            .identityPoolId
        try await engine.setIdentityPoolRoles(SetIdentityPoolRolesInput(identityPoolId: pool, roles: ["unauthenticated": IdentityFixture.guestRole]))
        let identity = try await engine.getId(GetIdInput(identityPoolId: pool)).identityId!
        let credentials = try await engine.getCredentialsForIdentity(GetCredentialsForIdentityInput(identityId: identity)).credentials!
        #expect(credentials.expiration == test.clock.now.addingTimeInterval(900))
    }
}

/// Facebook and Amazon, played by canned answers of their APIs.
struct CannedProviderAPI: IdentityProviderAPI {
    let answers: [String: JSONValue]

    func get(_ url: String) throws -> JSONValue {
        guard let answer = answers.first(where: { url.hasPrefix($0.key) })?.value else { throw CognitoError.internalError("HTTP 400") }
        return answer
    }
}

@Suite struct AccessTokenLoginTests {
    func engine(_ answers: [String: JSONValue]) async throws -> (Engine, String) {
        let test = try TestEngine()
        let engine = try Engine(
            store: test.engine.store, clock: test.clock,
            configuration: EngineConfiguration(atRestKey: Array(repeating: 2, count: 32), providerAPI: CannedProviderAPI(answers: answers)))
        let pool = try await engine.createIdentityPool(
            CreateIdentityPoolInput(
                identityPoolName: "social", allowUnauthenticatedIdentities: false,
                supportedLoginProviders: ["graph.facebook.com": "1234", "www.amazon.com": "amzn1.application.abc"])
        ).identityPoolId
        try await engine.setIdentityPoolRoles(
            SetIdentityPoolRolesInput(identityPoolId: pool, roles: ["authenticated": IdentityFixture.authenticatedRole]))
        return (engine, pool)
    }

    @Test func facebookTokensAreAskedAboutTheirAppAndUser() async throws {
        let (engine, pool) = try await engine([
            "https://graph.facebook.com/app?access_token=good": ["id": "1234", "name": "Photos"],
            "https://graph.facebook.com/me?fields=id&access_token=good": ["id": "10001"],
            "https://graph.facebook.com/app?access_token=other": ["id": "9999"],
            "https://graph.facebook.com/me?fields=id&access_token=other": ["id": "10002"],
        ])
        let identity = try await engine.getId(GetIdInput(identityPoolId: pool, logins: ["graph.facebook.com": "good"])).identityId!
        let grant = try await engine.credentialsForIdentity(
            GetCredentialsForIdentityInput(identityId: identity, logins: ["graph.facebook.com": "good"])
        )
        .grant
        #expect(grant.amr == ["authenticated", "graph.facebook.com", "graph.facebook.com:10001"])
        // Another app's token, and one Facebook does not know.
        #expect(
            await cognitoError { _ = try await engine.getId(GetIdInput(identityPoolId: pool, logins: ["graph.facebook.com": "other"])) }
                == IdentityErrors.unsupportedProvider)
        #expect(
            await cognitoError { _ = try await engine.getId(GetIdInput(identityPoolId: pool, logins: ["graph.facebook.com": "expired"])) }?.message
                == "Invalid login token. graph.facebook.com did not accept the token.")
    }

    @Test func amazonTokensNameTheirAppAndUser() async throws {
        let (engine, pool) = try await engine([
            "https://api.amazon.com/auth/o2/tokeninfo?access_token=Atza": [
                "app_id": "amzn1.application.abc", "aud": "amzn1.application-oa2-client.x", "user_id": "amzn1.account.ann",
            ]
        ])
        let identity = try await engine.getId(GetIdInput(identityPoolId: pool, logins: ["www.amazon.com": "Atza"])).identityId!
        #expect(try await engine.describeIdentity(DescribeIdentityInput(identityId: identity)).logins == ["www.amazon.com"])
        #expect(try await engine.getId(GetIdInput(identityPoolId: pool, logins: ["www.amazon.com": "Atza"])).identityId == identity)
    }
}
