import Foundation
import SigilCore
import SigilCrypto

/// The app client and the request context a hosted sign-in runs with.
public struct SignInClient: Sendable, Equatable {
    public var poolId: String
    public var poolName: String
    public var clientId: String
    public var clientName: String
    public var clientSecret: String?
    public var flows: [ExplicitAuthFlowsType]
    /// Whether users sign up with their email as username.
    public var emailUsername: Bool

    /// Whether the client lets users sign in with SRP (the default when it lists no flows).
    public var allowsSRP: Bool { flows.isEmpty || flows.contains(.allowUserSrpAuth) }
    public var allowsPassword: Bool { flows.contains(.allowUserPasswordAuth) }
    public var allowsCustom: Bool { flows.isEmpty || flows.contains(.allowCustomAuth) }

    func secretHash(_ username: String) -> String? {
        clientSecret.map { Engine.secretHash(username: username, clientId: clientId, clientSecret: $0) }
    }

    /// The app clients of a pool, with their secrets (the console is the operator).
    static func all(_ engine: any ConsoleBackend, poolId: String) async throws -> [SignInClient] {
        let pool = try await engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool
        return try await AppClientList.all(engine, poolId: poolId).compactMap { client in
            guard let id = client.clientId else { return nil }
            return SignInClient(
                poolId: poolId, poolName: pool?.name ?? poolId, clientId: id, clientName: client.clientName ?? id,
                clientSecret: client.clientSecret, flows: client.explicitAuthFlows ?? [],
                emailUsername: pool?.usernameAttributes?.contains(.email) ?? false)
        }
    }
}

/// Where a step of a hosted sign-in leads.
public enum SignInStep: Sendable, Equatable {
    case challenge(ChallengeNameType, session: String?, parameters: [String: String], username: String)
    case signedIn(AuthenticationResultType, username: String)
    case signedUp(username: String, confirmed: Bool, destination: String?)
    case codeSent(username: String, destination: String?)
    case confirmed(username: String)
    case passwordChanged(username: String)
    case totpSecret(String, session: String?, username: String)
    /// Managed login sent the browser back to the app (with a code, or an error).
    case redirected(String)
}

