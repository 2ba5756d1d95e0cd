import Foundation
import SigilCrypto

/// Identifiers in Cognito's formats, from the system's secure random source.
enum Identifiers {
    static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    static let lowerAlphanumerics = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    static let digits = Array("0123456789")

    /// `us-east-1_AbCdEf123`: the region, `_`, and nine letters and digits.
    static func userPoolId(region: String) -> String {
        region + "_" + random(from: alphanumerics, count: 9)
    }

    /// 26 lowercase letters and digits.
    static func clientId() -> String { random(from: lowerAlphanumerics, count: 26) }

    /// 51 lowercase letters and digits, like Cognito's generated secrets.
    static func clientSecret() -> String { random(from: lowerAlphanumerics, count: 51) }

    /// `import-` and ten letters and digits.
    static func importJobId() -> String { "import-" + random(from: alphanumerics, count: 10) }

    /// A version 4 UUID in lowercase, as Cognito writes `sub`.
    static func sub() -> String { UUID().uuidString.lowercased() }

    /// A numeric code of `count` digits.
    static func code(digits count: Int = 6) -> String { random(from: digits, count: count) }

    static func randomInt(below bound: Int) -> Int { SecureRandom.uniform(below: bound) }

    static func random(from alphabet: [Character], count: Int) -> String {
        SecureRandom.string(length: count, from: alphabet)
    }
}
