import Foundation
import SigilCore
import Testing

@testable import SigilConsole

/// Credential inspection on a real engine: an identity pool trusting a user pool, a role
/// with a policy, and the screen read back as text.
@Suite struct CredentialsTests {
    static let policy = """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "OwnPhotos", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/${cognito-identity.amazonaws.com:sub}/*"}]}
        """

    struct Fixture {
        let store: TestStore
        let poolId: String
        let clientId: String
        let identityPoolId: String
        let harness: Harness

        init(width: Int = 120, height: Int = 40, guests: Bool = true) async throws {
            store = try TestStore()
            poolId = try await store.pool()
            clientId = try await store.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "web", explicitAuthFlows: [.allowUserPasswordAuth, .allowUserSrpAuth])
            ).userPoolClient!.clientId!
            try await store.user("ann", in: poolId, email: "ann@example.com")
            _ = try await store.engine.adminSetUserPassword(
                AdminSetUserPasswordRequest(userPoolId: poolId, username: "ann", password: "Passw0rd!ann", permanent: true))
            identityPoolId = try await store.engine.createIdentityPool(
                CreateIdentityPoolInput(
                    identityPoolName: "photos", allowUnauthenticatedIdentities: guests,
                    cognitoIdentityProviders: [CognitoIdentityProvider(providerName: Engine.loginKey(userPoolId: poolId), clientId: clientId)])
            ).identityPoolId
            try await store.engine.setIdentityPoolRoles(
                SetIdentityPoolRolesInput(
                    identityPoolId: identityPoolId,
                    roles: [
                        "authenticated": "arn:aws:iam::000000000000:role/photo-users", "unauthenticated": "arn:aws:iam::000000000000:role/guests",
                    ]))
            _ = try await store.engine.setPrincipalTagAttributeMap(
                SetPrincipalTagAttributeMapInput(
                    identityPoolId: identityPoolId, identityProviderName: Engine.loginKey(userPoolId: poolId), useDefaults: true))
            try await store.engine.putRole(name: "photo-users", policies: ["photos": CredentialsTests.policy])
            harness = Harness(store: store, width: width, height: height)
        }

        var model: CredentialsModel { harness.model.credentials }

        func idToken() async throws -> String {
            try #require(
                try await store.engine.initiateAuth(
                    InitiateAuthRequest(
                        authFlow: .userPasswordAuth, authParameters: ["USERNAME": "ann", "PASSWORD": "Passw0rd!ann"], clientId: clientId)
                ).authenticationResult?.idToken)
        }
    }

    @Test func guestCredentialsStepByStep() async throws {
        let fixture = try await Fixture()
        fixture.harness.press(.character("9"))
        var screen = fixture.harness.screen
        #expect(screen.contains("Identity pool photos \(fixture.identityPoolId) · guests allowed · 0 identities"))
        #expect(screen.contains("press Enter (or g, s, t) to run both calls"))
        fixture.harness.press(.character("g"))
        screen = fixture.harness.screen
        let identity = try #require(fixture.model.obtained?.identityId)
        #expect(screen.contains("1 GetId                       ✓ \(identity)"))
        #expect(screen.contains("✓ credentials for role guests"))
        #expect(screen.contains("the pool's unauthenticated role"))
        #expect(screen.contains("••••••••••••  (r reveals)"))
        let secret = try #require(fixture.model.obtained?.credentials.secretKey)
        #expect(!screen.contains(secret))
        fixture.harness.press(.character("r"))
        #expect(fixture.harness.screen.contains(secret))
        #expect(fixture.harness.screen.contains("in 1h") || fixture.harness.screen.contains("in 59m"))
        // The guest role is not in Sigil's role store: nothing is allowed, and the screen says why.
        fixture.harness.press(.character("a"), .enter)
        screen = fixture.harness.screen
        #expect(screen.contains("Deny: no statement allows it (implicit deny)"))
        #expect(screen.contains("Sigil holds no role arn:aws:iam::000000000000:role/guests"))
    }

    @Test func aPastedTokenGetsTheAuthenticatedRoleTagsAndThePolicyAnswers() async throws {
        let fixture = try await Fixture()
        fixture.harness.press(.character("9"), .character("t"))
        #expect(fixture.model.capturesText)
        fixture.harness.type(try await fixture.idToken())
        fixture.harness.press(.enter)
        var screen = fixture.harness.screen
        let obtained = try #require(fixture.model.obtained)
        #expect(obtained.grant.roleArn == "arn:aws:iam::000000000000:role/photo-users")
        #expect(screen.contains("Tags         client=\(fixture.clientId), username="))
        #expect(screen.contains("Because      the pool's authenticated role"))
        // ${sub} in the typed resource is the identity.
        fixture.harness.press(.character("a"), .enter)
        screen = fixture.harness.screen
        #expect(screen.contains("Allow: statement 1 (\"OwnPhotos\") of policy photos"))
        #expect(screen.contains("on arn:aws:s3:::photos/\(obtained.identityId)/cat.jpg"))
        // Another identity's prefix is denied.
        fixture.harness.press(.tab, .control("u"))
        fixture.harness.type("arn:aws:s3:::photos/us-east-1:someone-else/cat.jpg")
        fixture.harness.press(.enter)
        #expect(fixture.model.decision?.outcome == .implicitDeny)
        #expect(fixture.harness.screen.contains("Deny: no statement allows it"))
        fixture.harness.press(.escape)
        #expect(!fixture.model.capturesText)
    }

    @Test func theHostedSignInSessionAndFailuresShowPerStep() async throws {
        let fixture = try await Fixture(guests: false)
        fixture.harness.press(.character("9"), .character("s"))
        #expect(fixture.harness.screen.contains("Nobody has signed in on the hosted sign-in screen (5) yet"))
        fixture.harness.press(.character("g"))
        let screen = fixture.harness.screen
        #expect(screen.contains("1 GetId                       ✗ NotAuthorizedException: Unauthenticated access is not supported"))
        #expect(fixture.model.obtained == nil)
        // A token that is not a JWT never reaches the engine.
        fixture.harness.press(.character("t"))
        fixture.harness.type("not-a-token")
        fixture.harness.press(.enter)
        #expect(fixture.harness.screen.contains("Paste a user pool ID token (a JWT) first"))
    }

    @Test func identityPoolsAreOnThePoolsScreenAndFitAt80x24() async throws {
        let fixture = try await Fixture(width: 80, height: 24)
        fixture.harness.press(.character("1"))
        var screen = fixture.harness.screen
        #expect(screen.contains("Identity pools · 9 opens credentials"))
        #expect(fixture.harness.row(containing: "photos")?.contains(fixture.identityPoolId) == true)
        fixture.harness.press(.character("9"), .character("g"))
        screen = fixture.harness.screen
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 24)
        #expect(lines[1].hasPrefix(" Identity pool photos"))
        #expect(lines[2].hasPrefix(" Login   g guest "))
        #expect(lines.contains { $0.hasPrefix(" Expires      ") })
        #expect(lines.contains { $0.contains("┌─ Policy simulator") })
        for line in lines { #expect(CharacterWidth.of(line) <= 80, "\(line)") }
    }
}

