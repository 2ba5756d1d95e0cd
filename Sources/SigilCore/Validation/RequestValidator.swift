import Foundation
import SigilCrypto
import SigilJSON

/// Checks a request against its operation's input shape, as AWS does before running it:
/// JSON types (a wrong type is a `SerializationException`) and then the model's
/// constraints (required members, lengths, ranges, patterns, enum values), reported
/// together in AWS's words as one error: `InvalidParameterException` from user pools,
/// `ValidationException` from identity pools, as each service answers.
public struct RequestValidator: Sendable {
    public let model: ServiceModel
    /// The exception constraint violations are reported as.
    public let constraintException: ExceptionName

    public init(model: ServiceModel = .cognitoIdentityProvider, constraintException: ExceptionName = .invalidParameterException) {
        self.model = model
        self.constraintException = constraintException
    }

    /// True while the engine answers a request that was parsed and checked once already,
    /// at the edge (the HTTP dispatch checks the body against the model before decoding
    /// it): the engine's own check is then skipped. Calls from the console and the command
    /// line are checked by the engine as always.
    @TaskLocal public static var checkedAtEdge = false

    /// The identity pools validator: cognito-identity's model, `ValidationException`.
    public static let identityPools = RequestValidator(model: .cognitoIdentity, constraintException: .validationException)

    /// Validates a request already in JSON form.
    public func validate(_ request: JSONValue, operation: String) throws {
        guard let input = model.operations[operation]?.input else { return }
        var violations: [String] = []
        try check(request, shape: input, path: nil, violations: &violations)
        if !violations.isEmpty {
            let count = violations.count
            let noun = count == 1 ? "validation error" : "validation errors"
            throw CognitoError(constraintException, "\(count) \(noun) detected: " + violations.joined(separator: "; "))
        }
    }

    /// Validates a typed request by way of its JSON form.
    public func validate<Request: Encodable>(_ request: Request, operation: OperationName) throws {
        try validate(request, named: operation.rawValue)
    }

    /// The same for an identity pools operation (with the cognito-identity model).
    public func validate<Request: Encodable>(_ request: Request, operation: IdentityOperationName) throws {
        try validate(request, named: operation.rawValue)
    }

    private func validate<Request: Encodable>(_ request: Request, named operation: String) throws {
        if Self.checkedAtEdge { return }
        let json: JSONValue
        do {
            json = try JSONValueEncoder().encode(request)
        } catch {
            throw CognitoError.internalError("Could not encode the request: \(error)")
        }
        try validate(json, operation: operation)
    }

