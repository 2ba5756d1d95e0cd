import Foundation
import SigilJSON

/// The UserMigration trigger: a sign-in with a password for a user the pool does not
/// have asks the app's handler, which may vouch for the user (checking the password
/// against the old system) and give their attributes; the user is then created here with
/// that password and the sign-in goes on. A forgotten password for such a user asks it
/// too (no password then): the user is created and sent a reset code.
extension Engine {
    /// The migrated user, or nil when the pool has no migration trigger.
    func migrateUser(_ typed: String, password: String?, pool: StoredPool, client: UserPoolClientType, metadata: [String: String]?) async throws
        -> UserRecord?
    {
        guard let arn = pool.pool.lambdaConfig?.userMigration else { return nil }
        var request: [String: JSONValue] = ["validationData": .null]
        if let password { request["password"] = .string(password) }
        let response = try await runTrigger(
            "UserMigration", arn: arn,
            event: triggerEvent(
                password == nil ? "UserMigration_ForgotPassword" : "UserMigration_Authentication", pool: pool, username: typed,
                clientId: client.clientId, request: request,
                response: [
                    "userAttributes": .null, "finalUserStatus": .null, "messageAction": .null, "desiredDeliveryMediums": .null,
                    "forceAliasCreation": .null, "enableSMSMFA": .null,
                ], metadata: metadata))
        let invalid = CognitoError(.invalidLambdaResponseException, "Unrecognizable lambda output")
        guard let given = response["userAttributes"]?.objectValue else { throw invalid }
        var attributes: [String: String] = [:]
        for (name, value) in given where name != "sub" && name != "username" {
            guard let text = value.stringValue else { throw invalid }
            attributes[name] = text
        }
        let status: UserStatusType
        switch response["finalUserStatus"]?.stringValue {
        case nil, "CONFIRMED": status = .confirmed
        case "RESET_REQUIRED": status = .resetRequired
        default: throw invalid
        }
        let sub = Identifiers.sub()
        let username = try signInName(typed, attributes: &attributes, pool: pool.pool, sub: sub)
        attributes["sub"] = sub
        let checked = try AttributeRules(pool: pool.pool).checked(
            attributes.filter { $0.key != "sub" }.map { AttributeType(name: $0.key, value: $0.value) }, creating: true)
        var kept = checked.filter { !$0.value.isEmpty }
        kept["sub"] = sub
        let material = try await password.asyncMap { try await vault.seal(poolId: pool.id, userIdForSRP: username, password: $0) }
        let now = clock.now
        return try await write { writer in
            if let existing = try await writer.user(poolKey: pool.key, usernameKey: usernameKey(username, in: pool.pool)) { return existing }
            var user = UserRecord(
                poolKey: pool.key, username: username, usernameKey: usernameKey(username, in: pool.pool), status: status, created: now,
                modified: now, attributes: kept, passwordMaterial: material)
            user.id = try await writer.insertUser(user)
            return user
        }
    }
}
