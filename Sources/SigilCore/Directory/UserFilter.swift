import Foundation

/// A parsed ListUsers filter: `attribute = "value"` (exact) or `attribute ^= "value"`
/// (prefix). Exactly one condition; the attribute may be quoted; `\"` and `\\` escape
/// inside the value; spaces around the operator are optional.
public struct UserFilter: Equatable, Sendable {
    public var attribute: String
    public var isPrefix: Bool
    public var value: String

    /// Attributes Cognito lets ListUsers filter on.
    public static let searchable: [String] = [
        "username", "email", "phone_number", "name", "given_name", "family_name", "preferred_username",
        "cognito:user_status", "status", "sub",
    ]

    public init(attribute: String, isPrefix: Bool, value: String) {
        self.attribute = attribute
        self.isPrefix = isPrefix
        self.value = value
    }

    /// Parses `text`; nil for an empty filter, which matches every user.
    public static func parse(_ text: String) throws -> UserFilter? {
        var scanner = Scanner(Array(text))
        scanner.skipSpaces()
        if scanner.atEnd { return nil }
        let attribute: String
        if scanner.peek == "\"" {
            attribute = try scanner.quoted()
        } else {
            attribute = scanner.take { !$0.isWhitespace && $0 != "=" && $0 != "^" }
        }
        guard !attribute.isEmpty else { throw failure("The filter must start with an attribute name") }
        scanner.skipSpaces()
        let isPrefix: Bool
        if scanner.consume("^=") {
            isPrefix = true
        } else if scanner.consume("=") {
            isPrefix = false
        } else {
            throw failure("Expected = or ^= after \(attribute)")
        }
        scanner.skipSpaces()
        guard scanner.peek == "\"" else { throw failure("The value must be in double quotes") }
        let value = try scanner.quoted()
        scanner.skipSpaces()
        guard scanner.atEnd else { throw failure("Only one condition is allowed") }
        guard searchable.contains(attribute) else {
            throw failure("\(attribute) is not a searchable attribute; use one of \(searchable.joined(separator: ", "))")
        }
        return UserFilter(attribute: attribute, isPrefix: isPrefix, value: value)
    }

    static func failure(_ detail: String) -> CognitoError {
        CognitoError.invalidParameter("Error while parsing filter. \(detail).")
    }

    private struct Scanner {
        let characters: [Character]
        var index = 0

        init(_ characters: [Character]) { self.characters = characters }

        var atEnd: Bool { index >= characters.count }
        var peek: Character? { atEnd ? nil : characters[index] }

        mutating func skipSpaces() {
            while let c = peek, c.isWhitespace { index += 1 }
        }

        mutating func consume(_ text: String) -> Bool {
            let wanted = Array(text)
            guard index + wanted.count <= characters.count, Array(characters[index..<(index + wanted.count)]) == wanted
            else { return false }
            index += wanted.count
            return true
        }

        mutating func take(while keep: (Character) -> Bool) -> String {
            let start = index
            while let c = peek, keep(c) { index += 1 }
            return String(characters[start..<index])
        }

        mutating func quoted() throws -> String {
            index += 1
            var value = ""
            while let c = peek {
                index += 1
                if c == "\\", let next = peek {
                    value.append(next)
                    index += 1
                } else if c == "\"" {
                    return value
                } else {
                    value.append(c)
                }
            }
            throw UserFilter.failure("A quoted value is not closed")
        }
    }
}
