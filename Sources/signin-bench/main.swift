import BenchSupport
import Foundation
import SigilAdapters
import SigilCore
import SigilCrypto
import SigilJSON

// The sign-in benchmark: sign-ins per second on one core for USER_PASSWORD_AUTH and
// USER_SRP_AUTH, and beside them what the cryptography alone costs, so the share of
// everything else (storage, JSON, sessions, events) is visible.
//
//   swift run -c release signin-bench [--count N] [--parts | --triggers]

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// Medians, not means: this machine is shared, and a median shrugs off the moments
/// when something else had the core.
func report(_ label: String, total: [Double], crypto: [Double]) {
    let perSignIn = median(total)
    let cryptoPer = median(crypto)
    print(
        String(
            format: "%@ %6.0f sign-ins/s  %.3f ms each (median), of which cryptography %.3f ms; everything else %.0f%%",
            label, 1 / perSignIn, perSignIn * 1000, cryptoPer * 1000, (1 - cryptoPer / perSignIn) * 100))
}

/// What the pieces of a request cost alone, to see where time goes.
func parts(engine: Engine, poolId: String, clientId: String) async throws {
    func part(_ label: String, _ body: () async throws -> Void) async throws {
        var samples: [Double] = []
        for _ in 0..<2_000 { samples.append(try await seconds(body)) }
        print(String(format: "  %@ %.1f µs", label, median(samples) * 1e6))
    }
    let validator = RequestValidator()
    let request = InitiateAuthRequest(
        authFlow: .userSrpAuth, authParameters: ["USERNAME": "user1", "SRP_A": String(repeating: "ab", count: 384)], clientId: clientId)
    try await part("validate an InitiateAuth request") { try validator.validate(request, operation: .initiateAuth) }
    try await part("a hop to a work thread and back") { await BlockingWork.run {} }
    try await part("an empty read transaction") { _ = try await engine.store.read { _ in 1 } }
    try await part("an empty write transaction") { _ = try await engine.store.write { _ in 1 } }
    try await part("DescribeUserPool") { _ = try await engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)) }
    try await part("AdminGetUser") { _ = try await engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "user1")) }
}

let count = argument("--count", default: 400)
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-signin-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let engine = try await EngineLoader.open(databasePath: directory.appendingPathComponent("bench.db").path)
let poolId = try await engine.createUserPool(CreateUserPoolRequest(poolName: "bench")).userPool!.id!
let clientId = try await engine.createUserPoolClient(
    CreateUserPoolClientRequest(
        userPoolId: poolId, clientName: "bench", explicitAuthFlows: [.allowUserPasswordAuth, .allowUserSrpAuth, .allowRefreshTokenAuth])
).userPoolClient!.clientId!
let password = "Bench-pass-1"
for index in 0..<20 {
    _ = try await engine.adminCreateUser(
        AdminCreateUserRequest(
            userPoolId: poolId, username: "user\(index)", userAttributes: [AttributeType(name: "email", value: "user\(index)@example.com")],
            temporaryPassword: password, messageAction: .suppress))
    _ = try await engine.adminSetUserPassword(
        AdminSetUserPasswordRequest(userPoolId: poolId, username: "user\(index)", password: password, permanent: true))
}
// Warm up: keys are made on the first sign-in.
_ = try await engine.initiateAuth(
    InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "user0", "PASSWORD": password], clientId: clientId))
print("Sigil sign-in benchmark: \(count) sign-ins of each kind, one thread")
// --triggers: what a warm trigger adds to a sign-in, and a cold start.
if CommandLine.arguments.contains("--triggers") {
    try await BlockingWork.run { try await triggerLatency(engine: engine, directory: directory, password: password, count: count) }
    exit(0)
}
// --parts: what the pieces of a request cost alone, to see where time goes.
if CommandLine.arguments.contains("--parts") {
    try await parts(engine: engine, poolId: poolId, clientId: clientId)
    exit(0)
}

