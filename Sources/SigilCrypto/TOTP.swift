import Foundation

/// Time-based one-time passwords (RFC 6238) with HMAC-SHA1, as authenticator apps use for
/// SOFTWARE_TOKEN_MFA.
public struct TOTP: Sendable {
    /// The shared secret (Cognito's is 32 Base32 characters, 20 bytes).
    public let secret: [UInt8]
    /// Number of digits in a code.
    public let digits: Int
    /// Length of a time step in seconds.
    public let period: Int

    /// Cognito's parameters: 6 digits every 30 seconds.
    public init(secret: [UInt8], digits: Int = 6, period: Int = 30) {
        precondition((6...9).contains(digits) && period > 0, "TOTP: unsupported digits or period")
        self.secret = secret
        self.digits = digits
        self.period = period
    }

    /// A new random 20-byte secret (160 bits, as RFC 4226 recommends).
    public static func makeSecret() -> [UInt8] {
        SecureRandom.bytes(20)
    }

    /// The time step that contains `date`.
    public func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    /// The code for time step `step` (RFC 4226 HOTP with counter = step).
    public func code(forStep step: Int64) -> String {
        let counter = withUnsafeBytes(of: UInt64(bitPattern: step).bigEndian) { Array($0) }
        let mac = HMACSHA1.authenticate(counter, key: secret)
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let truncated =
            (UInt32(mac[offset]) & 0x7f) << 24 | UInt32(mac[offset + 1]) << 16
            | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let number = String(truncated % modulus)
        return String(repeating: "0", count: digits - number.count) + number
    }

    /// The code at `date`.
    public func code(at date: Date) -> String {
        code(forStep: step(at: date))
    }

    /// The time step whose code equals `code`, searching `window` steps either side of `date`;
    /// nil if none matches. Steps at or before `lastUsedStep` never match, so a code cannot be
    /// used twice: store the returned step and pass it next time.
    public func validate(_ code: String, at date: Date, window: Int = 1, after lastUsedStep: Int64? = nil) -> Int64? {
        guard code.utf8.count == digits, code.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let current = step(at: date)
        let window = Int64(max(0, window))
        var matched: Int64?
        for offset in -window...window {
            let candidate = current + offset
            if let lastUsedStep, candidate <= lastUsedStep { continue }
            // Check every step, so the time taken does not reveal which one matched.
            if constantTimeEquals(self.code(forStep: candidate), code), matched == nil { matched = candidate }
        }
        return matched
    }

    /// The `otpauth://totp/…` URI that authenticator apps read from a QR code.
    public func provisioningURI(accountName: String, issuer: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return "otpauth://totp/\(escape(issuer)):\(escape(accountName))?secret=\(Base32.encode(secret))"
            + "&issuer=\(escape(issuer))&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }
}
