import Foundation
import SigilCore
import SigilJSON
import Testing

@testable import SigilConsole

/// Answers trigger events in the process, as a quiz's three challenge handlers would:
/// the console's pages are under test here; real handlers run in the adapter tests.
struct QuizFunctions: FunctionRunner {
    func invoke(_ mapping: FunctionMapping, event: JSONValue, timeout: Duration) async throws(FunctionFailure) -> FunctionAnswer {
        guard case .object(var fields) = event, case .object(var response)? = fields["response"] else { throw .badResponse("no event") }
        let session = event["request"]?["session"]?.arrayValue ?? []
        switch event["triggerSource"]?.stringValue {
        case "DefineAuthChallenge_Authentication":
            if session.last?["challengeResult"] == true {
                response["issueTokens"] = true
            } else {
                response["challengeName"] = "CUSTOM_CHALLENGE"
            }
        case "CreateAuthChallenge_Authentication":
            response["publicChallengeParameters"] = ["question": "What is 6 x 7?"]
            response["privateChallengeParameters"] = ["answer": "42"]
        default:
            response["answerCorrect"] = .bool(event["request"]?["challengeAnswer"] == "42")
        }
        fields["response"] = .object(response)
        return FunctionAnswer(.object(fields))
    }
}

@Suite struct CustomChallengeTests {
    @Test func theHostedSignInShowsTheHandlersQuestionAndTakesTheAnswer() async throws {
        let store = try TestStore(functions: QuizFunctions())
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:quiz"
        try await store.engine.mapFunction(arn: arn, handler: nil, runtime: nil, invokeEndpoint: "http://127.0.0.1:9")
        let poolId = try await store.engine.createUserPool(
            CreateUserPoolRequest(
                poolName: "quiz", lambdaConfig: LambdaConfigType(defineAuthChallenge: arn, createAuthChallenge: arn, verifyAuthChallengeResponse: arn)
            )
        ).userPool!.id!
        _ = try await store.engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: poolId, clientName: "web", explicitAuthFlows: [.allowCustomAuth, .allowRefreshTokenAuth]))
        try await store.user("quinn", in: poolId)
        _ = try await store.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "quinn", password: "Passw0rd!q", permanent: true))
        let harness = Harness(store: store)
        harness.press(.character("5"))
        // Setup: the fourth sign-in flow is CUSTOM_AUTH.
        harness.press(.down, .right, .right, .right, .enter)
        #expect(harness.model.signIn.useCustomAuth)
        harness.type("quinn")
        harness.press(.enter)
        guard case .customChallenge(let username, _, let parameters) = harness.model.signIn.page else {
            Issue.record("expected a custom challenge, got \(harness.model.signIn.page); \(harness.model.signIn.error ?? "")")
            return
        }
        #expect(username == "quinn" && parameters["question"] == "What is 6 x 7?")
        #expect(harness.screen.contains("Custom challenge") && harness.screen.contains("question: What is 6 x 7?"))
        harness.type("41")
        harness.press(.enter)
        #expect(harness.model.signIn.page != .tokens)
        harness.type("42")
        harness.press(.enter)
        #expect(harness.model.signIn.page == .tokens, "\(harness.model.signIn.error ?? "")")
        #expect(harness.screen.contains("Signed in as quinn"))
    }
}
