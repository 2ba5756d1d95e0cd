import Foundation
import SigilAdapters
import SigilCore
import SigilJSON
import SigilStore
import Testing

/// CUSTOM_AUTH through real Define, Create and VerifyAuthChallenge handlers (Python),
/// run by Sigil's bootstrap: a question the user must answer in three tries.
@Suite(.serialized) struct CustomAuthTests {
    static let arn = "arn:aws:lambda:us-east-1:123456789012:function:quiz"
    let engine: Engine
    let runner: LocalFunctionRunner
    let folder: URL
    let log: URL

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-custom-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        log = folder.appendingPathComponent("events.jsonl")
        runner = LocalFunctionRunner(logDirectory: folder.appendingPathComponent("functions"))
        engine = try Engine(
            store: try SQLiteStore(path: folder.appendingPathComponent("test.db").path),
            configuration: EngineConfiguration(atRestKey: Array(repeating: 5, count: 32), functions: runner))
        let handler = folder.appendingPathComponent("quiz.py")
        try """
        import json
        def handler(event, context):
            source, request, response = event["triggerSource"], event["request"], event["response"]
            if source == "DefineAuthChallenge_Authentication":
                session = request["session"]
                if session and session[-1]["challengeResult"]:
                    response["issueTokens"] = True
                elif len(session) >= 3:
                    response["failAuthentication"] = True
                else:
                    response["challengeName"] = "CUSTOM_CHALLENGE"
            elif source == "CreateAuthChallenge_Authentication":
                attempt = len(request["session"]) + 1
                response["publicChallengeParameters"] = {"question": "What is 6 x 7?", "attempt": attempt}
                response["privateChallengeParameters"] = {"answer": "42"}
                response["challengeMetadata"] = "QUESTION-%d" % attempt
            elif source == "VerifyAuthChallengeResponse_Authentication":
                response["answerCorrect"] = request["challengeAnswer"] == request["privateChallengeParameters"]["answer"]
            with open(\"\(log.path)\", "a") as out:
                out.write(json.dumps({"source": source, "user": event["userName"], "request": request}) + "\\n")
            return event
        """.write(to: handler, atomically: true, encoding: .utf8)
        try await engine.mapFunction(arn: Self.arn, handler: handler.path, runtime: nil, invokeEndpoint: nil)
    }

    func pool(hideUsers: Bool = false, triggers: Bool = true) async throws -> (pool: String, client: String) {
        let config =
            triggers ? LambdaConfigType(defineAuthChallenge: Self.arn, createAuthChallenge: Self.arn, verifyAuthChallengeResponse: Self.arn) : nil
        let pool = try await engine.createUserPool(
            CreateUserPoolRequest(poolName: "quiz", lambdaConfig: config, userPoolAddOns: UserPoolAddOnsType(advancedSecurityMode: .audit))
        ).userPool!.id!
        let client = try await engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: pool, clientName: "app", explicitAuthFlows: [.allowCustomAuth, .allowRefreshTokenAuth],
                preventUserExistenceErrors: hideUsers ? .enabled : .legacy)
        ).userPoolClient!.clientId!
        _ = try await engine.adminCreateUser(AdminCreateUserRequest(userPoolId: pool, username: "quinn", messageAction: .suppress))
        _ = try await engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: pool, username: "quinn", password: "Passw0rd!", permanent: true))
        return (pool, client)
    }

    func start(_ username: String, client: String) async throws -> InitiateAuthResponse {
        try await engine.initiateAuth(InitiateAuthRequest(authFlow: .customAuth, authParameters: ["USERNAME": username], clientId: client))
    }

    func answer(_ text: String, session: String?, client: String) async throws -> RespondToAuthChallengeResponse {
        try await engine.respondToAuthChallenge(
            RespondToAuthChallengeRequest(
                clientId: client, challengeName: .customChallenge, session: session, challengeResponses: ["USERNAME": "quinn", "ANSWER": text]))
    }

    func events() throws -> [JSONValue] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map { try JSONValue(json: Array($0.utf8)) }
    }

    func expectFailure(_ name: ExceptionName, _ message: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(name.rawValue)")
        } catch let error as CognitoError {
            #expect(error.name == name && error.message == message, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aWrongAnswerGetsAnotherTryAndTheRightOneTokens() async throws {
        let (_, client) = try await pool()
        let first = try await start("quinn", client: client)
        #expect(first.challengeName == .customChallenge)
        #expect(first.challengeParameters == ["question": "What is 6 x 7?", "attempt": "1", "USERNAME": "quinn"])
        let second = try await answer("41", session: first.session, client: client)
        #expect(second.challengeName == .customChallenge && second.challengeParameters?["attempt"] == "2")
        #expect(second.session != nil && second.session != first.session)
        // A session answers once.
        await expectFailure(.notAuthorizedException, "Invalid session for the user, session can only be used once.") {
            _ = try await answer("42", session: first.session, client: client)
        }
        let signedIn = try await answer("42", session: second.session, client: client)
        #expect(signedIn.authenticationResult?.idToken != nil && signedIn.challengeName == nil)
        // The last DefineAuthChallenge saw both answers, with the challenges' metadata.
        let define = try events().last { $0["source"] == "DefineAuthChallenge_Authentication" }
        #expect(
            define?["request"]?["session"]
                == [
                    ["challengeName": "CUSTOM_CHALLENGE", "challengeResult": false, "challengeMetadata": "QUESTION-1"],
                    ["challengeName": "CUSTOM_CHALLENGE", "challengeResult": true, "challengeMetadata": "QUESTION-2"],
                ])
        let verify = try events().last { $0["source"] == "VerifyAuthChallengeResponse_Authentication" }
        #expect(verify?["request"]?["privateChallengeParameters"] == ["answer": "42"] && verify?["request"]?["challengeAnswer"] == "42")
        #expect(verify?["request"]?["userNotFound"] == nil)
        await runner.stopAll()
    }

    @Test func threeWrongAnswersFailTheSignIn() async throws {
        let (pool, client) = try await pool()
        var session = try await start("quinn", client: client).session
        for _ in 0..<2 { session = try await answer("7", session: session, client: client).session }
        await expectFailure(.notAuthorizedException, "Incorrect username or password.") {
            _ = try await answer("7", session: session, client: client)
        }
        let events = try await engine.adminListUserAuthEvents(AdminListUserAuthEventsRequest(userPoolId: pool, username: "quinn"))
        #expect(events.authEvents?.first?.eventResponse == .fail)
        await runner.stopAll()
    }

    @Test func unknownUsersAndPoolsWithoutTheTriggers() async throws {
        let legacy = try await pool()
        await expectFailure(.userNotFoundException, "User does not exist.") { _ = try await start("nobody", client: legacy.client) }
        // Hiding users: the handlers are told, the challenge looks the same, and it fails at the end.
        let hidden = try await pool(hideUsers: true)
        let challenge = try await start("nobody", client: hidden.client)
        #expect(challenge.challengeName == .customChallenge && challenge.challengeParameters?["USERNAME"] == "nobody")
        await expectFailure(.notAuthorizedException, "Incorrect username or password.") {
            var session = challenge.session
            for _ in 0..<3 { session = try await answer("42", session: session, client: hidden.client).session }
        }
        let told = try events().filter { $0["user"] == "nobody" }.map { $0["request"]?["userNotFound"] }
        #expect(!told.isEmpty && told.allSatisfy { $0 == true })
        let plain = try await pool(triggers: false)
        await expectFailure(.invalidParameterException, "Custom auth lambda trigger is not configured for the user pool.") {
            _ = try await start("quinn", client: plain.client)
        }
        await runner.stopAll()
    }
}
