import Foundation
import SigilAdapters
import SigilCore
import SigilCrypto
import SigilStore
import Testing

/// PreSignUp handlers written as for Lambda, run unmodified by Sigil's Python and Node.js
/// bootstraps through the Runtime API.
@Suite(.serialized) struct LocalFunctionRunnerTests {
    static let arn = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up"
    let engine: Engine
    let runner: LocalFunctionRunner
    let folder: URL
    let poolId: String
    let clientId: String

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-functions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        runner = LocalFunctionRunner(logDirectory: folder.appendingPathComponent("functions"))
        engine = try Engine(
            store: try SQLiteStore(path: folder.appendingPathComponent("test.db").path),
            configuration: EngineConfiguration(atRestKey: Array(repeating: 3, count: 32), functions: runner))
        poolId = try await engine.createUserPool(
            CreateUserPoolRequest(poolName: "triggers", lambdaConfig: LambdaConfigType(preSignUp: Self.arn), autoVerifiedAttributes: [.email])
        ).userPool!.id!
        clientId = try await engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: poolId, clientName: "app")).userPoolClient!.clientId!
    }

    func handler(_ name: String, _ text: String) throws -> String {
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func signUp(_ username: String, email: String = "a@example.com", metadata: [String: String]? = nil) async throws -> SignUpResponse {
        try await engine.signUp(
            SignUpRequest(
                clientId: clientId, username: username, password: "Passw0rd!", userAttributes: [AttributeType(name: "email", value: email)],
                clientMetadata: metadata))
    }

    func expectFailure(_ name: ExceptionName, containing text: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(name.rawValue)")
        } catch let error as CognitoError {
            #expect(error.name == name && error.message.contains(text), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aPythonHandlerConfirmsAndVerifiesAndSeesTheEvent() async throws {
        let path = try handler(
            "confirm.py",
            """
            import os
            def handler(event, context):
                assert event["triggerSource"] == "PreSignUp_SignUp" and event["userName"].startswith("ann"), "source"
                assert event["request"]["userAttributes"]["email"] == event["userName"] + "@example.com", "attributes"
                assert event["request"]["clientMetadata"] == {"plan": "pro"}, repr(event["request"])
                assert os.environ["STAGE"] == "test", "environment"
                assert context.function_name == "pre-sign-up", "function name"
                assert context.get_remaining_time_in_millis() > 0, "remaining time"
                print("confirming " + event["userName"])
                event["response"]["autoConfirmUser"] = True
                event["response"]["autoVerifyEmail"] = True
                return event
            """)
        try await engine.mapFunction(arn: Self.arn, handler: path + ":handler", runtime: nil, invokeEndpoint: nil, environment: ["STAGE": "test"])
        let response = try await signUp("ann", email: "ann@example.com", metadata: ["plan": "pro"])
        #expect(response.userConfirmed && response.codeDeliveryDetails == nil)
        // What the handler prints goes to the function's log.
        let log = try String(contentsOf: folder.appendingPathComponent("functions/pre-sign-up.log"), encoding: .utf8)
        #expect(log.contains("confirming ann"))
        let user = try await engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "ann"))
        #expect(user.userStatus == .confirmed && user.userAttributes?.first { $0.name == "email_verified" }?.value == "true")
        // Warm: a second sign-up goes to the same worker.
        #expect(try await signUp("ann2", email: "ann2@example.com", metadata: ["plan": "pro"]).userConfirmed)
        await runner.stopAll()
    }

    @Test func aRefusalIsUserLambdaValidationExceptionAndCreatesNobody() async throws {
        let path = try handler("refuse.py", "def handler(event, context):\n    raise Exception('Sign-ups are closed')\n")
        try await engine.mapFunction(arn: Self.arn, handler: path, runtime: nil, invokeEndpoint: nil)
        await expectFailure(.userLambdaValidationException, containing: "PreSignUp failed with error Sign-ups are closed.") {
            _ = try await signUp("bob")
        }
        await expectFailure(.userNotFoundException, containing: "User does not exist") {
            _ = try await engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "bob"))
        }
        // AdminCreateUser asks PreSignUp too (PreSignUp_AdminCreateUser).
        await expectFailure(.userLambdaValidationException, containing: "PreSignUp failed with error Sign-ups are closed.") {
            _ = try await engine.adminCreateUser(AdminCreateUserRequest(userPoolId: poolId, username: "bob", messageAction: .suppress))
        }
        await runner.stopAll()
    }

    @Test func aNodeHandlerWithACallback() async throws {
        let path = try handler(
            "verify.mjs",
            """
            export const handler = (event, context, callback) => {
              event.response.autoConfirmUser = event.request.userAttributes.email.endsWith("@example.com");
              callback(null, event);
            };
            """)
        try await engine.mapFunction(arn: Self.arn, handler: path, runtime: nil, invokeEndpoint: nil)
        #expect(try await signUp("carol", email: "carol@example.com").userConfirmed)
        #expect(try await signUp("dave", email: "dave@elsewhere.test").userConfirmed == false)
        await runner.stopAll()
    }

    @Test func timeoutsBadAnswersAndUnmappedFunctions() async throws {
        await expectFailure(.unexpectedLambdaException, containing: "sigil function map \(Self.arn) --handler") { _ = try await signUp("erin") }
        let slow = try handler("slow.py", "import time\ndef handler(event, context):\n    time.sleep(30)\n    return event\n")
        try await engine.mapFunction(arn: Self.arn, handler: slow, runtime: nil, invokeEndpoint: nil, timeout: 1)
        await expectFailure(.unexpectedLambdaException, containing: "PreSignUp invocation failed due to error Socket timeout") {
            _ = try await signUp("erin")
        }
        let silent = try handler("silent.py", "def handler(event, context):\n    pass\n")
        try await engine.mapFunction(arn: Self.arn, handler: silent, runtime: nil, invokeEndpoint: nil)
        await expectFailure(.invalidLambdaResponseException, containing: "Invalid lambda function output : Invalid JSON") {
            _ = try await signUp("erin")
        }
        let bad = try handler("bad.py", "def handler(event, context):\n    return {'response': {'autoConfirmUser': 'yes'}}\n")
        try await engine.mapFunction(arn: Self.arn, handler: bad, runtime: nil, invokeEndpoint: nil)
        await expectFailure(.invalidLambdaResponseException, containing: "Unrecognizable lambda output") { _ = try await signUp("erin") }
        let broken = try handler("broken.py", "def handler(event, context)\n    return event\n")
        try await engine.mapFunction(arn: Self.arn, handler: broken, runtime: nil, invokeEndpoint: nil)
        await expectFailure(.unexpectedLambdaException, containing: "could not load its handler") { _ = try await signUp("erin") }
        await runner.stopAll()
    }

    @Test func confirmationAndAuthenticationTriggers() async throws {
        let log = folder.appendingPathComponent("log.txt").path
        let path = try handler(
            "audit.py",
            """
            def handler(event, context):
                attributes = event["request"]["userAttributes"]
                with open(\"\(log)\", "a") as log:
                    log.write(event["triggerSource"] + " " + event["userName"] + " " + attributes["cognito:user_status"] + "\\n")
                if event["triggerSource"] == "PreAuthentication_Authentication" and attributes.get("custom:blocked") == "yes":
                    raise Exception("This account is on hold")
                return event
            """)
        let names = ["confirm", "pre", "post"].map { "arn:aws:lambda:us-east-1:123456789012:function:\($0)" }
        for arn in names { try await engine.mapFunction(arn: arn, handler: path, runtime: nil, invokeEndpoint: nil) }
        let pool = try await engine.createUserPool(
            CreateUserPoolRequest(
                poolName: "audited",
                lambdaConfig: LambdaConfigType(postConfirmation: names[0], preAuthentication: names[1], postAuthentication: names[2]),
                autoVerifiedAttributes: [.email],
                schema: [SchemaAttributeType(name: "blocked", attributeDataType: .string, mutable: true)])
        ).userPool!.id!
        let client = try await engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: pool, clientName: "app", explicitAuthFlows: [.allowUserPasswordAuth, .allowRefreshTokenAuth])
        ).userPoolClient!.clientId!
        _ = try await engine.signUp(
            SignUpRequest(
                clientId: client, username: "fay", password: "Passw0rd!", userAttributes: [AttributeType(name: "email", value: "fay@example.com")]))
        let code = try #require(try await engine.outboxMessages(poolId: pool, username: "fay").first?.code)
        _ = try await engine.confirmSignUp(ConfirmSignUpRequest(clientId: client, username: "fay", confirmationCode: code))
        let tokens = try await engine.initiateAuth(
            InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "fay", "PASSWORD": "Passw0rd!"], clientId: client))
        #expect(tokens.authenticationResult?.accessToken != nil)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "PostConfirmation_ConfirmSignUp fay CONFIRMED", "PreAuthentication_Authentication fay CONFIRMED",
                "PostAuthentication_Authentication fay CONFIRMED",
            ])
        // A reset password is confirmed too (PostConfirmation_ConfirmForgotPassword).
        _ = try await engine.forgotPassword(ForgotPasswordRequest(clientId: client, username: "fay"))
        let reset = try #require(try await engine.outboxMessages(poolId: pool, username: "fay").first?.code)
        _ = try await engine.confirmForgotPassword(
            ConfirmForgotPasswordRequest(clientId: client, username: "fay", confirmationCode: reset, password: "Newer-passw0rd!"))
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("PostConfirmation_ConfirmForgotPassword fay CONFIRMED"))
        // PreAuthentication refuses before the password is looked at.
        _ = try await engine.adminUpdateUserAttributes(
            AdminUpdateUserAttributesRequest(userPoolId: pool, username: "fay", userAttributes: [AttributeType(name: "custom:blocked", value: "yes")])
        )
        await expectFailure(.userLambdaValidationException, containing: "PreAuthentication failed with error This account is on hold.") {
            _ = try await engine.initiateAuth(
                InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "fay", "PASSWORD": "wrong"], clientId: client))
        }
        await runner.stopAll()
    }

    @Test func userMigrationCreatesTheUserOnTheFirstSignIn() async throws {
        let path = try handler(
            "migrate.js",
            """
            exports.handler = async (event) => {
              if (event.triggerSource === "UserMigration_ForgotPassword") {
                if (event.request.password !== undefined) throw new Error("a password in a forgotten-password event");
                event.response.userAttributes = { email: event.userName + "@legacy.test", email_verified: "true" };
                event.response.finalUserStatus = "RESET_REQUIRED";
                return event;
              }
              if (event.triggerSource !== "UserMigration_Authentication") throw new Error("unexpected " + event.triggerSource);
              if (event.request.password !== "Old-Passw0rd!") throw new Error("Bad password");
              event.response.userAttributes = { email: event.userName + "@legacy.test", email_verified: "true" };
              event.response.finalUserStatus = "CONFIRMED";
              event.response.messageAction = "SUPPRESS";
              return event;
            };
            """)
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:migrate"
        try await engine.mapFunction(arn: arn, handler: path, runtime: .node, invokeEndpoint: nil)
        let pool = try await engine.createUserPool(CreateUserPoolRequest(poolName: "migrating", lambdaConfig: LambdaConfigType(userMigration: arn)))
            .userPool!.id!
        let client = try await engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: pool, clientName: "app", explicitAuthFlows: [.allowUserPasswordAuth, .allowRefreshTokenAuth])
        ).userPoolClient!.clientId!
        let signIn = { (password: String) in
            try await self.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "greg", "PASSWORD": password], clientId: client))
        }
        await expectFailure(.userLambdaValidationException, containing: "UserMigration failed with error Bad password.") {
            _ = try await signIn("guess")
        }
        #expect(try await signIn("Old-Passw0rd!").authenticationResult?.idToken != nil)
        let user = try await engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "greg"))
        #expect(user.userStatus == .confirmed && user.userAttributes?.first { $0.name == "email" }?.value == "greg@legacy.test")
        // A forgotten password migrates the user too, who then sets a new one with the code.
        let sent = try await engine.forgotPassword(ForgotPasswordRequest(clientId: client, username: "hank"))
        #expect(sent.codeDeliveryDetails?.deliveryMedium == .email)
        let code = try #require(try await engine.outboxMessages(poolId: pool, username: "hank").first?.code)
        _ = try await engine.confirmForgotPassword(
            ConfirmForgotPasswordRequest(clientId: client, username: "hank", confirmationCode: code, password: "New-Passw0rd!"))
        // Now users of the pool: their passwords are theirs, the trigger is not asked again.
        try await engine.unmapFunction(arn: arn)
        #expect(try await signIn("Old-Passw0rd!").authenticationResult != nil)
        let hank = try await engine.initiateAuth(
            InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "hank", "PASSWORD": "New-Passw0rd!"], clientId: client))
        #expect(hank.authenticationResult != nil)
        await runner.stopAll()
    }

    @Test func preTokenGenerationChangesClaimsGroupsAndScopes() async throws {
        let v1 = try handler(
            "claims.py",
            """
            def handler(event, context):
                assert event["version"] == "1" and event["request"]["groupConfiguration"]["groupsToOverride"] == ["staff"]
                event["response"]["claimsOverrideDetails"] = {
                    "claimsToAddOrOverride": {"tenant": "acme", "source": event["triggerSource"], "sub": "forged"},
                    "claimsToSuppress": ["email"],
                    "groupOverrideDetails": {"groupsToOverride": ["readers"]},
                }
                return event
            """)
        let v2 = try handler(
            "scopes.mjs",
            """
            export const handler = async (event) => {
              if (event.version !== "2" || !event.request.scopes.includes("aws.cognito.signin.user.admin")) throw new Error("bad event");
              event.response.claimsAndScopeOverrideDetails = {
                accessTokenGeneration: { claimsToAddOrOverride: { plan: { tier: "gold" } }, scopesToAdd: ["orders/read"] },
                idTokenGeneration: { claimsToSuppress: ["email_verified"] },
              };
              return event;
            };
            """)
        let arns = ["v1", "v2"].map { "arn:aws:lambda:us-east-1:123456789012:function:tokens-\($0)" }
        try await engine.mapFunction(arn: arns[0], handler: v1, runtime: nil, invokeEndpoint: nil)
        try await engine.mapFunction(arn: arns[1], handler: v2, runtime: nil, invokeEndpoint: nil)
        let pool = try await engine.createUserPool(
            CreateUserPoolRequest(poolName: "tokens", lambdaConfig: LambdaConfigType(preTokenGeneration: arns[0]))
        )
        .userPool!.id!
        let client = try await engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: pool, clientName: "app", explicitAuthFlows: [.allowUserPasswordAuth, .allowRefreshTokenAuth])
        ).userPoolClient!.clientId!
        _ = try await engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: pool, username: "hal", userAttributes: [AttributeType(name: "email", value: "hal@example.com")], messageAction: .suppress)
        )
        _ = try await engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: pool, username: "hal", password: "Passw0rd!", permanent: true))
        _ = try await engine.createGroup(CreateGroupRequest(groupName: "staff", userPoolId: pool))
        _ = try await engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: pool, username: "hal", groupName: "staff"))
        let signIn = {
            try await self.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "hal", "PASSWORD": "Passw0rd!"], clientId: client)
            ).authenticationResult!
        }
        let first = try await signIn()
        let id = try JWT.decode(first.idToken!).claims
        #expect(id["tenant"]?.stringValue == "acme" && id["source"]?.stringValue == "TokenGeneration_Authentication")
        #expect(id["email"] == nil && id["sub"]?.stringValue != "forged")
        #expect(id["cognito:groups"] == .array(["readers"]))
        #expect(try JWT.decode(first.accessToken!).claims["cognito:groups"] == .array(["readers"]))
        let refreshed = try await engine.initiateAuth(
            InitiateAuthRequest(authFlow: .refreshTokenAuth, authParameters: ["REFRESH_TOKEN": first.refreshToken!], clientId: client)
        ).authenticationResult!
        #expect(try JWT.decode(refreshed.idToken!).claims["source"]?.stringValue == "TokenGeneration_RefreshTokens")

        _ = try await engine.updateUserPool(
            UpdateUserPoolRequest(
                userPoolId: pool,
                lambdaConfig: LambdaConfigType(
                    preTokenGenerationConfig: PreTokenGenerationVersionConfigType(lambdaVersion: .v2_0, lambdaArn: arns[1]))))
        let second = try await signIn()
        let access = try JWT.decode(second.accessToken!).claims
        #expect(access["plan"] == .object(["tier": "gold"]))
        #expect(access["scope"]?.stringValue == "aws.cognito.signin.user.admin orders/read")
        #expect(try JWT.decode(second.idToken!).claims["email_verified"] == nil)
        await runner.stopAll()
    }

    @Test func customMessageWritesTheCodeMessages() async throws {
        let path = try handler(
            "message.py",
            """
            def handler(event, context):
                source = event["triggerSource"]
                code = event["request"]["codeParameter"]
                if source == "CustomMessage_SignUp":
                    event["response"]["emailSubject"] = "Welcome to Acme"
                    event["response"]["emailMessage"] = "Hello " + event["userName"] + ", your code is " + code
                elif source == "CustomMessage_ResendCode":
                    event["response"]["emailMessage"] = "Again: " + code
                elif source == "CustomMessage_ForgotPassword":
                    event["response"]["emailMessage"] = "x" * 20001
                elif source == "CustomMessage_AdminCreateUser":
                    event["response"]["emailSubject"] = "You are invited"
                    event["response"]["emailMessage"] = "Sign in as " + event["request"]["usernameParameter"] + " with " + code
                return event
            """)
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:message"
        try await engine.mapFunction(arn: arn, handler: path, runtime: nil, invokeEndpoint: nil)
        let pool = try await engine.createUserPool(
            CreateUserPoolRequest(poolName: "messages", lambdaConfig: LambdaConfigType(customMessage: arn), autoVerifiedAttributes: [.email])
        ).userPool!.id!
        let client = try await engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: pool, clientName: "app")).userPoolClient!.clientId!
        _ = try await engine.signUp(
            SignUpRequest(
                clientId: client, username: "ivy", password: "Passw0rd!", userAttributes: [AttributeType(name: "email", value: "ivy@example.com")]))
        let sent = try #require(try await engine.outboxMessages(poolId: pool, username: "ivy").first)
        #expect(sent.subject == "Welcome to Acme" && sent.text == "Hello ivy, your code is \(sent.code ?? "")" && sent.code?.count == 6)
        _ = try await engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: client, username: "ivy"))
        let again = try #require(try await engine.outboxMessages(poolId: pool, username: "ivy").first)
        #expect(again.text == "Again: \(again.code ?? "")" && again.subject == "Your verification code")
        _ = try await engine.adminConfirmSignUp(AdminConfirmSignUpRequest(userPoolId: pool, username: "ivy"))
        _ = try await engine.adminUpdateUserAttributes(
            AdminUpdateUserAttributesRequest(
                userPoolId: pool, username: "ivy", userAttributes: [AttributeType(name: "email_verified", value: "true")]))
        await expectFailure(.invalidLambdaResponseException, containing: "Unrecognizable lambda output") {
            _ = try await engine.forgotPassword(ForgotPasswordRequest(clientId: client, username: "ivy"))
        }
        _ = try await engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: pool, username: "jay", userAttributes: [AttributeType(name: "email", value: "jay@example.com")],
                temporaryPassword: "Temp-Passw0rd!", desiredDeliveryMediums: [.email]))
        let invitation = try #require(try await engine.outboxMessages(poolId: pool, username: "jay").first)
        #expect(invitation.subject == "You are invited" && invitation.text == "Sign in as jay with Temp-Passw0rd!")
        await runner.stopAll()
    }

    @Test func customMessageForAttributeAndSignInCodes() async throws {
        let path = try handler(
            "codes.py",
            """
            def handler(event, context):
                words = {"CustomMessage_UpdateUserAttribute": "Confirm your new address " + event["request"]["userAttributes"]["email"],
                         "CustomMessage_VerifyUserAttribute": "Verify your address",
                         "CustomMessage_Authentication": "Your Acme sign-in code"}
                text = words.get(event["triggerSource"])
                if text:
                    event["response"]["smsMessage"] = text + ": " + event["request"]["codeParameter"]
                    event["response"]["emailMessage"] = text + ": " + event["request"]["codeParameter"]
                return event
            """)
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:codes"
        try await engine.mapFunction(arn: arn, handler: path, runtime: nil, invokeEndpoint: nil)
        let pool = try await engine.createUserPool(
            CreateUserPoolRequest(poolName: "codes", lambdaConfig: LambdaConfigType(customMessage: arn), autoVerifiedAttributes: [.email])
        ).userPool!.id!
        _ = try await engine.setUserPoolMfaConfig(
            SetUserPoolMfaConfigRequest(userPoolId: pool, smsMfaConfiguration: SmsMfaConfigType(), mfaConfiguration: .optional))
        let client = try await engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: pool, clientName: "app", explicitAuthFlows: [.allowUserPasswordAuth, .allowRefreshTokenAuth])
        ).userPoolClient!.clientId!
        _ = try await engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: pool, username: "kim",
                userAttributes: [
                    AttributeType(name: "email", value: "kim@example.com"), AttributeType(name: "email_verified", value: "true"),
                    AttributeType(name: "phone_number", value: "+15555550123"), AttributeType(name: "phone_number_verified", value: "true"),
                ], messageAction: .suppress))
        _ = try await engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: pool, username: "kim", password: "Passw0rd!", permanent: true))
        _ = try await engine.adminSetUserMFAPreference(
            AdminSetUserMFAPreferenceRequest(smsMfaSettings: SMSMfaSettingsType(enabled: true, preferredMfa: true), username: "kim", userPoolId: pool)
        )
        // The SMS sign-in code (CustomMessage_Authentication).
        let challenge = try await engine.initiateAuth(
            InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "kim", "PASSWORD": "Passw0rd!"], clientId: client))
        #expect(challenge.challengeName == .smsMfa)
        let sms = try #require(try await engine.outboxMessages(poolId: pool, username: "kim").first)
        #expect(sms.channel == .sms && sms.text == "Your Acme sign-in code: \(sms.code ?? "")")
        let tokens = try await engine.respondToAuthChallenge(
            RespondToAuthChallengeRequest(
                clientId: client, challengeName: .smsMfa, session: challenge.session,
                challengeResponses: ["USERNAME": "kim", "SMS_MFA_CODE": sms.code ?? ""])
        ).authenticationResult!
        // A new email (CustomMessage_UpdateUserAttribute) sees the new address.
        _ = try await engine.updateUserAttributes(
            UpdateUserAttributesRequest(userAttributes: [AttributeType(name: "email", value: "kim@new.example")], accessToken: tokens.accessToken!))
        let update = try #require(try await engine.outboxMessages(poolId: pool, username: "kim").first)
        #expect(update.destination == "kim@new.example" && update.text == "Confirm your new address kim@new.example: \(update.code ?? "")")
        // Asking again (CustomMessage_VerifyUserAttribute).
        _ = try await engine.getUserAttributeVerificationCode(
            GetUserAttributeVerificationCodeRequest(accessToken: tokens.accessToken!, attributeName: "email"))
        let verify = try #require(try await engine.outboxMessages(poolId: pool, username: "kim").first)
        #expect(verify.text == "Verify your address: \(verify.code ?? "")")
        await runner.stopAll()
    }

    @Test func preTokenGenerationV3ForClientCredentialsAndANewPassword() async throws {
        let path = try handler(
            "v3.py",
            """
            def handler(event, context):
                assert event["version"] == "3", event["version"]
                details = {"accessTokenGeneration": {"claimsToAddOrOverride": {"source": event["triggerSource"]}}}
                if event["triggerSource"] == "TokenGeneration_ClientCredentials":
                    assert "userName" not in event and event["callerContext"]["clientId"], repr(event)
                    details["accessTokenGeneration"]["scopesToAdd"] = ["reports/extra"]
                    details["accessTokenGeneration"]["scopesToSuppress"] = ["reports/write"]
                event["response"]["claimsAndScopeOverrideDetails"] = details
                return event
            """)
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:v3"
        try await engine.mapFunction(arn: arn, handler: path, runtime: nil, invokeEndpoint: nil)
        let pool = try await engine.createUserPool(
            CreateUserPoolRequest(
                poolName: "machines",
                lambdaConfig: LambdaConfigType(
                    preTokenGenerationConfig: PreTokenGenerationVersionConfigType(lambdaVersion: .v3_0, lambdaArn: arn)))
        ).userPool!.id!
        _ = try await engine.createUserPoolDomain(
            CreateUserPoolDomainRequest(domain: "machines-\(UUID().uuidString.prefix(8).lowercased())", userPoolId: pool))
        _ = try await engine.createResourceServer(
            CreateResourceServerRequest(
                userPoolId: pool, identifier: "reports", name: "Reports",
                scopes: [
                    ResourceServerScopeType(scopeName: "read", scopeDescription: "read"),
                    ResourceServerScopeType(scopeName: "write", scopeDescription: "write"),
                ]))
        let machine = try await engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: pool, clientName: "machine", generateSecret: true, allowedOAuthFlows: [.clientCredentials],
                allowedOAuthScopes: ["reports/read", "reports/write"], allowedOAuthFlowsUserPoolClient: true)
        ).userPoolClient!
        let token = try await engine.clientCredentialsToken(clientId: machine.clientId!, clientSecret: machine.clientSecret, scope: nil)
        let claims = try JWT.decode(token.accessToken).claims
        #expect(claims["scope"]?.stringValue == "reports/read reports/extra")
        #expect(claims["source"]?.stringValue == "TokenGeneration_ClientCredentials")
        // A user who sets a new password at sign-in: TokenGeneration_NewPasswordChallenge.
        let app = try await engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: pool, clientName: "app", explicitAuthFlows: [.allowUserPasswordAuth, .allowRefreshTokenAuth])
        ).userPoolClient!.clientId!
        _ = try await engine.adminCreateUser(
            AdminCreateUserRequest(userPoolId: pool, username: "lee", temporaryPassword: "Temp-Passw0rd!", messageAction: .suppress))
        let challenge = try await engine.initiateAuth(
            InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "lee", "PASSWORD": "Temp-Passw0rd!"], clientId: app))
        let signedIn = try await engine.respondToAuthChallenge(
            RespondToAuthChallengeRequest(
                clientId: app, challengeName: .newPasswordRequired, session: challenge.session,
                challengeResponses: ["USERNAME": "lee", "NEW_PASSWORD": "New-Passw0rd!"]))
        let access = try JWT.decode(signedIn.authenticationResult!.accessToken!).claims
        #expect(access["source"]?.stringValue == "TokenGeneration_NewPasswordChallenge")
        await runner.stopAll()
    }

    @Test func busyFunctionsGetAFewWorkersAndColdStartsAreReported() async throws {
        let path = try handler("slow_echo.py", "import time\ndef handler(event, context):\n    time.sleep(0.3)\n    return event\n")
        let mapping = FunctionMapping(arn: Self.arn, target: .handler(path: path, function: "handler", runtime: .python), created: Date())
        let first = try await runner.invoke(mapping, event: ["n": 0], timeout: .seconds(5))
        #expect(first.coldStart && first.response == ["n": 0])
        #expect(try await runner.invoke(mapping, event: ["n": 1], timeout: .seconds(5)).coldStart == false)
        // Five at once: more workers start, never more than three.
        let answers = try await withThrowingTaskGroup(of: FunctionAnswer.self) { group in
            for n in 0..<5 { group.addTask { try await runner.invoke(mapping, event: ["n": .int(n)], timeout: .seconds(5)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.count == 5 && Set(answers.compactMap { $0.response["n"]?.intValue }) == [0, 1, 2, 3, 4])
        let workers = await runner.workerCount(Self.arn)
        #expect(workers >= 2 && workers <= LocalFunctionRunner.maxWorkers)
        #expect(answers.contains { $0.coldStart })
        await runner.stopAll()
    }

    @Test func theEngineLogsEachInvocation() async throws {
        let path = try handler("log.py", "def handler(event, context):\n    event['response']['autoConfirmUser'] = True\n    return event\n")
        try await engine.mapFunction(arn: Self.arn, handler: path, runtime: nil, invokeEndpoint: nil)
        _ = try await signUp("uma", email: "uma@example.com")
        let logged = try #require(engine.invocations.recent.first)
        #expect(logged.trigger == "PreSignUp" && logged.source == "PreSignUp_SignUp" && logged.username == "uma")
        #expect(logged.succeeded && logged.coldStart == true && logged.response?["response"]?["autoConfirmUser"] == true)
        // Run again: the same event, and nothing else happens.
        let again = await engine.rerun(logged)
        #expect(again.succeeded && again.coldStart == false && again.event == logged.event)
        #expect(engine.invocations.recent.count == 2)
        await runner.stopAll()
    }

    @Test func aSlowHandlerHoldsUpOnlyItsOwnRequest() async throws {
        let path = try handler("slow_confirm.py", "import time\ndef handler(event, context):\n    time.sleep(3)\n    return event\n")
        try await engine.mapFunction(arn: Self.arn, handler: path, runtime: nil, invokeEndpoint: nil)
        let plain = try await engine.createUserPool(CreateUserPoolRequest(poolName: "plain")).userPool!.id!
        let plainClient = try await engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: plain, clientName: "app"))
            .userPoolClient!.clientId!
        let finished = Finished()
        let slow = Task {
            _ = try await signUp("vic", email: "vic@example.com")
            await finished.mark()
        }
        // While the handler sleeps, other requests (another sign-up, a read) go through.
        try await Task.sleep(for: .milliseconds(300))
        _ = try await engine.signUp(SignUpRequest(clientId: plainClient, username: "wes", password: "Passw0rd!"))
        _ = try await engine.listUserPools(ListUserPoolsRequest(maxResults: 10))
        #expect(await finished.done == false)
        try await slow.value
        #expect(await finished.done)
        await runner.stopAll()
    }
}

actor Finished {
    var done = false
    func mark() { done = true }
}