/// The engine calls behind each page of the hosted sign-in, made as an app would make
/// them (SRP computed as Amplify and pycognito compute it).
enum SignInFlows {
    static func signIn(_ engine: any ConsoleBackend, _ client: SignInClient, srp: Bool, username: String, password: String, origin: RequestOrigin)
        async throws -> SignInStep
    {
        guard srp else {
            var parameters = ["USERNAME": username, "PASSWORD": password]
            parameters["SECRET_HASH"] = client.secretHash(username)
            let response = try await engine.initiateAuth(
                InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: parameters, clientId: client.clientId), context: origin)
            return step(response.challengeName, response.session, response.challengeParameters, response.authenticationResult, username)
        }
        let srpClient = try SRPClient()
        var parameters = ["USERNAME": username, "SRP_A": SRP.hexString(srpClient.publicValue)]
        parameters["SECRET_HASH"] = client.secretHash(username)
        let challenge = try await engine.initiateAuth(
            InitiateAuthRequest(authFlow: .userSrpAuth, authParameters: parameters, clientId: client.clientId), context: origin)
        return try await proveSRP(engine, client, srpClient, challenge, username: username, password: password, origin: origin)
    }

    /// CUSTOM_AUTH as Amplify starts it: with a password, SRP first (SRP_A, then the
    /// PASSWORD_VERIFIER the pool's DefineAuthChallenge asks for); without one, straight
    /// to the custom challenges.
    static func customSignIn(_ engine: any ConsoleBackend, _ client: SignInClient, username: String, password: String, origin: RequestOrigin)
        async throws -> SignInStep
    {
        var parameters = ["USERNAME": username]
        parameters["SECRET_HASH"] = client.secretHash(username)
        let srpClient = password.isEmpty ? nil : try SRPClient()
        if let srpClient {
            parameters["SRP_A"] = SRP.hexString(srpClient.publicValue)
            parameters["CHALLENGE_NAME"] = "SRP_A"
        }
        let challenge = try await engine.initiateAuth(
            InitiateAuthRequest(authFlow: .customAuth, authParameters: parameters, clientId: client.clientId), context: origin)
        guard let srpClient else {
            return step(challenge.challengeName, challenge.session, challenge.challengeParameters, challenge.authenticationResult, username)
        }
        return try await proveSRP(engine, client, srpClient, challenge, username: username, password: password, origin: origin)
    }

    /// Answers PASSWORD_VERIFIER with the password's proof; any other step is passed on.
    private static func proveSRP(
        _ engine: any ConsoleBackend, _ client: SignInClient, _ srpClient: SRPClient, _ challenge: InitiateAuthResponse, username: String,
        password: String, origin: RequestOrigin
    ) async throws -> SignInStep {
        guard challenge.challengeName == .passwordVerifier, let values = challenge.challengeParameters,
            let userId = values["USER_ID_FOR_SRP"], let block = values["SECRET_BLOCK"], let serverB = values["SRP_B"],
            let salt = values["SALT"]
        else {
            return step(challenge.challengeName, challenge.session, challenge.challengeParameters, challenge.authenticationResult, username)
        }
        // Cognito's SECRET_BLOCK is base64; some emulators send a plain id (and check nothing).
        let blockBytes = Data(base64Encoded: block) ?? Data(block.utf8)
        let timestamp = CognitoTimestamp.format(engine.now)
        let signature = try srpClient.passwordClaimSignature(
            serverPublicValue: try SRP.parseHex(serverB), salt: try SRP.parseHex(salt),
            identity: try SRPIdentity.user(poolId: client.poolId, userIdForSRP: userId), password: password,
            secretBlock: [UInt8](blockBytes), timestamp: timestamp)
        // The pool's own name for the user (Cognito gives it as USERNAME; it is USER_ID_FOR_SRP there too).
        let name = values["USERNAME"] ?? userId
        var responses = ["USERNAME": name, "PASSWORD_CLAIM_SECRET_BLOCK": block, "PASSWORD_CLAIM_SIGNATURE": signature, "TIMESTAMP": timestamp]
        responses["SECRET_HASH"] = client.secretHash(name)
        let response = try await engine.respondToAuthChallenge(
            RespondToAuthChallengeRequest(
                clientId: client.clientId, challengeName: .passwordVerifier, session: challenge.session, challengeResponses: responses),
            context: origin)
        return step(response.challengeName, response.session, response.challengeParameters, response.authenticationResult, name)
    }

    /// Answers a challenge; USERNAME and SECRET_HASH are added.
    static func respond(
        _ engine: any ConsoleBackend, _ client: SignInClient, _ challenge: ChallengeNameType, session: String?, username: String,
        answers: [String: String], origin: RequestOrigin
    ) async throws -> SignInStep {
        var responses = answers
        responses["USERNAME"] = username
        responses["SECRET_HASH"] = client.secretHash(username)
        let response = try await engine.respondToAuthChallenge(
            RespondToAuthChallengeRequest(clientId: client.clientId, challengeName: challenge, session: session, challengeResponses: responses),
            context: origin)
        return step(response.challengeName, response.session, response.challengeParameters, response.authenticationResult, username)
    }

    private static func step(
        _ name: ChallengeNameType?, _ session: String?, _ parameters: [String: String]?, _ result: AuthenticationResultType?,
        _ username: String
    ) -> SignInStep {
        if let result { return .signedIn(result, username: username) }
        let parameters = parameters ?? [:]
        return .challenge(name ?? .customChallenge, session: session, parameters: parameters, username: parameters["USERNAME"] ?? username)
    }

    static func signUp(_ engine: any ConsoleBackend, _ client: SignInClient, username: String, email: String, password: String, origin: RequestOrigin)
        async throws -> SignInStep
    {
        var attributes: [AttributeType] = []
        let address = client.emailUsername ? username : email
        if !address.isEmpty { attributes.append(AttributeType(name: "email", value: address)) }
        let response = try await engine.signUp(
            SignUpRequest(
                clientId: client.clientId, secretHash: client.secretHash(username), username: username, password: password,
                userAttributes: attributes),
            context: origin)
        return .signedUp(username: username, confirmed: response.userConfirmed, destination: response.codeDeliveryDetails?.destination)
    }

    static func confirmSignUp(_ engine: any ConsoleBackend, _ client: SignInClient, username: String, code: String, origin: RequestOrigin)
        async throws
        -> SignInStep
    {
        _ = try await engine.confirmSignUp(
            ConfirmSignUpRequest(clientId: client.clientId, secretHash: client.secretHash(username), username: username, confirmationCode: code),
            context: origin)
        return .confirmed(username: username)
    }

    static func resend(_ engine: any ConsoleBackend, _ client: SignInClient, username: String, origin: RequestOrigin) async throws -> SignInStep {
        let response = try await engine.resendConfirmationCode(
            ResendConfirmationCodeRequest(clientId: client.clientId, secretHash: client.secretHash(username), username: username),
            context: origin)
        return .codeSent(username: username, destination: response.codeDeliveryDetails?.destination)
    }

    static func forgotPassword(_ engine: any ConsoleBackend, _ client: SignInClient, username: String, origin: RequestOrigin) async throws
        -> SignInStep
    {
        let response = try await engine.forgotPassword(
            ForgotPasswordRequest(clientId: client.clientId, secretHash: client.secretHash(username), username: username), context: origin)
        return .codeSent(username: username, destination: response.codeDeliveryDetails?.destination)
    }

    static func confirmForgotPassword(
        _ engine: any ConsoleBackend, _ client: SignInClient, username: String, code: String, password: String, origin: RequestOrigin
    ) async throws -> SignInStep {
        _ = try await engine.confirmForgotPassword(
            ConfirmForgotPasswordRequest(
                clientId: client.clientId, secretHash: client.secretHash(username), username: username, confirmationCode: code,
                password: password),
            context: origin)
        return .passwordChanged(username: username)
    }

    /// MFA_SETUP, first half: a TOTP secret for the session.
    static func associate(_ engine: any ConsoleBackend, session: String?, username: String) async throws -> SignInStep {
        let response = try await engine.associateSoftwareToken(AssociateSoftwareTokenRequest(session: session))
        return .totpSecret(response.secretCode ?? "", session: response.session, username: username)
    }

    /// MFA_SETUP, second half: the code from the authenticator, then the challenge answer.
    static func verifyTOTP(
        _ engine: any ConsoleBackend, _ client: SignInClient, session: String?, username: String, code: String, origin: RequestOrigin
    )
        async throws -> SignInStep
    {
        let verified = try await engine.verifySoftwareToken(
            VerifySoftwareTokenRequest(session: session, userCode: code, friendlyDeviceName: "Sigil console"))
        return try await respond(engine, client, .mfaSetup, session: verified.session, username: username, answers: [:], origin: origin)
    }

    /// The last code the outbox holds for a user of the pool.
    static func lastCode(_ engine: any ConsoleBackend, poolId: String, username: String) async throws -> OutboxMessage? {
        try await engine.outboxMessages(poolId: poolId, username: username, limit: 10).first { $0.code != nil }
    }

    /// `otpauth://` with a short label, so the QR code stays small.
    static func provisioningURI(secret: String, username: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~@")
        let account = username.addingPercentEncoding(withAllowedCharacters: allowed) ?? username
        return "otpauth://totp/Sigil:\(account)?secret=\(secret)&issuer=Sigil"
    }
}
