import Foundation
import SigilCore
import SigilJSON
import Testing

@testable import SigilConsole

/// A PreSignUp function answered in the process: confirms everyone but names starting
/// with "bad" (the console's screen is under test; real handlers run in the adapter tests).
struct ConfirmingFunctions: FunctionRunner {
    func invoke(_ mapping: FunctionMapping, event: JSONValue, timeout: Duration) async throws(FunctionFailure) -> FunctionAnswer {
        if event["userName"]?.stringValue?.hasPrefix("bad") == true { throw .handled(type: "Exception", message: "Closed to you") }
        guard case .object(var fields) = event else { throw .badResponse("no event") }
        fields["response"] = ["autoConfirmUser": true]
        return FunctionAnswer(.object(fields), coldStart: true)
    }
}

@Suite struct FunctionsScreenTests {
    @Test func theLogShowsRunsLiveOpensTheirJSONAndRunsThemAgain() async throws {
        let store = try TestStore(functions: ConfirmingFunctions())
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:confirm"
        try await store.engine.mapFunction(arn: arn, handler: nil, runtime: nil, invokeEndpoint: "http://127.0.0.1:9")
        let poolId = try await store.engine.createUserPool(CreateUserPoolRequest(poolName: "shop", lambdaConfig: LambdaConfigType(preSignUp: arn)))
            .userPool!.id!
        let clientId = try await store.engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: poolId, clientName: "web"))
            .userPoolClient!.clientId!
        let harness = Harness(store: store)
        harness.press(.character("0"))
        #expect(harness.screen.contains("1 function mapped · 0 runs"))
        #expect(harness.screen.contains("No trigger has run yet"))
        _ = try await store.engine.signUp(SignUpRequest(clientId: clientId, username: "ann", password: "Passw0rd!"))
        await #expect(throws: CognitoError.self) {
            _ = try await store.engine.signUp(SignUpRequest(clientId: clientId, username: "bad-bob", password: "Passw0rd!"))
        }
        // The live log keeps the selection on the run it was on (ann's); move up to the refusal.
        harness.press(.control("r"), .up)
        let screen = harness.screen
        #expect(screen.contains("2 runs (1 failed)"))
        #expect(screen.contains("PreSignUp_SignUp") && screen.contains("bad-bob") && screen.contains("refused"))
        #expect(screen.contains("UserLambdaValidationException: PreSignUp failed with error Closed to you."))
        harness.press(.enter)
        #expect(harness.model.functions.pane == .event)
        #expect(harness.screen.contains("Event sent to \(arn)") && harness.screen.contains("\"userName\": \"bad-bob\""))
        harness.press(.character("r"))
        #expect(harness.model.functions.invocations.count == 3)
        harness.press(.escape, .character("f"))
        #expect(harness.model.functions.shown.allSatisfy { !$0.succeeded } && harness.model.functions.shown.count == 2)
    }
}
