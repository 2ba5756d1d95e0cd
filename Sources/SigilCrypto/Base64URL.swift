import Foundation

/// Base64url (RFC 4648 section 5) as JOSE uses it: `-` and `_`, no padding.
public enum Base64URL {
    /// Encodes without padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        encode(Data(bytes))
    }

    /// Encodes without padding.
    public static func encode(_ data: Data) -> String {
        let standard = data.base64EncodedData()
        var output = [UInt8]()
        output.reserveCapacity(standard.count)
        for byte in standard {
            switch byte {
            case UInt8(ascii: "+"): output.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): output.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): break
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes the UTF-8 bytes of `string` without padding.
    public static func encode(_ string: String) -> String {
        encode(Array(string.utf8))
    }

    /// Decodes base64url with or without padding; nil for any character outside the alphabet
    /// or an impossible length.
    public static func decode(_ text: String) -> [UInt8]? {
        decode(utf8: Array(text.utf8)[...])
    }

    /// `decode` over UTF-8 bytes, for callers that already split a token into byte ranges.
    static func decode(utf8 text: ArraySlice<UInt8>) -> [UInt8]? {
        var body = text
        var padding = 0
        while body.last == UInt8(ascii: "=") && padding < 2 {
            body.removeLast()
            padding += 1
        }
        if padding > 0 && (body.count + padding) % 4 != 0 { return nil }
        guard body.count % 4 != 1 else { return nil }
        var standard = [UInt8]()
        standard.reserveCapacity(body.count + 3)
        for byte in body {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                standard.append(byte)
            case UInt8(ascii: "-"): standard.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): standard.append(UInt8(ascii: "/"))
            default: return nil
            }
        }
        while standard.count % 4 != 0 { standard.append(UInt8(ascii: "=")) }
        guard let data = Data(base64Encoded: Data(standard)) else { return nil }
        return [UInt8](data)
    }
}
