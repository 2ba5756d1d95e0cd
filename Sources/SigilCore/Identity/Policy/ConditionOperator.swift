import Foundation

/// A condition operator: its kind, whether it is negated, `...IfExists`, and the
/// `ForAnyValue:` / `ForAllValues:` set qualifier.
public struct ConditionOperator: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case stringEquals(ignoreCase: Bool)
        case stringLike
        case arnLike
        case bool
        case ipAddress
        case numeric(Comparison)
        case date(Comparison)
        case null
    }

    public enum Comparison: Sendable, Equatable {
        case equals, lessThan, lessThanEquals, greaterThan, greaterThanEquals
    }

    public enum SetQualifier: Sendable, Equatable {
        case forAnyValue, forAllValues
    }

    public var kind: Kind
    public var negated: Bool
    public var ifExists: Bool
    public var qualifier: SetQualifier?
    public var description: String

    private static let kinds: [String: (Kind, Bool)] = [
        "StringEquals": (.stringEquals(ignoreCase: false), false), "StringNotEquals": (.stringEquals(ignoreCase: false), true),
        "StringEqualsIgnoreCase": (.stringEquals(ignoreCase: true), false), "StringNotEqualsIgnoreCase": (.stringEquals(ignoreCase: true), true),
        "StringLike": (.stringLike, false), "StringNotLike": (.stringLike, true),
        "ArnEquals": (.arnLike, false), "ArnLike": (.arnLike, false), "ArnNotEquals": (.arnLike, true), "ArnNotLike": (.arnLike, true),
        "Bool": (.bool, false), "IpAddress": (.ipAddress, false), "NotIpAddress": (.ipAddress, true),
        "NumericEquals": (.numeric(.equals), false), "NumericNotEquals": (.numeric(.equals), true),
        "NumericLessThan": (.numeric(.lessThan), false), "NumericLessThanEquals": (.numeric(.lessThanEquals), false),
        "NumericGreaterThan": (.numeric(.greaterThan), false), "NumericGreaterThanEquals": (.numeric(.greaterThanEquals), false),
        "DateEquals": (.date(.equals), false), "DateNotEquals": (.date(.equals), true), "DateLessThan": (.date(.lessThan), false),
        "DateLessThanEquals": (.date(.lessThanEquals), false), "DateGreaterThan": (.date(.greaterThan), false),
        "DateGreaterThanEquals": (.date(.greaterThanEquals), false), "Null": (.null, false),
    ]

    public init?(_ name: String) {
        description = name
        var rest = Substring(name)
        if rest.hasPrefix("ForAnyValue:") {
            qualifier = .forAnyValue
            rest = rest.dropFirst("ForAnyValue:".count)
        } else if rest.hasPrefix("ForAllValues:") {
            qualifier = .forAllValues
            rest = rest.dropFirst("ForAllValues:".count)
        } else {
            qualifier = nil
        }
        ifExists = rest.hasSuffix("IfExists")
        if ifExists { rest = rest.dropLast("IfExists".count) }
        guard let (kind, negated) = Self.kinds[String(rest)] else { return nil }
        if kind == .null && (ifExists || qualifier != nil) { return nil }
        self.kind = kind
        self.negated = negated
    }
}
