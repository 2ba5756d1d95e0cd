import Foundation
import SigilCore
import SigilCrypto
import SigilJSON
import Testing

/// A pool with an app client, and helpers that sign users in as real clients do.
struct AuthFixture {
    let test: TestEngine
    let poolId: String
    let clientId: String
    let clientSecret: String?
    var engine: Engine { test.engine }
    var clock: ManualClock { test.clock }

    static let password = "Corr3ct-Horse!"

    init(
        pool: CreateUserPoolRequest = CreateUserPoolRequest(poolName: "auth", autoVerifiedAttributes: [.email]),
        flows: [ExplicitAuthFlowsType] = [.allowUserPasswordAuth, .allowUserSrpAuth, .allowRefreshTokenAuth, .allowAdminUserPasswordAuth],
        secret: Bool = false, prevent: PreventUserExistenceErrorTypes? = nil
    ) async throws {
        test = try TestEngine()
        poolId = try await test.pool(pool)
        let client = try await test.engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: poolId, clientName: "app", generateSecret: secret, explicitAuthFlows: flows, preventUserExistenceErrors: prevent)
        ).userPoolClient!
        clientId = client.clientId!
        clientSecret = client.clientSecret
    }

    func secretHash(_ username: String) -> String? {
        clientSecret.map { Engine.secretHash(username: username, clientId: clientId, clientSecret: $0) }
    }

    /// A confirmed user with a verified email and the fixture's password.
    @discardableResult
    func confirmedUser(_ username: String, email: String? = nil, attributes: [String: String] = [:]) async throws -> UserType {
        var all = attributes
        all["email"] = email ?? "\(username)@example.com"
        all["email_verified"] = "true"
        let user = try await test.user(username, in: poolId, attributes: all)
        _ = try await engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: username, password: Self.password, permanent: true))
        return user
    }

    func passwordAuth(_ username: String, _ password: String = AuthFixture.password, context: RequestOrigin = RequestOrigin()) async throws
        -> InitiateAuthResponse
    {
        var parameters = ["USERNAME": username, "PASSWORD": password]
        parameters["SECRET_HASH"] = secretHash(username)
        return try await engine.initiateAuth(
            InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: parameters, clientId: clientId), context: context)
    }

    func tokens(_ username: String, _ password: String = AuthFixture.password) async throws -> AuthenticationResultType {
        try #require(try await passwordAuth(username, password).authenticationResult)
    }

    /// USER_SRP_AUTH then PASSWORD_VERIFIER, computed as pycognito computes it.
    func srpAuth(_ username: String, _ password: String = AuthFixture.password, timestamp: String? = nil) async throws
        -> RespondToAuthChallengeResponse
    {
        let srp = try SRPClient()
        var parameters = ["USERNAME": username, "SRP_A": SRP.hexString(srp.publicValue)]
        parameters["SECRET_HASH"] = secretHash(username)
        let challenge = try await engine.initiateAuth(InitiateAuthRequest(authFlow: .userSrpAuth, authParameters: parameters, clientId: clientId))
        #expect(challenge.challengeName == .passwordVerifier)
        #expect(challenge.session == nil)
        return try await answerVerifier(challenge.challengeParameters ?? [:], client: srp, password: password, timestamp: timestamp)
    }

    func answerVerifier(_ parameters: [String: String], client srp: SRPClient, password: String, timestamp: String? = nil) async throws
        -> RespondToAuthChallengeResponse
    {
        let userId = try #require(parameters["USER_ID_FOR_SRP"])
        let block = try #require(parameters["SECRET_BLOCK"])
        let stamp = timestamp ?? CognitoTimestamp.format(clock.now)
        let signature = try srp.passwordClaimSignature(
            serverPublicValue: try SRP.parseHex(try #require(parameters["SRP_B"])), salt: try SRP.parseHex(try #require(parameters["SALT"])),
            identity: try SRPIdentity.user(poolId: poolId, userIdForSRP: userId), password: password,
            secretBlock: [UInt8](try #require(Data(base64Encoded: block))), timestamp: stamp)
        var responses = [
            "USERNAME": userId, "PASSWORD_CLAIM_SECRET_BLOCK": block, "PASSWORD_CLAIM_SIGNATURE": signature, "TIMESTAMP": stamp,
        ]
        responses["SECRET_HASH"] = secretHash(userId)
        return try await engine.respondToAuthChallenge(
            RespondToAuthChallengeRequest(clientId: clientId, challengeName: .passwordVerifier, challengeResponses: responses))
    }

    func respond(_ challenge: ChallengeNameType, session: String?, _ responses: [String: String]) async throws -> RespondToAuthChallengeResponse {
        var all = responses
        if let username = responses["USERNAME"] { all["SECRET_HASH"] = secretHash(username) }
        return try await engine.respondToAuthChallenge(
            RespondToAuthChallengeRequest(clientId: clientId, challengeName: challenge, session: session, challengeResponses: all))
    }

    /// The claims of a token, after checking its signature against the pool's JWKS.
    func verified(_ token: String?, use: String) async throws -> [String: JSONValue] {
        let jwks = try await engine.jwks(poolId: poolId)
        var keys: [String: RSAKey] = [:]
        for key in jwks["keys"]?.arrayValue ?? [] {
            keys[key["kid"]?.stringValue ?? ""] = try RSAKey(jwk: key.objectValue ?? [:])
        }
        return try JWTValidator(keys: keys, issuer: engine.issuer(poolId: poolId), tokenUse: use)
            .validate(try #require(token), now: clock.now)
    }

    func lastCode(_ username: String) async throws -> String {
        try #require(try await engine.outboxMessages(poolId: poolId, username: username).first?.code)
    }
}
