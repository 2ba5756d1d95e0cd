import COpenSSL

/// Cryptographically secure random values from OpenSSL's RAND_bytes.
public enum SecureRandom {
    /// Upper- and lower-case letters and digits (user pool id suffixes, device group keys).
    public static let alphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    /// Lower-case letters and digits (app client ids).
    public static let lowercaseAlphanumeric = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0 && count <= Int(Int32.max), "SecureRandom.bytes: count out of range")
        var output = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return output }
        let status = RAND_bytes(&output, Int32(count))
        // Continuing with predictable bytes would be worse than stopping.
        precondition(status == 1, "RAND_bytes failed: the system random source is unavailable")
        return output
    }

    /// A uniformly distributed integer in `0..<upperBound`, without modulo bias.
    public static func uniform(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "SecureRandom.uniform: upperBound must be positive")
        let bound = UInt64(upperBound)
        // Values below 2^64 mod bound would make the low residues more likely: draw again.
        let threshold = (0 &- bound) % bound
        while true {
            let value = bytes(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
            if value >= threshold { return Int(value % bound) }
        }
    }

    /// `length` characters each picked uniformly from `alphabet`.
    public static func string(length: Int, from alphabet: [Character]) -> String {
        precondition(!alphabet.isEmpty, "SecureRandom.string: empty alphabet")
        return String((0..<length).map { _ in alphabet[uniform(below: alphabet.count)] })
    }

    /// A random password of `length` (at least 4) characters with at least one lower-case letter,
    /// upper-case letter, digit and symbol, so it passes Cognito's default password policy
    /// (for temporary passwords). Symbols are ones that need no quoting in a shell or URL form.
    public static func password(length: Int = 12) -> String {
        precondition(length >= 4, "SecureRandom.password: length must be at least 4")
        let classes = [
            Array("abcdefghijklmnopqrstuvwxyz"), Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), Array("0123456789"),
            Array("!#$%*+-.=?@^_~"),
        ]
        let all = classes.flatMap { $0 }
        var characters = classes.map { $0[uniform(below: $0.count)] }
        characters += (4..<length).map { _ in all[uniform(below: all.count)] }
        // Fisher-Yates, so the guaranteed characters are not always in front.
        for index in stride(from: characters.count - 1, to: 0, by: -1) {
            characters.swapAt(index, uniform(below: index + 1))
        }
        return String(characters)
    }

    /// `length` characters each picked uniformly from the characters of `alphabet`.
    public static func string(length: Int, from alphabet: String) -> String {
        string(length: length, from: Array(alphabet))
    }
}
