/// The part of TOML theme files use: `key = value` lines, `[table]` headers, comments,
/// and values that are strings, integers, booleans or inline tables `{ a = 1, b = "x" }`.
/// Errors name the line and what is wrong.
enum TOMLSubset {
    indirect enum Value: Equatable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case table([String: Value])
    }

    struct Failure: Error, Equatable, CustomStringConvertible {
        var line: Int
        var reason: String
        var description: String { "line \(line): \(reason)" }
    }

    /// The document as tables of keys: the top level is under "".
    static func parse(_ text: String) throws -> [String: [String: Value]] {
        var document: [String: [String: Value]] = ["": [:]]
        var table = ""
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var scanner = Scanner(characters: Array(rawLine), line: number)
            scanner.skipSpace()
            if scanner.atEnd || scanner.peek == "#" { continue }
            if scanner.peek == "[" {
                scanner.index += 1
                let name = scanner.take { $0 != "]" }.trimmingSpaces
                guard scanner.peek == "]", !name.isEmpty else { throw Failure(line: number, reason: "a table header needs a name and a closing ]") }
                scanner.index += 1
                try scanner.expectEnd()
                guard document[name] == nil else { throw Failure(line: number, reason: "the table [\(name)] appears twice") }
                document[name] = [:]
                table = name
                continue
            }
            let (key, value) = try scanner.pair()
            try scanner.expectEnd()
            guard document[table]?[key] == nil else { throw Failure(line: number, reason: "\(key) is set twice") }
            document[table]?[key] = value
        }
        return document
    }

    private struct Scanner {
        let characters: [Character]
        let line: Int
        var index = 0

        var atEnd: Bool { index >= characters.count }
        var peek: Character? { atEnd ? nil : characters[index] }

        func fail(_ reason: String) -> Failure { Failure(line: line, reason: reason) }

        mutating func skipSpace() {
            while let c = peek, c == " " || c == "\t" || c == "\r" { index += 1 }
        }

        mutating func take(while keep: (Character) -> Bool) -> String {
            let start = index
            while let c = peek, keep(c) { index += 1 }
            return String(characters[start..<index])
        }

        mutating func expectEnd() throws {
            skipSpace()
            guard atEnd || peek == "#" else { throw fail("unexpected text after the value") }
        }

        mutating func pair() throws -> (String, Value) {
            skipSpace()
            let key = take { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            guard !key.isEmpty else { throw fail("a key (letters, digits, - or _) was expected") }
            skipSpace()
            guard peek == "=" else { throw fail("= was expected after \(key)") }
            index += 1
            skipSpace()
            return (key, try value())
        }

        mutating func value() throws -> Value {
            guard let c = peek else { throw fail("a value was expected") }
            switch c {
            case "\"":
                return .string(try string())
            case "{":
                index += 1
                var members: [String: Value] = [:]
                skipSpace()
                if peek == "}" {
                    index += 1
                    return .table(members)
                }
                while true {
                    let (key, value) = try pair()
                    guard members[key] == nil else { throw fail("\(key) is set twice") }
                    members[key] = value
                    skipSpace()
                    if peek == "}" {
                        index += 1
                        return .table(members)
                    }
                    guard peek == "," else { throw fail(", or } was expected in an inline table") }
                    index += 1
                }
            default:
                let word = take { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "+" || $0 == "_" }
                if word == "true" { return .boolean(true) }
                if word == "false" { return .boolean(false) }
                if let number = Int(word.replacingOccurrences(of: "_", with: "")) { return .integer(number) }
                throw fail(word.isEmpty ? "a value was expected" : "\(word) is not a string, number or boolean")
            }
        }

        mutating func string() throws -> String {
            index += 1
            var out = ""
            while let c = peek {
                index += 1
                if c == "\"" { return out }
                if c == "\\" {
                    guard let escaped = peek else { break }
                    index += 1
                    switch escaped {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "\"", "\\": out.append(escaped)
                    default: throw fail("unknown escape \\\(escaped)")
                    }
                } else {
                    out.append(c)
                }
            }
            throw fail("a string is not closed")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var result = Substring(self)
        while result.first == " " { result.removeFirst() }
        while result.last == " " { result.removeLast() }
        return String(result)
    }
}
