import Foundation
import SigilCrypto
import SigilJSON

/// CUSTOM_AUTH: a sign-in whose steps the pool's DefineAuthChallenge handler chooses.
/// Each round it sees the challenges so far with their results and answers with the
/// next one (CUSTOM_CHALLENGE, or PASSWORD_VERIFIER after an SRP_A), tokens, or failure.
/// CreateAuthChallenge writes a custom challenge and VerifyAuthChallengeResponse checks
/// its answer. Handlers run between store transactions, never inside one.
extension Engine {
    static let customAuthNotConfigured = "Custom auth lambda trigger is not configured for the user pool."

    /// InitiateAuth with CUSTOM_AUTH. With `SRP_A` the session begins with SRP_A passed,
    /// so DefineAuthChallenge may ask for the password (PASSWORD_VERIFIER) first.
    func startCustomAuth(
        _ parameters: [String: String], found: UserRecord?, pool: StoredPool, client: UserPoolClientType, context: RequestOrigin,
        metadata: [String: String]?
    ) async throws -> AuthStep {
        guard pool.pool.lambdaConfig?.defineAuthChallenge != nil else { throw CognitoError.invalidParameter(Self.customAuthNotConfigured) }
        let typed = try Self.require("USERNAME", in: parameters)
        try checkSecretHash(parameters["SECRET_HASH"], client: client, usernames: [typed] + (found.map { [$0.username] } ?? []))
        var state = AuthSessionState()
        state.typedUsername = typed
        state.flow = AuthFlowType.customAuth.rawValue
        state.eventId = context.requestId
        state.deviceKey = context.deviceKey
        if let found {
            try checkCanSignIn(found, client: client)
        } else {
            guard hidesUserExistence(client) else { throw CognitoError.userNotFound }
            // The handlers are told (userNotFound) and the sign-in fails at its end.
            state.phantom = true
        }
        if let srpA = parameters["SRP_A"], !srpA.isEmpty {
            guard let value = try? SRP.parseHex(srpA), !value.isEmpty else {
                throw CognitoError.invalidParameter("SRP_A is not a hexadecimal number.")
            }
            state.srpClientPublic = srpA
            state.customSession = [Self.challengeResult("SRP_A", passed: true)]
        }
        return try await nextCustomStep(state, user: found, pool: pool, client: client, context: context, metadata: metadata)
    }

    /// One round: DefineAuthChallenge decides, then the next challenge is issued, tokens
    /// are, or the sign-in fails.
    func nextCustomStep(
        _ state: AuthSessionState, user: UserRecord?, pool: StoredPool, client: UserPoolClientType, context: RequestOrigin,
        metadata: [String: String]?
    ) async throws -> AuthStep {
        guard let arn = pool.pool.lambdaConfig?.defineAuthChallenge else { throw CognitoError.invalidParameter(Self.customAuthNotConfigured) }
        var request = customRequest(state, user: user, client: client)
        request["session"] = .array(state.customSession)
        let defined = try await runTrigger(
            "DefineAuthChallenge", arn: arn,
            event: customEvent(
                "DefineAuthChallenge_Authentication", state: state, user: user, pool: pool, client: client, request: request,
                response: ["challengeName": .null, "issueTokens": false, "failAuthentication": false], metadata: metadata))
        let fail = try Self.triggerFlag(defined, "failAuthentication")
        let issue = try Self.triggerFlag(defined, "issueTokens")
        if fail || (issue && user == nil) {
            return try await failCustomAuth(state, user: user, pool: pool, client: client, context: context)
        }
        if issue, let user {
            return try await write { writer in
                guard var current = try await writer.user(id: user.id ?? 0) else { throw CognitoError.notAuthorized("Invalid session for the user.") }
                try checkCanSignIn(current, client: client)
                let before = current.security
                recordSuccessfulSignIn(&current)
                if current.security != before { try await writer.updateUser(current) }
                return try await completeSignIn(current, pool: pool, client: client, state: state, context: context, writer: writer)
            }
        }
        switch defined["challengeName"] {
        case .string(ChallengeNameType.customChallenge.rawValue)?:
            return try await createCustomChallenge(state, user: user, pool: pool, client: client, metadata: metadata)
        case .string(ChallengeNameType.passwordVerifier.rawValue)? where state.srpClientPublic != nil:
            return try await srpChallenge(typed: state.typedUsername ?? "", found: user, pool: pool, client: client, state: state)
        case .string(ChallengeNameType.passwordVerifier.rawValue)?:
            throw CognitoError.invalidParameter("PASSWORD_VERIFIER needs SRP_A in the AuthParameters of InitiateAuth.")
        default:
            throw CognitoError(.invalidLambdaResponseException, "Unrecognizable lambda output")
        }
    }

