import Foundation

/// What a request asks: an action on a resource, with the request context keys
/// (`aws:PrincipalTag/team`, `cognito-identity.amazonaws.com:sub`, `aws:SourceIp` …).
public struct PolicyRequest: Sendable, Equatable {
    public var action: String
    public var resource: String
    /// Context keys (any case) and their values.
    public var context: [String: [String]]

    public init(action: String, resource: String, context: [String: [String]] = [:]) {
        self.action = action
        self.resource = resource
        self.context = context
    }
}

/// A policy with the name it goes by (for saying which one decided).
public struct NamedPolicy: Sendable, Equatable {
    public var name: String
    public var document: PolicyDocument

    public init(name: String, document: PolicyDocument) {
        self.name = name
        self.document = document
    }
}

/// The answer, and the statement that gave it.
public struct PolicyDecision: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case allow = "Allow"
        case explicitDeny = "ExplicitDeny"
        case implicitDeny = "ImplicitDeny"
    }

    public var outcome: Outcome
    public var policy: String?
    /// 1-based, in its policy.
    public var statementNumber: Int?
    public var statement: PolicyDocument.Statement?

    public var allowed: Bool { outcome == .allow }

    /// `Allow: statement 2 ("OwnPhotos") of policy photos`, `Deny: no statement allows it`.
    public var explanation: String {
        guard let policy, let statementNumber else { return "Deny: no statement allows it (implicit deny)" }
        let sid = statement?.sid.map { " (\"\($0)\")" } ?? ""
        let verb = outcome == .allow ? "Allow" : "Deny"
        return "\(verb): statement \(statementNumber)\(sid) of policy \(policy)" + (outcome == .explicitDeny ? " (explicit deny)" : "")
    }
}

/// IAM's evaluation of identity policies: an explicit deny wins, then an allow, else
/// the request is implicitly denied.
public enum PolicyEvaluator {
    public static func evaluate(_ policies: [NamedPolicy], _ request: PolicyRequest) -> PolicyDecision {
        // Keys are case-insensitive; keys that differ only in case are merged in a fixed order.
        var context: [String: [String]] = [:]
        for (key, values) in request.context.sorted(by: { $0.key < $1.key }) { context[key.lowercased(), default: []] += values }
        let lookup = { (key: String) -> [String]? in context[key] }
        var allow: PolicyDecision?
        for policy in policies {
            // Policy variables exist in the 2012-10-17 language only.
            let variables: ((String) -> [String]?)? = policy.document.version == "2012-10-17" ? lookup : nil
            for (index, statement) in policy.document.statements.enumerated() where applies(statement, request, lookup, variables: variables) {
                let decision = PolicyDecision(
                    outcome: statement.effect == .deny ? .explicitDeny : .allow, policy: policy.name, statementNumber: index + 1, statement: statement
                )
                if statement.effect == .deny { return decision }
                if allow == nil { allow = decision }
            }
        }
        return allow ?? PolicyDecision(outcome: .implicitDeny)
    }

    static func applies(
        _ statement: PolicyDocument.Statement, _ request: PolicyRequest, _ lookup: (String) -> [String]?, variables: ((String) -> [String]?)?
    ) -> Bool {
        let actionMatches = statement.action.patterns.contains {
            PolicyPattern($0, variables: variables)?.matches(request.action, ignoreCase: true) ?? false
        }
        guard actionMatches != statement.action.negated else { return false }
        let resourceMatches = statement.resource.patterns.contains { PolicyPattern($0, variables: variables)?.matches(request.resource) ?? false }
        guard resourceMatches != statement.resource.negated else { return false }
        return statement.conditions.allSatisfy { ConditionEvaluator.holds($0, lookup, variables: variables) }
    }
}
