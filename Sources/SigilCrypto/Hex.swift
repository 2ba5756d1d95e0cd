/// Lower-case hexadecimal, the form SRP values take on the wire.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Two lower-case digits per byte.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes upper- or lower-case hex. An odd number of digits reads as if it had a leading 0
    /// (big numbers are often printed that way). Nil for any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        var nibbles = [UInt8]()
        nibbles.reserveCapacity(text.utf8.count + 1)
        for character in text.utf8 {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibbles.append(character - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibbles.append(character - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibbles.append(character - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        if nibbles.count % 2 == 1 { nibbles.insert(0, at: 0) }
        return stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
    }
}
