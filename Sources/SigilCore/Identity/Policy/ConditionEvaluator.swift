import Foundation

/// One condition (an operator on one key) against the request context, with IAM's rules
/// for missing keys, `...IfExists`, `Null` and the set qualifiers.
enum ConditionEvaluator {
    /// `variables` is nil for policies of the 2008 language version (no policy variables).
    static func holds(_ condition: PolicyDocument.Condition, _ lookup: (String) -> [String]?, variables: ((String) -> [String]?)?) -> Bool {
        let op = condition.operator
        let present = lookup(condition.key.lowercased()).flatMap { $0.isEmpty ? nil : $0 }
        if op.kind == .null {
            return condition.values.contains { $0.lowercased() == "true" ? present == nil : present != nil }
        }
        guard let values = present else {
            if op.ifExists { return true }
            switch op.qualifier {
            case .forAllValues?: return true
            case .forAnyValue?: return false
            case nil: return op.negated
            }
        }
        // Does one request value match any of the policy's values (before negation)?
        func matchesAny(_ value: String) -> Bool { condition.values.contains { matches(op.kind, pattern: $0, value: value, variables) } }
        switch op.qualifier {
        case .forAllValues?: return values.allSatisfy { matchesAny($0) != op.negated }
        case .forAnyValue?: return values.contains { matchesAny($0) != op.negated }
        case nil:
            // Negated operators need the value to match none of the listed ones.
            return op.negated ? !values.contains { matchesAny($0) } : values.contains { matchesAny($0) }
        }
    }

    static func matches(_ kind: ConditionOperator.Kind, pattern: String, value: String, _ lookup: ((String) -> [String]?)?) -> Bool {
        switch kind {
        case .stringEquals(let ignoreCase):
            guard let resolved = PolicyPattern(pattern, variables: lookup)?.literalText else { return false }
            return ignoreCase ? resolved.lowercased() == value.lowercased() : resolved == value
        case .stringLike:
            return PolicyPattern(pattern, variables: lookup)?.matches(value) ?? false
        case .arnLike:
            return PolicyPattern.arnMatches(pattern, value, variables: lookup)
        case .bool:
            return pattern.lowercased() == value.lowercased()
        case .ipAddress:
            guard let address = IPAddress(value) else { return false }
            return IPRange(pattern)?.contains(address) ?? false
        case .numeric(let comparison):
            guard let left = decimal(value), let right = decimal(pattern) else { return false }
            return compare(left, right, comparison)
        case .date(let comparison):
            guard let left = date(value), let right = date(pattern) else { return false }
            return compare(left, right, comparison)
        case .null:
            return false
        }
    }

    private static func compare<T: Comparable>(_ left: T, _ right: T, _ comparison: ConditionOperator.Comparison) -> Bool {
        switch comparison {
        case .equals: return left == right
        case .lessThan: return left < right
        case .lessThanEquals: return left <= right
        case .greaterThan: return left > right
        case .greaterThanEquals: return left >= right
        }
    }

    /// A plain decimal number (not hex, `inf` or `nan`).
    static func decimal(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ "0123456789.-+eE".contains($0) }), let number = Double(text), number.isFinite else { return nil }
        return number
    }

    /// ISO 8601 (with or without fractions) or epoch seconds.
    static func date(_ text: String) -> Date? {
        if let seconds = Double(text) { return Date(timeIntervalSince1970: seconds) }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }
}

extension PolicyPattern {
    /// The text with its variables filled in, wildcards as plain characters (for the
    /// exact-match operators, where `*` means `*`).
    var literalText: String {
        var text = String.UnicodeScalarView()
        for piece in pieces {
            switch piece {
            case .literal(let c): text.append(c)
            case .anyRun: text.append("*")
            case .anyOne: text.append("?")
            }
        }
        return String(text)
    }
}