    private func check(_ value: JSONValue, shape name: String, path: String?, violations: inout [String]) throws {
        guard let shape = model.shapes[name] else { return }
        let label = path ?? "request"
        switch shape {
        case .structure(let members, let required):
            guard case .object(let fields) = value else {
                throw serialization("Expected an object at '\(label)'")
            }
            for member in members {
                let memberPath = path.map { "\($0).\(member.label)" } ?? member.label
                switch fields[member.name] {
                case nil, .null?:
                    if required.contains(member.name) {
                        violations.append("Value null at '\(memberPath)' failed to satisfy constraint: Member must not be null")
                    }
                case let field?:
                    try check(field, shape: member.shape, path: memberPath, violations: &violations)
                }
            }
        case .string(let rule):
            guard case .string(let text) = value else {
                throw serialization("Expected a string at '\(label)'")
            }
            checkString(text, rule: rule, path: label, violations: &violations)
        case .integer(let min, let max):
            guard let number = value.intValue else {
                throw serialization("Expected an integer at '\(label)'")
            }
            if let min, number < min {
                violations.append(
                    "Value '\(number)' at '\(label)' failed to satisfy constraint: Member must have value greater than or equal to \(min)")
            }
            if let max, number > max {
                violations.append("Value '\(number)' at '\(label)' failed to satisfy constraint: Member must have value less than or equal to \(max)")
            }
        case .boolean:
            guard case .bool = value else { throw serialization("Expected a boolean at '\(label)'") }
        case .timestamp:
            guard value.doubleValue != nil else { throw serialization("Expected a timestamp at '\(label)'") }
        case .blob:
            guard case .string = value else { throw serialization("Expected base64 text at '\(label)'") }
        case .document:
            break
        case .list(let member, let min, let max):
            guard case .array(let items) = value else {
                throw serialization("Expected a list at '\(label)'")
            }
            if let min, items.count < min {
                violations.append("Value at '\(label)' failed to satisfy constraint: Member must have length greater than or equal to \(min)")
            }
            if let max, items.count > max {
                violations.append("Value at '\(label)' failed to satisfy constraint: Member must have length less than or equal to \(max)")
            }
            if case .string(let rule)? = model.shapes[member] {
                // AWS reports a list of strings once, naming every rule of its members.
                let texts = try items.map { item -> String in
                    guard case .string(let text) = item else { throw serialization("Expected a string at '\(label)'") }
                    return text
                }
                if texts.contains(where: { !stringProblems($0, rule: rule).isEmpty }) {
                    let shown = rule.sensitive ? "Value" : "Value '[\(texts.joined(separator: ", "))]'"
                    violations.append("\(shown) at '\(label)' failed to satisfy constraint: Member must satisfy constraint: [\(allRules(rule))]")
                }
                return
            }
            for (index, item) in items.enumerated() {
                try check(item, shape: member, path: "\(label).\(index + 1).member", violations: &violations)
            }
        case .map(let keyShape, let valueShape, let min, let max):
            guard case .object(let entries) = value else {
                throw serialization("Expected a map at '\(label)'")
            }
            if let min, entries.count < min {
                violations.append("Value at '\(label)' failed to satisfy constraint: Member must have length greater than or equal to \(min)")
            }
            if let max, entries.count > max {
                violations.append("Value at '\(label)' failed to satisfy constraint: Member must have length less than or equal to \(max)")
            }
            if case .string(let keyRule)? = model.shapes[keyShape], entries.keys.contains(where: { !stringProblems($0, rule: keyRule).isEmpty }) {
                var hidden = false
                if case .string(let valueRule)? = model.shapes[valueShape] { hidden = valueRule.sensitive }
                let shown = entries.keys.sorted().map { "\($0)=\(hidden ? "" : entries[$0]?.stringValue ?? "")" }.joined(separator: ", ")
                violations.append(
                    "Value '{\(shown)}' at '\(label)' failed to satisfy constraint: Map keys must satisfy constraint: [\(allRules(keyRule))]")
            }
            if case .string(let rule)? = model.shapes[valueShape] {
                // AWS reports a map of strings once, as `{key=value, …}` with every rule of its values.
                var pairs: [(String, String)] = []
                for key in entries.keys.sorted() {
                    guard case .string(let text)? = entries[key] else { throw serialization("Expected a string at '\(label).\(key)'") }
                    pairs.append((key, text))
                }
                if pairs.contains(where: { !stringProblems($0.1, rule: rule).isEmpty }) {
                    let shown = pairs.map { "\($0.0)=\(rule.sensitive ? "" : $0.1)" }.joined(separator: ", ")
                    violations.append(
                        "Value '{\(shown)}' at '\(label)' failed to satisfy constraint: Map value must satisfy constraint: [\(allRules(rule))]")
                }
                return
            }
            for key in entries.keys.sorted() {
                if let entry = entries[key] {
                    try check(entry, shape: valueShape, path: "\(label).\(key)", violations: &violations)
                }
            }
        }
    }

    private func checkString(_ text: String, rule: ServiceModel.StringRule, path: String, violations: inout [String]) {
        let shown = rule.sensitive ? "Value" : "Value '\(text)'"
        for problem in stringProblems(text, rule: rule) {
            violations.append("\(shown) at '\(path)' failed to satisfy constraint: \(problem)")
        }
    }

    /// The rules of `rule` that `text` breaks, in AWS's words.
    private func stringProblems(_ text: String, rule: ServiceModel.StringRule) -> [String] {
        if let values = rule.values {
            return values.contains(text) ? [] : ["Member must satisfy enum value set: [\(values.joined(separator: ", "))]"]
        }
        var problems: [String] = []
        let length = text.utf16.count
        if let min = rule.min, length < min { problems.append("Member must have length greater than or equal to \(min)") }
        if let max = rule.max, length > max { problems.append("Member must have length less than or equal to \(max)") }
        if let regex = rule.regex, let pattern = rule.pattern, !text.isEmpty || (rule.min ?? 0) > 0, !regex.matches(text) {
            problems.append("Member must satisfy regular expression pattern: \(pattern)")
        }
        return problems
    }

    /// Every rule of a string shape, as AWS lists them for the members of a collection.
    private func allRules(_ rule: ServiceModel.StringRule) -> String {
        if let values = rule.values { return "Member must satisfy enum value set: [\(values.joined(separator: ", "))]" }
        var rules: [String] = []
        if let max = rule.max { rules.append("Member must have length less than or equal to \(max)") }
        if let min = rule.min { rules.append("Member must have length greater than or equal to \(min)") }
        if let pattern = rule.pattern { rules.append("Member must satisfy regular expression pattern: \(pattern)") }
        return rules.joined(separator: ", ")
    }

    private func serialization(_ message: String) -> CognitoError {
        CognitoError(.serializationException, message)
    }
}

/// `UserPoolId` → `userPoolId`, `MFAOptions` → `mfaOptions`: how AWS names members in messages.
func lowerCamel(_ name: String) -> String {
    let characters = Array(name)
    var run = 0
    while run < characters.count, characters[run].isUppercase { run += 1 }
    switch run {
    case 0: return name
    case characters.count: return name.lowercased()
    case 1: return characters[0].lowercased() + String(characters[1...])
    default: return String(characters[..<(run - 1)]).lowercased() + String(characters[(run - 1)...])
    }
}