extension CredentialsTests {
    @Test func aRoleCanBeAddedFromAPolicyFile() async throws {
        let fixture = try await Fixture()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("guests-\(UUID().uuidString).json")
        try #"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public/*"}}"#.write(
            to: file, atomically: true, encoding: .utf8)
        fixture.harness.press(.character("9"), .character("g"), .character("n"))
        #expect(fixture.harness.screen.contains("Add a role"))
        // The role name is offered from the credentials' role.
        fixture.harness.press(.down)
        fixture.harness.type(file.path)
        fixture.harness.press(.enter)
        #expect(fixture.harness.screen.contains("Stored role arn:aws:iam::000000000000:role/guests"))
        #expect(try await fixture.store.engine.role(arn: "arn:aws:iam::000000000000:role/guests")?.policies.count == 1)
        fixture.harness.press(.character("a"), .tab, .control("u"))
        fixture.harness.type("arn:aws:s3:::public/x")
        fixture.harness.press(.enter)
        #expect(fixture.model.decision?.allowed == true)
        // A file that is not a policy is refused in the form and nothing is stored.
        fixture.harness.press(.escape, .character("n"), .control("u"))
        fixture.harness.type("broken")
        fixture.harness.press(.down)
        fixture.harness.type("/nonexistent/policy.json")
        fixture.harness.press(.enter)
        #expect(fixture.harness.screen.contains("InvalidParameterException: Cannot read the policy file"))
        #expect(try await fixture.store.engine.role(arn: "arn:aws:iam::000000000000:role/broken") == nil)
    }
}

/// The demo pool comes with an identity pool whose rule gives admins their own role.
@Suite struct DemoIdentityPoolTests {
    @Test func anAdminSignedInOnTheHostedScreenGetsTheAdminRoleByRule() async throws {
        let store = try TestStore()
        let seeded = try await DemoSeeder(engine: store.engine).seed(DemoSeeder.Options(users: 10, identityPool: true))
        #expect(seeded.identityPoolId != nil)
        #expect(Set(try await store.engine.roles().map(\.name)) == ["demo-users", "demo-admins", "demo-guests"])
        let harness = Harness(store: store)
        // alice is in admins; sign her in on the hosted sign-in screen (password flow).
        harness.press(.character("5"), .down, .right, .enter)
        harness.type("alice")
        harness.press(.tab)
        harness.type(DemoSeeder.demoPassword)
        harness.press(.enter)
        #expect(harness.screen.contains("Signed in as alice"))
        harness.press(.control("p"))
        harness.type("credentials")
        harness.press(.enter, .character("s"))
        let screen = harness.screen
        #expect(screen.contains("credentials for role demo-admins"))
        #expect(screen.contains("Because      rule 1: cognito:groups Contains \"admins\""))
        #expect(screen.contains("1 identity"))
        harness.press(.character("a"), .enter)
        #expect(harness.screen.contains("Allow: statement 1 (\"AllPhotos\") of policy photos"))
        // A guest gets the guest role, which only reads the public folder.
        harness.press(.escape, .character("g"), .character("a"), .enter)
        #expect(harness.screen.contains("Deny: no statement allows it (implicit deny)"))
        harness.press(.tab, .control("u"))
        harness.type("arn:aws:s3:::photos/public/cat.jpg")
        harness.press(.enter)
        #expect(harness.screen.contains("Allow: statement 1 (\"PublicPhotos\") of policy photos"))
    }
}
