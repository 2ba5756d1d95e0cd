import Foundation
import SigilJSON

/// The triggers about an existing user: PostConfirmation, PreAuthentication and
/// PostAuthentication. Each runs outside any store transaction (a handler may take
/// seconds), before the step it can refuse or after the change it reports.
extension Engine {
    /// The user's attributes as triggers see them: strings, with `sub` and
    /// `cognito:user_status`.
    func triggerAttributes(_ user: UserRecord) -> JSONValue {
        var attributes = user.attributes.filter { !$0.key.hasPrefix("dev:") }.mapValues(JSONValue.string)
        attributes["sub"] = .string(user.sub)
        attributes["cognito:user_status"] = .string(user.status.rawValue)
        return .object(attributes)
    }

    /// PostConfirmation, after the user was confirmed (`ConfirmSignUp`) or reset their
    /// password (`ConfirmForgotPassword`). A refusal is reported; the change stays.
    func postConfirmation(_ source: String, user: UserRecord, pool: StoredPool, clientId: String?, metadata: [String: String]?) async throws {
        guard let arn = pool.pool.lambdaConfig?.postConfirmation else { return }
        let request: [String: JSONValue] = ["userAttributes": triggerAttributes(user)]
        _ = try await runTrigger(
            "PostConfirmation", arn: arn,
            event: triggerEvent(
                "PostConfirmation_\(source)", pool: pool, username: user.username, clientId: clientId, request: request, metadata: metadata))
    }

    /// PreAuthentication, before the password is looked at: the handler may refuse the
    /// sign-in.
    func preAuthentication(_ user: UserRecord, pool: StoredPool, clientId: String?, metadata: [String: String]?) async throws {
        guard let arn = pool.pool.lambdaConfig?.preAuthentication else { return }
        let request: [String: JSONValue] = ["userAttributes": triggerAttributes(user), "validationData": .null]
        _ = try await runTrigger(
            "PreAuthentication", arn: arn,
            event: triggerEvent(
                "PreAuthentication_Authentication", pool: pool, username: user.username, clientId: clientId, request: request,
                metadata: metadata))
    }

    /// PostAuthentication, once a sign-in has passed every challenge: a refusal keeps
    /// the tokens from the caller.
    func postAuthentication(_ step: AuthStep, clientId: String?, metadata: [String: String]?) async throws {
        guard let signedIn = step.signedInUser, let pool = step.pool, let arn = pool.pool.lambdaConfig?.postAuthentication else { return }
        let request: [String: JSONValue] = [
            "userAttributes": triggerAttributes(signedIn), "newDeviceUsed": .bool(step.result?.newDeviceMetadata != nil),
        ]
        _ = try await runTrigger(
            "PostAuthentication", arn: arn,
            event: triggerEvent(
                "PostAuthentication_Authentication", pool: pool, username: signedIn.username, clientId: clientId, request: request,
                metadata: metadata))
    }
}
