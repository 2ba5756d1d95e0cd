import Foundation
import SigilAdapters
import SigilCore
import SigilJSON

/// `--triggers`: what a warm trigger adds to a sign-in (a PreAuthentication handler that
/// returns its event, in Python and in Node.js, beside the same sign-in in a pool without
/// it), and what a cold start costs (a fresh worker's first call).
func triggerLatency(engine: Engine, directory: URL, password: String, count: Int) async throws {
    let handlers = [
        ("python", "noop.py", "def handler(event, context):\n    return event\n"),
        ("node", "noop.mjs", "export const handler = async (event) => event;\n"),
    ]
    let plain = try await benchPool(engine, name: "plain", config: nil, password: password)
    for (runtime, file, text) in handlers {
        let path = directory.appendingPathComponent(file)
        try text.write(to: path, atomically: true, encoding: .utf8)
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:noop-\(runtime)"
        try await engine.mapFunction(arn: arn, handler: path.path, runtime: nil, invokeEndpoint: nil)
        let triggered = try await benchPool(engine, name: runtime, config: LambdaConfigType(preAuthentication: arn), password: password)
        // Warm up both (keys, the worker).
        for _ in 0..<20 {
            _ = try await signIn(engine, plain, password: password)
            _ = try await signIn(engine, triggered, password: password)
        }
        var without: [Double] = []
        var with: [Double] = []
        for _ in 0..<count {
            without.append(try await seconds { _ = try await signIn(engine, plain, password: password) })
            with.append(try await seconds { _ = try await signIn(engine, triggered, password: password) })
        }
        let added = median(with) - median(without)
        print(
            String(
                format: "%@ PreAuthentication, warm: sign-in p50 %.2f ms with it, %.2f ms without; added p50 %.2f ms (p90 with %.2f ms)",
                runtime.padding(toLength: 6, withPad: " ", startingAt: 0), median(with) * 1000, median(without) * 1000, added * 1000,
                percentile(with, 0.9) * 1000))
        var colds: [Double] = []
        var warms: [Double] = []
        let mapping = FunctionMapping(
            arn: arn, target: .handler(path: path.path, function: "handler", runtime: runtime == "python" ? .python : .node), created: Date())
        for _ in 0..<5 {
            let runner = LocalFunctionRunner()
            colds.append(try await seconds { _ = try await runner.invoke(mapping, event: ["response": [:]], timeout: .seconds(10)) })
            warms.append(try await seconds { _ = try await runner.invoke(mapping, event: ["response": [:]], timeout: .seconds(10)) })
            await runner.stopAll()
        }
        print(
            String(
                format: "%@ cold start (a new worker's first call) p50 %.0f ms; the next call %.2f ms",
                runtime.padding(toLength: 6, withPad: " ", startingAt: 0), median(colds) * 1000, median(warms) * 1000))
    }
}

private func benchPool(_ engine: Engine, name: String, config: LambdaConfigType?, password: String) async throws -> (pool: String, client: String) {
    let pool = try await engine.createUserPool(CreateUserPoolRequest(poolName: "trigger-\(name)", lambdaConfig: config)).userPool!.id!
    let client = try await engine.createUserPoolClient(
        CreateUserPoolClientRequest(userPoolId: pool, clientName: "bench", explicitAuthFlows: [.allowUserPasswordAuth, .allowRefreshTokenAuth])
    ).userPoolClient!.clientId!
    _ = try await engine.adminCreateUser(
        AdminCreateUserRequest(userPoolId: pool, username: "ann", temporaryPassword: password, messageAction: .suppress))
    _ = try await engine.adminSetUserPassword(AdminSetUserPasswordRequest(userPoolId: pool, username: "ann", password: password, permanent: true))
    return (pool, client)
}

private func signIn(_ engine: Engine, _ target: (pool: String, client: String), password: String) async throws -> InitiateAuthResponse {
    try await engine.initiateAuth(
        InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "ann", "PASSWORD": password], clientId: target.client))
}

func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}
