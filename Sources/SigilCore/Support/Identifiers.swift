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
    static func sub() -> String { uuidV4() }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A random (version 4) UUID in lowercase, from OpenSSL's generator: Foundation's
    /// `UUID()` opens the system random device on every call, which shows when seeding.
    static func uuidV4() -> String {
        var bytes = SecureRandom.bytes(16)
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A numeric code of `count` digits.
    static func code(digits count: Int = 6) -> String { random(from: digits, count: count) }

    static func randomInt(below bound: Int) -> Int { SecureRandom.uniform(below: bound) }

    static func random(from alphabet: [Character], count: Int) -> String {
        SecureRandom.string(length: count, from: alphabet)
    }
}

/// Random version 4 UUIDs in lowercase, for request ids and the like.
public enum RandomUUID {
    public static func make() -> String { Identifiers.uuidV4() }
}