// The timed part runs on a thread kept for blocking work, as the console's engine calls
// do; the server hops onto one per request (`--parts` shows what that hop costs).
try await BlockingWork.run { try await benchmark(engine: engine, poolId: poolId, clientId: clientId, password: password, count: count) }

func benchmark(engine: Engine, poolId: String, clientId: String, password: String, count: Int) async throws {
    let key = try RSAKey.generate()
    let salt = SRP.makeSalt()
    let verifier = try SRP.makeVerifier(poolId: poolId, userIdForSRP: "user0", password: password, salt: salt)
    let claims: [String: JSONValue] = ["sub": .string(UUID().uuidString), "token_use": "access", "iat": 1, "exp": 2]
    let sampleClient = try SRPClient()

    // Each sign-in is timed beside the cryptography it needs, done alone, so that both see
    // the same machine (this one is shared and its speed drifts).

    // USER_PASSWORD_AUTH: one verifier recomputation and two RS256 signatures.
    var passwordTotal: [Double] = []
    var passwordCrypto: [Double] = []
    for index in 0..<count {
        passwordTotal.append(
            try await seconds {
                _ = try await engine.initiateAuth(
                    InitiateAuthRequest(
                        authFlow: .userPasswordAuth, authParameters: ["USERNAME": "user\(index % 20)", "PASSWORD": password], clientId: clientId))
            })
        passwordCrypto.append(
            try await seconds {
                _ = try SRP.makeVerifier(poolId: poolId, userIdForSRP: "user0", password: password, salt: salt)
                _ = try JWT.sign(claims: claims, kid: "k", key: key)
                _ = try JWT.sign(claims: claims, kid: "k", key: key)
            })
    }
    report("USER_PASSWORD_AUTH:", total: passwordTotal, crypto: passwordCrypto)

    // USER_SRP_AUTH: the server's exponentiations (B, then S) and two signatures. The client's
    // own work runs between the timed calls and is not counted.
    var srpTotal: [Double] = []
    var srpStart: [Double] = []
    var srpCrypto: [Double] = []
    for index in 0..<count {
        let client = try SRPClient()
        let username = "user\(index % 20)"
        var challenge: InitiateAuthResponse?
        let initiate = try await seconds {
            challenge = try await engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .userSrpAuth, authParameters: ["USERNAME": username, "SRP_A": SRP.hexString(client.publicValue)], clientId: clientId))
        }
        srpStart.append(initiate)
        let parameters = challenge?.challengeParameters ?? [:]
        let block = parameters["SECRET_BLOCK"] ?? ""
        let timestamp = CognitoTimestamp.format(Date())
        let signature = try client.passwordClaimSignature(
            serverPublicValue: try SRP.parseHex(parameters["SRP_B"] ?? ""), salt: try SRP.parseHex(parameters["SALT"] ?? ""),
            identity: try SRPIdentity.user(poolId: poolId, userIdForSRP: username), password: password,
            secretBlock: [UInt8](Data(base64Encoded: block) ?? Data()), timestamp: timestamp)
        let respond = try await seconds {
            let done = try await engine.respondToAuthChallenge(
                RespondToAuthChallengeRequest(
                    clientId: clientId, challengeName: .passwordVerifier,
                    challengeResponses: [
                        "USERNAME": username, "PASSWORD_CLAIM_SECRET_BLOCK": block, "PASSWORD_CLAIM_SIGNATURE": signature, "TIMESTAMP": timestamp,
                    ]))
            precondition(done.authenticationResult != nil, "SRP sign-in failed")
        }
        srpTotal.append(initiate + respond)
        srpCrypto.append(
            try await seconds {
                let server = try SRPServer(verifier: verifier)
                _ = try server.sessionKey(clientPublicValue: sampleClient.publicValue)
                _ = try JWT.sign(claims: claims, kid: "k", key: key)
                _ = try JWT.sign(claims: claims, kid: "k", key: key)
            })
    }
    report("USER_SRP_AUTH:     ", total: srpTotal, crypto: srpCrypto)
    print(String(format: "  (of which InitiateAuth %.3f ms)", median(srpStart) * 1000))
}
