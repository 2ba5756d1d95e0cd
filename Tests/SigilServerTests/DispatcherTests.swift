import Foundation
import SigilCore
import SigilCrypto
import SigilJSON
import SigilStore
import Testing

@testable import SigilServer

/// The AWS JSON dispatch without HTTP around it.
@Suite struct DispatcherTests {
    let engine: Engine
    let dispatcher: AWSJSONDispatcher

    init() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-dispatch-\(UUID().uuidString).db").path
        engine = try Engine(
            store: try SQLiteStore(path: path), configuration: EngineConfiguration(atRestKey: Array(repeating: 3, count: 32)))
        dispatcher = AWSJSONDispatcher(engine: engine, signatures: nil)
    }

    func call(_ operation: String?, _ body: String) async -> (AWSJSONDispatcher.Reply, JSONValue) {
        let reply = await dispatcher.handle(
            target: operation.map { "AWSCognitoIdentityProviderService." + $0 }, body: Data(body.utf8),
            request: SignedRequest(method: "POST", path: "/", query: "", headers: [:], body: Data(body.utf8)), context: RequestOrigin())
        return (reply, (try? JSONValue(json: [UInt8](reply.body))) ?? .null)
    }

    @Test func routesAndEncodesWithTheAPIsFieldNames() async throws {
        let (created, json) = await call("CreateUserPool", #"{"PoolName":"p"}"#)
        #expect(created.status == 200)
        let poolId = try #require(json["UserPool"]?["Id"]?.stringValue)
        #expect(json["UserPool"]?["CreationDate"]?.doubleValue != nil)
        let (_, listed) = await call("ListUserPools", #"{"MaxResults":10}"#)
        #expect(listed["UserPools"]?.arrayValue?.first?["Id"]?.stringValue == poolId)
        let (deleted, body) = await call("DeleteUserPool", #"{"UserPoolId":"\#(poolId)"}"#)
        #expect(deleted.status == 200 && body == .object([:]))
    }

    @Test func everyEngineOperationIsInTheModel() async {
        let model = ServiceModel.cognitoIdentityProvider
        for name in OperationTable.cognitoIdentityProvider.handlers.keys {
            #expect(model.operations[name] != nil, "\(name)")
        }
        let served = Set(OperationTable.cognitoIdentityProvider.handlers.keys)
        let essential: Set<String> = [
            "CreateUserPool", "ListUsers", "AdminCreateUser", "InitiateAuth", "RespondToAuthChallenge", "SignUp", "ConfirmSignUp",
            "ForgotPassword", "GetUser", "GlobalSignOut", "AssociateSoftwareToken", "CreateUserImportJob", "AdminListUserAuthEvents",
        ]
        #expect(essential.isSubset(of: served))
    }

    @Test(
        arguments: [
            (Optional("ListUserPools"), "{", "SerializationException"),
            (Optional("ListUserPools"), "\"text\"", "SerializationException"),
            (Optional("ListUserPools"), #"{"MaxResults":true}"#, "SerializationException"),
            (Optional("ListUserPools"), "{}", "InvalidParameterException"),
            (Optional("Nope"), "{}", "UnknownOperationException"),
            (nil, "{}", "UnknownOperationException"),
            (Optional("CreateUserPoolReplica"), #"{"UserPoolId":"us-east-1_AAAAAAAAA","RegionName":"eu-west-1"}"#, "UnsupportedOperationException"),
            (Optional("AdminGetUser"), #"{"UserPoolId":"us-east-1_AAAAAAAAA","Username":"u"}"#, "ResourceNotFoundException"),
        ] as [(String?, String, String)])
    func errorsAsAWSSendsThem(_ operation: String?, _ body: String, _ expected: String) async {
        let (reply, json) = await call(operation, body)
        #expect(reply.status == 400)
        #expect(json["__type"]?.stringValue == expected)
        #expect(reply.errorName == expected)
        #expect(json["message"]?.stringValue?.isEmpty == false)
    }
}

/// Signature V4 as AWS computes it (the example in AWS's Signature Version 4 test suite,
/// "get-vanilla"), and the ways a signature is refused.
@Suite struct SignatureVerifierTests {
    let verifier = SignatureVerifier(credentials: ["AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"])
    let now = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    func request(signature: String, key: String = "AKIDEXAMPLE", date: String = "20150830T123600Z") -> SignedRequest {
        SignedRequest(
            method: "GET", path: "/", query: "",
            headers: [
                "host": "example.amazonaws.com", "x-amz-date": date,
                "authorization":
                    "AWS4-HMAC-SHA256 Credential=\(key)/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=\(signature)",
            ], body: Data())
    }

    @Test func acceptsTheReferenceSignature() async throws {
        try verifier.verify(
            request(signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), now: now, service: "service", region: "us-east-1")
    }

    @Test func refusals() async {
        expectCode(.invalidSignatureException) {
            try verifier.verify(
                request(signature: "0fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), now: now, service: "service",
                region: "us-east-1")
        }
        expectCode(.unrecognizedClientException) {
            try verifier.verify(request(signature: "x", key: "AKIDOTHER"), now: now, service: "service", region: "us-east-1")
        }
        expectCode(.invalidSignatureException) {
            try verifier.verify(
                request(signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), now: now.addingTimeInterval(3_600),
                service: "service", region: "us-east-1")
        }
        // A good signature scoped to another service or region is no good here.
        let reference = request(signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        expectCode(.invalidSignatureException) { try verifier.verify(reference, now: now, service: "cognito-idp", region: "us-east-1") }
        expectCode(.invalidSignatureException) { try verifier.verify(reference, now: now, service: "service", region: "eu-west-1") }
        expectCode(.missingAuthenticationTokenException) {
            try verifier.verify(
                SignedRequest(method: "POST", path: "/", query: "", headers: [:], body: Data()), now: now, service: "service", region: "us-east-1")
        }
    }

    func expectCode(_ name: ExceptionName, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(name.rawValue)")
        } catch let error as CognitoError {
            #expect(error.name == name)
        } catch {
            Issue.record("\(error)")
        }
    }
}

/// The direct JSON writer gives what JSONEncoder gives.
@Suite struct DirectJSONTests {
    func same<T: Encodable>(_ value: T) throws {
        let direct = try JSONValue(json: [UInt8](OperationTable.encode(value)))
        let standard = try JSONValue(json: [UInt8](JSONCoding.encoder.encode(value)))
        #expect(direct == standard)
    }

    @Test func usersAndTokens() async throws {
        let user = UserType(
            username: "ann \"q\"", attributes: [AttributeType(name: "sub", value: "s"), AttributeType(name: "name", value: "Ann\nLee é")],
            userCreateDate: Date(timeIntervalSince1970: 1_795_738_871.7339396), userLastModifiedDate: Date(timeIntervalSince1970: 1_800_000_000),
            enabled: true, userStatus: .confirmed, mfaOptions: [MFAOptionType(deliveryMedium: .sms, attributeName: "phone_number")])
        try same(ListUsersResponse(users: [user, UserType(username: "b")], paginationToken: "tok"))
        try same(ListUsersResponse(users: []))
        try same(ListUsersInGroupResponse(users: [user]))
        try same(
            AdminGetUserResponse(
                username: "ann", userAttributes: [AttributeType(name: "email")], userCreateDate: Date(), enabled: false, userStatus: .unconfirmed,
                preferredMfaSetting: "SMS_MFA", userMFASettingList: ["SMS_MFA"]))
        let result = AuthenticationResultType(accessToken: "a.b.c", expiresIn: 3600, tokenType: "Bearer", refreshToken: "r", idToken: "i.d.t")
        try same(InitiateAuthResponse(challengeParameters: [:], authenticationResult: result))
        try same(InitiateAuthResponse(challengeName: .passwordVerifier, challengeParameters: ["SALT": "ab", "SRP_B": "cd"]))
        try same(RespondToAuthChallengeResponse(challengeName: .smsMfa, session: "s", challengeParameters: ["X": "y"]))
        try same(AdminInitiateAuthResponse(authenticationResult: result))
    }
}

@Suite struct FreePortTests {
    @Test func aTakenPortIsSkipped() async throws {
        // Hold a port, as another server would.
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, length) } }
        listen(holder, 1)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(holder, $0, &length) } }
        let taken = Int(UInt16(bigEndian: address.sin_port))
        #expect(!FreePort.available(host: "127.0.0.1", port: taken))
        let found = try #require(FreePort.first(host: "127.0.0.1", from: taken))
        #expect(found > taken)
    }
}
