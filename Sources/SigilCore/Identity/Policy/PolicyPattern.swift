import Foundation

/// A pattern from a policy (an action, a resource, a condition value) with its policy
/// variables filled in: `*` and `?` are wildcards where written, while what a variable
/// stands for is matched literally. A variable with no value (and no default) leaves no
/// pattern at all: it matches nothing.
struct PolicyPattern: Equatable {
    enum Piece: Equatable {
        case literal(Unicode.Scalar)
        case anyRun
        case anyOne
    }

    var pieces: [Piece]

    /// `variables` answers a context key (lowercased) with its values; without it (a policy
    /// of the 2008 language version) `${…}` is plain text. Matching works on Unicode scalars,
    /// as IAM compares code points.
    init?(_ text: String, variables: ((String) -> [String]?)?) {
        var pieces: [Piece] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let variables, character == "$", text[index...].hasPrefix("${"), let close = text[index...].firstIndex(of: "}") {
                let inner = text[text.index(index, offsetBy: 2)..<close]
                guard let value = Self.resolve(String(inner), variables: variables) else { return nil }
                pieces += value.unicodeScalars.map(Piece.literal)
                index = text.index(after: close)
                continue
            }
            if character == "*" {
                pieces.append(.anyRun)
            } else if character == "?" {
                pieces.append(.anyOne)
            } else {
                pieces += character.unicodeScalars.map(Piece.literal)
            }
            index = text.index(after: index)
        }
        self.pieces = pieces
    }

    /// `${*}`, `${?}` and `${$}` are the characters themselves; `${key, 'default'}` falls
    /// back to the default.
    private static func resolve(_ inner: String, variables: (String) -> [String]?) -> String? {
        if inner == "*" || inner == "?" || inner == "$" { return inner }
        var key = inner.trimmingCharacters(in: .whitespaces)
        var fallback: String?
        if let comma = key.firstIndex(of: ",") {
            let rest = key[key.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            if rest.count >= 2, rest.hasPrefix("'"), rest.hasSuffix("'") { fallback = String(rest.dropFirst().dropLast()) }
            key = key[..<comma].trimmingCharacters(in: .whitespaces)
        }
        return variables(key.lowercased())?.first ?? fallback
    }

    func matches(_ text: String, ignoreCase: Bool = false) -> Bool {
        let subject = Array((ignoreCase ? text.lowercased() : text).unicodeScalars)
        let pattern =
            ignoreCase
            ? pieces.map { piece -> Piece in
                if case .literal(let c) = piece, let lower = String(c).lowercased().unicodeScalars.first { return .literal(lower) }
                return piece
            } : pieces
        // Wildcard matching with backtracking to the last `*`.
        var p = 0
        var s = 0
        var star: Int?
        var starSubject = 0
        while s < subject.count {
            if p < pattern.count {
                switch pattern[p] {
                case .anyRun:
                    star = p
                    starSubject = s
                    p += 1
                    continue
                case .anyOne:
                    p += 1
                    s += 1
                    continue
                case .literal(let c) where c == subject[s]:
                    p += 1
                    s += 1
                    continue
                default: break
                }
            }
            guard let starAt = star else { return false }
            p = starAt + 1
            starSubject += 1
            s = starSubject
        }
        while p < pattern.count, pattern[p] == .anyRun { p += 1 }
        return p == pattern.count
    }

    /// ARNs are compared a component at a time: wildcards don't cross a `:`.
    static func arnMatches(_ pattern: String, _ arn: String, variables: ((String) -> [String]?)?) -> Bool {
        let patternParts = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let arnParts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard patternParts.count == 6, arnParts.count == 6 else {
            return PolicyPattern(pattern, variables: variables)?.matches(arn) ?? false
        }
        return zip(patternParts, arnParts).allSatisfy { part, value in
            PolicyPattern(String(part), variables: variables)?.matches(String(value)) ?? false
        }
    }
}