    /// CreateAuthChallenge writes the challenge: its public parameters go to the client
    /// (with USERNAME), its private ones and metadata stay in the session.
    private func createCustomChallenge(
        _ state: AuthSessionState, user: UserRecord?, pool: StoredPool, client: UserPoolClientType, metadata: [String: String]?
    ) async throws -> AuthStep {
        guard let arn = pool.pool.lambdaConfig?.createAuthChallenge else { throw CognitoError.invalidParameter(Self.customAuthNotConfigured) }
        var request = customRequest(state, user: user, client: client)
        request["challengeName"] = .string(ChallengeNameType.customChallenge.rawValue)
        request["session"] = .array(state.customSession)
        let created = try await runTrigger(
            "CreateAuthChallenge", arn: arn,
            event: customEvent(
                "CreateAuthChallenge_Authentication", state: state, user: user, pool: pool, client: client, request: request,
                response: ["publicChallengeParameters": .null, "privateChallengeParameters": .null, "challengeMetadata": .null],
                metadata: metadata))
        var parameters = try Self.challengeStrings(created["publicChallengeParameters"])
        let hidden = try Self.challengeStrings(created["privateChallengeParameters"])
        let challengeMetadata = created["challengeMetadata"]
        guard challengeMetadata == nil || challengeMetadata == .null || challengeMetadata?.stringValue != nil else {
            throw CognitoError(.invalidLambdaResponseException, "Unrecognizable lambda output")
        }
        var next = state
        next.privateChallenge = [
            "privateChallengeParameters": .object(hidden.mapValues(JSONValue.string)), "challengeMetadata": challengeMetadata ?? .null,
        ]
        let username = user?.username ?? state.typedUsername ?? ""
        parameters["USERNAME"] = username
        let session = try await write { writer in
            try await openSession(
                challenge: ChallengeNameType.customChallenge.rawValue, user: user, pool: pool, client: client, state: next, writer: writer)
        }
        return AuthStep(challengeName: .customChallenge, session: session, challengeParameters: parameters)
    }

    /// CUSTOM_CHALLENGE's answer (`ANSWER`), checked by VerifyAuthChallengeResponse; the
    /// result joins the session and DefineAuthChallenge decides what follows.
    func answerCustomChallenge(
        _ responses: [String: String], session: AuthSessionRecord, user: UserRecord?, pool: StoredPool, client: UserPoolClientType,
        context: RequestOrigin, metadata: [String: String]?
    ) async throws -> AuthStep {
        let answer = try Self.require("ANSWER", in: responses)
        guard let arn = pool.pool.lambdaConfig?.verifyAuthChallengeResponse else {
            throw CognitoError.invalidParameter(Self.customAuthNotConfigured)
        }
        try await spendOnce(session)
        var state = session.state
        let pending = state.privateChallenge
        var request = customRequest(state, user: user, client: client)
        request["privateChallengeParameters"] = pending?["privateChallengeParameters"] ?? [:]
        request["challengeAnswer"] = .string(answer)
        let verified = try await runTrigger(
            "VerifyAuthChallengeResponse", arn: arn,
            event: customEvent(
                "VerifyAuthChallengeResponse_Authentication", state: state, user: user, pool: pool, client: client, request: request,
                response: ["answerCorrect": false], metadata: metadata))
        let correct = try Self.triggerFlag(verified, "answerCorrect")
        var result = Self.challengeResult(ChallengeNameType.customChallenge.rawValue, passed: correct && user != nil)
        if let challengeMetadata = pending?["challengeMetadata"], challengeMetadata != .null {
            result = .object((result.objectValue ?? [:]).merging(["challengeMetadata": challengeMetadata]) { $1 })
        }
        state.customSession.append(result)
        state.privateChallenge = nil
        return try await nextCustomStep(state, user: user, pool: pool, client: client, context: context, metadata: metadata)
    }

