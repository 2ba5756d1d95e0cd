import Foundation
import SigilCrypto
import SigilJSON

/// The roles identity pools hand out, with their permission policies, and the question
/// the policy evaluator answers for them: may this role (these credentials) do this?
extension Engine {
    /// `arn:aws:iam::<account>:role/<name>`.
    public func roleArn(name: String) -> String { "arn:aws:iam::\(configuration.accountId):role/\(name)" }

    /// Creates or replaces a role. Each policy is checked first: a bad one is reported by
    /// name and nothing is stored.
    @discardableResult
    public func putRole(name: String, description: String? = nil, policies: [String: String]) async throws -> IAMRole {
        try Self.checkRole(name: name, policies: policies)
        return try await store([(name, description, policies)])[0]
    }

    /// Stores checked roles in one transaction; a replaced role keeps its creation date.
    private func store(_ roles: [(name: String, description: String?, policies: [String: String])]) async throws -> [IAMRole] {
        let now = clock.now
        return try await write { writer in
            try await roles.asyncMap { role in
                let arn = roleArn(name: role.name)
                let stored = IAMRole(
                    arn: arn, name: role.name, description: role.description, policies: role.policies,
                    created: try await writer.role(arn: arn)?.created ?? now)
                try await writer.putRole(stored)
                return stored
            }
        }
    }

    /// Roles from a JSON file: `{"Roles": [{"RoleName": "…", "Description": "…",
    /// "Policies": {"name": {policy document}}}]}`. Every role and policy is checked
    /// before any is stored; then all are stored together.
    @discardableResult
    public func importRoles(json text: String) async throws -> [IAMRole] {
        guard let root = try? JSONValue(json: Array(text.utf8)), let list = root["Roles"]?.arrayValue else {
            throw CognitoError.invalidParameter("A roles file is a JSON object with a Roles list.")
        }
        var parsed: [(name: String, description: String?, policies: [String: String])] = []
        for (index, item) in list.enumerated() {
            guard let name = item["RoleName"]?.stringValue else { throw CognitoError.invalidParameter("Role \(index + 1) has no RoleName.") }
            var policies: [String: String] = [:]
            for (policyName, document) in item["Policies"]?.objectValue ?? [:] {
                policies[policyName] = try document.jsonString()
            }
            try Self.checkRole(name: name, policies: policies)
            parsed.append((name, item["Description"]?.stringValue, policies))
        }
        return try await store(parsed)
    }

    static func checkRole(name: String, policies: [String: String]) throws {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "+=,.@_-".contains($0) }) else {
            throw CognitoError.invalidParameter("Role name \(name) must be 1 to 64 letters, digits and +=,.@_-")
        }
        for (policyName, document) in policies.sorted(by: { $0.key < $1.key }) {
            do {
                _ = try PolicyDocument(json: document)
            } catch {
                throw CognitoError.invalidParameter("Policy \(policyName) of role \(name): \(error.message)")
            }
        }
    }

    public func roles() async throws -> [IAMRole] {
        try await read { reader in try await reader.roles() }
    }

    public func role(arn: String) async throws -> IAMRole? {
        try await read { reader in try await reader.role(arn: arn) }
    }

    public func deleteRole(name: String) async throws {
        try await write { writer in
            let arn = roleArn(name: name)
            guard try await writer.role(arn: arn) != nil else { throw CognitoError.resourceNotFound("Role \(name) does not exist.") }
            try await writer.deleteRole(arn: arn)
        }
    }

    /// The decision of `roleArn`'s policies on an action and resource. A role Sigil does
    /// not hold allows nothing.
    public func simulate(roleArn: String, action: String, resource: String, context: [String: [String]] = [:]) async throws -> PolicyDecision {
        let policies = try await (role(arn: roleArn)?.policies ?? [:]).sorted { $0.key < $1.key }.map { name, text in
            NamedPolicy(name: name, document: try PolicyDocument(json: text))
        }
        return PolicyEvaluator.evaluate(policies, PolicyRequest(action: action, resource: resource, context: context))
    }

    /// The request context keys temporary credentials bring: the identity (`sub`), its
    /// pool (`aud`), how it signed in (`amr`), its principal tags and the time.
    public func context(for grant: SessionGrant, sourceIp: String? = nil, secure: Bool = false) -> [String: [String]] {
        var context: [String: [String]] = [
            "cognito-identity.amazonaws.com:sub": [grant.identityId],
            "cognito-identity.amazonaws.com:aud": [grant.identityPoolId],
            "cognito-identity.amazonaws.com:amr": grant.amr,
            "aws:CurrentTime": [ISO8601DateFormatter().string(from: clock.now)],
            "aws:EpochTime": [String(Int(clock.now.timeIntervalSince1970))],
            "aws:SecureTransport": [secure ? "true" : "false"],
            "aws:PrincipalType": ["AssumedRole"],
            "aws:userid": ["\(grant.roleName):\(Self.cognitoSessionName)"],
        ]
        for (tag, value) in grant.principalTags { context["aws:PrincipalTag/\(tag)"] = [value] }
        if let sourceIp { context["aws:SourceIp"] = [sourceIp] }
        return context
    }
}
