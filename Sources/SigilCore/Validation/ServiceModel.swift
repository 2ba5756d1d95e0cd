import Foundation
import SigilCrypto
import SigilJSON
import Synchronization

/// A service model (botocore's, without its documentation), loaded once.
/// It gives each operation's input shape and the constraints of every shape, so
/// requests are checked exactly as AWS checks them before any work is done.
public final class ServiceModel: Sendable {
    /// One shape of the model, with the constraints Sigil enforces.
    public indirect enum Shape: Sendable {
        /// Members with the name AWS uses for them in messages (`userPoolId`).
        case structure(members: [(name: String, shape: String, label: String)], required: Set<String>)
        case string(StringRule)
        case integer(min: Int?, max: Int?)
        case boolean
        case timestamp
        case blob
        case list(member: String, min: Int?, max: Int?)
        case map(key: String, value: String, min: Int?, max: Int?)
        /// Any JSON (a document shape).
        case document
    }

    public struct StringRule: Sendable {
        public var min: Int?
        public var max: Int?
        public var pattern: String?
        public var values: [String]?
        public var sensitive: Bool
        var regex: NSRegularExpressionBox?
    }

    public struct Operation: Sendable {
        public var name: String
        public var input: String?
        public var output: String?
        public var errors: [String]
        /// Whether AWS requires a Signature V4 for the call; the end-user APIs (SignUp,
        /// InitiateAuth, GetUser …) are unsigned.
        public var signed: Bool
    }

    public let operations: [String: Operation]
    public let shapes: [String: Shape]

    /// The user pools model shipped with Sigil.
    public static let cognitoIdentityProvider = shipped("cognito-idp")

    /// The identity pools model shipped with Sigil.
    public static let cognitoIdentity = shipped("cognito-identity")

    private static func shipped(_ name: String) -> ServiceModel {
        guard let url = Bundle.module.url(forResource: "\(name).model", withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let model = try? ServiceModel(json: data)
        else {
            fatalError("The \(name) service model is missing from the SigilCore bundle")
        }
        return model
    }

    init(json data: Data) throws {
        let root = try JSONValue(json: [UInt8](data))
        var operations: [String: Operation] = [:]
        for (name, spec) in root["operations"]?.objectValue ?? [:] {
            operations[name] = Operation(
                name: name,
                input: spec["input"]?["shape"]?.stringValue,
                output: spec["output"]?["shape"]?.stringValue,
                errors: (spec["errors"]?.arrayValue ?? []).compactMap { $0["shape"]?.stringValue },
                signed: spec["authtype"]?.stringValue != "none"
                    && spec["auth"]?.arrayValue?.contains(.string("smithy.api#noAuth")) != true
            )
        }
        var shapes: [String: Shape] = [:]
        for (name, spec) in root["shapes"]?.objectValue ?? [:] {
            var shape = Self.shape(from: spec)
            if Self.patternsTheServiceChecks.contains(name), case .string(var rule) = shape {
                rule.pattern = nil
                rule.regex = nil
                shape = .string(rule)
            }
            shapes[name] = shape
        }
        self.operations = operations
        self.shapes = shapes
    }

    /// Shapes whose pattern the service does not check as a constraint: `DomainType`'s
    /// holds for prefix domains only (a custom domain has dots), and Cognito reports a bad
    /// prefix in words of its own. The engine checks these.
    static let patternsTheServiceChecks: Set<String> = ["DomainType"]

    private static func shape(from spec: JSONValue) -> Shape {
        let min = spec["min"]?.intValue
        let max = spec["max"]?.intValue
        if spec["document"]?.boolValue == true { return .document }
        switch spec["type"]?.stringValue {
        case "structure":
            // Member order matters for messages; the stripped model keeps keys sorted,
            // so order members by name, which is also how AWS lists violations.
            let members = (spec["members"]?.objectValue ?? [:])
                .map { (name: $0.key, shape: $0.value["shape"]?.stringValue ?? "", label: lowerCamel($0.key)) }
                .sorted { $0.name < $1.name }
            let required = Set((spec["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            return .structure(members: members, required: required)
        case "string":
            let pattern = spec["pattern"]?.stringValue
            return .string(
                StringRule(
                    min: min, max: max, pattern: pattern,
                    values: spec["enum"]?.arrayValue?.compactMap(\.stringValue),
                    sensitive: spec["sensitive"]?.boolValue ?? false,
                    regex: pattern.flatMap(NSRegularExpressionBox.init(javaPattern:))
                ))
        case "integer", "long":
            return .integer(min: min, max: max)
        case "boolean":
            return .boolean
        case "timestamp":
            return .timestamp
        case "blob":
            return .blob
        case "list":
            return .list(member: spec["member"]?["shape"]?.stringValue ?? "", min: min, max: max)
        case "map":
            return .map(key: spec["key"]?["shape"]?.stringValue ?? "", value: spec["value"]?["shape"]?.stringValue ?? "", min: min, max: max)
        default:
            return .blob
        }
    }
}

/// A compiled pattern from the model. Java's `matches()` needs the whole value to match.
/// The same values come back again and again (client ids, pool ids), so recent answers
/// are remembered: a regular expression match costs more than the rest of a validation.
public final class NSRegularExpressionBox: @unchecked Sendable {
    private let regex: NSRegularExpression
    private let recent = Mutex<[String: Bool]>([:])
    private static let rememberedValues = 4_096
    private static let longestRemembered = 256

    init?(javaPattern: String) {
        guard let regex = try? NSRegularExpression(pattern: "\\A(?:\(javaPattern))\\z", options: [.dotMatchesLineSeparators])
        else { return nil }
        self.regex = regex
    }

    func matches(_ value: String) -> Bool {
        let remember = value.utf8.count <= Self.longestRemembered
        if remember, let known = recent.withLock({ $0[value] }) { return known }
        let range = NSRange(value.startIndex..., in: value)
        let result = regex.firstMatch(in: value, options: [], range: range) != nil
        if remember {
            recent.withLock { entries in
                if entries.count >= Self.rememberedValues { entries.removeAll(keepingCapacity: true) }
                entries[value] = result
            }
        }
        return result
    }
}
