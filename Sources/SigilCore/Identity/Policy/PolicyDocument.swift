import Foundation
import SigilCrypto
import SigilJSON

/// An IAM identity policy: statements that allow or deny actions on resources under
/// conditions. Parsing names the first problem it finds (statement and element).
public struct PolicyDocument: Sendable, Equatable {
    public enum Effect: String, Sendable {
        case allow = "Allow"
        case deny = "Deny"
    }

    /// A list of patterns, or everything except a list (NotAction, NotResource).
    public struct Match: Sendable, Equatable {
        public var patterns: [String]
        public var negated: Bool
    }

    /// One operator of a Condition block applied to one key.
    public struct Condition: Sendable, Equatable {
        public var `operator`: ConditionOperator
        public var key: String
        public var values: [String]
    }

    public struct Statement: Sendable, Equatable {
        public var sid: String?
        public var effect: Effect
        public var action: Match
        public var resource: Match
        public var conditions: [Condition]
        /// The statement as written, for showing which one decided.
        public var source: JSONValue
    }

    public var version: String?
    public var statements: [Statement]

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public init(json text: String) throws(ParseError) {
        guard let root = try? JSONValue(json: Array(text.utf8)) else { throw ParseError(message: "The policy is not valid JSON.") }
        try self.init(root)
    }

    public init(_ root: JSONValue) throws(ParseError) {
        guard case .object(let members) = root else { throw ParseError(message: "A policy must be a JSON object.") }
        version = members["Version"]?.stringValue
        if let version, version != "2012-10-17", version != "2008-10-17" {
            throw ParseError(message: "Version \(version) is not a policy language version (2012-10-17 or 2008-10-17).")
        }
        let list: [JSONValue]
        switch members["Statement"] {
        case .array(let items)?: list = items
        case .object?: list = [members["Statement"]!]
        default: throw ParseError(message: "A policy needs a Statement (an object or a list of them).")
        }
        guard !list.isEmpty else { throw ParseError(message: "The policy's Statement list is empty.") }
        var statements: [Statement] = []
        for (index, item) in list.enumerated() {
            statements.append(try Self.statement(item, number: index + 1))
        }
        self.statements = statements
    }

    private static func statement(_ value: JSONValue, number: Int) throws(ParseError) -> Statement {
        let name = "Statement \(number)"
        guard case .object(let members) = value else { throw ParseError(message: "\(name) is not an object.") }
        guard let effectText = members["Effect"]?.stringValue, let effect = Effect(rawValue: effectText) else {
            throw ParseError(message: "\(name): Effect must be Allow or Deny.")
        }
        let action = try match(members, "Action", "NotAction", in: name)
        let resource = try match(members, "Resource", "NotResource", in: name)
        var conditions: [Condition] = []
        if let block = members["Condition"] {
            guard case .object(let operators) = block else { throw ParseError(message: "\(name): Condition must be an object.") }
            for (operatorName, keys) in operators.sorted(by: { $0.key < $1.key }) {
                guard let op = ConditionOperator(operatorName) else {
                    throw ParseError(message: "\(name): \(operatorName) is not a condition operator Sigil knows.")
                }
                guard case .object(let entries) = keys, !entries.isEmpty else {
                    throw ParseError(message: "\(name): \(operatorName) must map condition keys to values.")
                }
                for (key, values) in entries.sorted(by: { $0.key < $1.key }) {
                    guard let strings = Self.strings(values), !strings.isEmpty else {
                        throw ParseError(message: "\(name): the values of \(operatorName) \(key) must be strings, numbers or booleans.")
                    }
                    conditions.append(Condition(operator: op, key: key, values: strings))
                }
            }
        }
        return Statement(sid: members["Sid"]?.stringValue, effect: effect, action: action, resource: resource, conditions: conditions, source: value)
    }

    private static func match(_ members: [String: JSONValue], _ positive: String, _ negative: String, in name: String) throws(ParseError) -> Match {
        switch (members[positive], members[negative]) {
        case (let value?, nil):
            guard let patterns = strings(value), !patterns.isEmpty else {
                throw ParseError(message: "\(name): \(positive) must be a string or a list of strings.")
            }
            return Match(patterns: patterns, negated: false)
        case (nil, let value?):
            guard let patterns = strings(value), !patterns.isEmpty else {
                throw ParseError(message: "\(name): \(negative) must be a string or a list of strings.")
            }
            return Match(patterns: patterns, negated: true)
        case (nil, nil): throw ParseError(message: "\(name) needs \(positive) or \(negative).")
        case (_?, _?): throw ParseError(message: "\(name) has both \(positive) and \(negative).")
        }
    }

    /// A value or list of values as strings (numbers and booleans as written).
    static func strings(_ value: JSONValue) -> [String]? {
        switch value {
        case .string(let text): return [text]
        case .bool(let flag): return [flag ? "true" : "false"]
        case .int(let number): return [String(number)]
        case .double(let number): return [String(number)]
        case .array(let items):
            var result: [String] = []
            for item in items {
                guard let strings = strings(item), strings.count == 1 else { return nil }
                result += strings
            }
            return result
        default: return nil
        }
    }
}
