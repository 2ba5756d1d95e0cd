import Foundation
import SigilCore
import SigilExamples

/// `sigil demo --triggers`: the example handlers copied beside the database (kept if
/// already there, so edits survive) and mapped, and the LambdaConfig that wires them
/// into the demo pool.
enum DemoTriggers {
    static let functions: [(name: String, file: String, environment: [String: String])] = [
        ("demo-auto-confirm", "python/auto_confirm.py", ["ALLOWED_DOMAINS": "example.com"]),
        ("demo-add-claims", "python/add_claims.py", [:]),
        ("demo-migrate", "python/migrate_from_csv.py", [:]),
        ("demo-one-time-code", "node/one-time-code.mjs", [:]),
    ]

    /// Copies and maps the handlers; returns the pool's LambdaConfig and where they are.
    static func install(_ engine: Engine, databasePath: String) async throws -> (config: LambdaConfigType, folder: URL) {
        guard let shipped = TriggerExamples.folder else { throw CognitoError.internalError("The example handlers are missing from this build.") }
        let folder = URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("triggers")
        if !FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.copyItem(at: shipped, to: folder) }
        var arns: [String: String] = [:]
        for function in functions {
            let arn = "arn:aws:lambda:\(engine.configuration.region):\(engine.configuration.accountId):function:\(function.name)"
            try await engine.mapFunction(
                arn: arn, handler: folder.appendingPathComponent(function.file).path, runtime: nil, invokeEndpoint: nil,
                environment: function.environment)
            arns[function.name] = arn
        }
        let challenge = arns["demo-one-time-code"]
        let config = LambdaConfigType(
            preSignUp: arns["demo-auto-confirm"], defineAuthChallenge: challenge, createAuthChallenge: challenge,
            verifyAuthChallengeResponse: challenge, userMigration: arns["demo-migrate"],
            preTokenGenerationConfig: arns["demo-add-claims"].map { PreTokenGenerationVersionConfigType(lambdaVersion: .v2_0, lambdaArn: $0) })
        return (config, folder)
    }
}