    /// PASSWORD_VERIFIER inside CUSTOM_AUTH: the result counts as for any password (a
    /// wrong one towards lockout) and joins the session; DefineAuthChallenge goes on.
    func customPasswordVerified(
        _ proven: Bool, session: AuthSessionRecord, user: UserRecord?, pool: StoredPool, client: UserPoolClientType, context: RequestOrigin,
        metadata: [String: String]?
    ) async throws -> AuthStep {
        var state = session.state
        let current = try await write { writer -> UserRecord? in
            try await spend(session, writer: writer)
            guard !state.phantom, var current = try await writer.user(id: session.userId) else { return nil }
            try checkLockout(current)
            if proven { recordSuccessfulSignIn(&current) } else { recordFailedSignIn(&current) }
            try await writer.updateUser(current)
            return current
        }
        let passed = proven && current != nil
        state.customSession.append(Self.challengeResult(ChallengeNameType.passwordVerifier.rawValue, passed: passed))
        if passed { state.passed.append("PASSWORD") }
        state.srpPrivate = nil
        state.srpPublic = nil
        return try await nextCustomStep(state, user: current ?? user, pool: pool, client: client, context: context, metadata: metadata)
    }

    /// DefineAuthChallenge failed the sign-in: a failed sign-in of the user (towards
    /// lockout), refused as a wrong password is.
    private func failCustomAuth(
        _ state: AuthSessionState, user: UserRecord?, pool: StoredPool, client: UserPoolClientType, context: RequestOrigin
    ) async throws -> AuthStep {
        try await write { writer in
            guard let id = user?.id, var current = try await writer.user(id: id) else {
                try await recordUnknownUser(state.typedUsername ?? "", pool: pool, client: client, context: context, writer: writer)
                return
            }
            recordFailedSignIn(&current)
            try await writer.updateUser(current)
            try await recordEvent(
                .signIn, response: .fail, user: current, username: current.username, pool: pool, clientId: client.clientId,
                context: context, eventId: state.eventId, detail: "DefineAuthChallenge failed the sign-in.", writer: writer)
        }
        throw CognitoError.notAuthorized("Incorrect username or password.")
    }

    /// Marks a session spent, refusing one another request spent first.
    private func spendOnce(_ session: AuthSessionRecord) async throws {
        try await write { writer in
            guard let current = try await writer.authSession(hash: session.handleHash), !current.used else {
                throw CognitoError.notAuthorized("Invalid session for the user, session can only be used once.")
            }
            try await spend(session, writer: writer)
        }
    }

    /// The request fields all three challenge triggers share.
    private func customRequest(_ state: AuthSessionState, user: UserRecord?, client: UserPoolClientType) -> [String: JSONValue] {
        var request: [String: JSONValue] = ["userAttributes": user.map(triggerAttributes) ?? [:]]
        if hidesUserExistence(client) { request["userNotFound"] = .bool(user == nil) }
        return request
    }

    private func customEvent(
        _ source: String, state: AuthSessionState, user: UserRecord?, pool: StoredPool, client: UserPoolClientType,
        request: [String: JSONValue], response: [String: JSONValue], metadata: [String: String]?
    ) -> JSONValue {
        triggerEvent(
            source, pool: pool, username: user?.username ?? state.typedUsername ?? "", clientId: client.clientId, request: request,
            response: response, metadata: metadata)
    }

    /// One entry of the session DefineAuthChallenge sees.
    static func challengeResult(_ name: String, passed: Bool) -> JSONValue {
        ["challengeName": .string(name), "challengeResult": .bool(passed)]
    }

    /// Challenge parameters as strings: numbers and booleans are written out, anything
    /// else is not a parameter.
    static func challengeStrings(_ value: JSONValue?) throws -> [String: String] {
        guard let value, value != .null else { return [:] }
        guard let object = value.objectValue else { throw CognitoError(.invalidLambdaResponseException, "Unrecognizable lambda output") }
        return try object.mapValues { member in
            switch member {
            case .string(let text): return text
            case .bool(let flag): return flag ? "true" : "false"
            case .int(let number): return String(number)
            case .double(let number): return String(number)
            default: throw CognitoError(.invalidLambdaResponseException, "Unrecognizable lambda output")
            }
        }
    }
}
