import Foundation

/// Writes compact JSON straight into bytes: for responses and tokens, where building a
/// value tree or going through Codable would cost more than the work being answered.
/// Members of objects must be given in the order wanted (`value(_:)` sorts keys).
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next member or element needs a comma before it, per open container.
    private var needsComma: [Bool] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma.removeLast()
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma.removeLast()
    }

    /// A member name; the member's value must follow.
    public mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    public mutating func string(_ text: String) {
        separate()
        writeString(text)
    }

    public mutating func int(_ number: Int) {
        separate()
        bytes += Array(String(number).utf8)
    }

    /// A number; whole numbers are written without a fraction, as JSONEncoder does.
    public mutating func double(_ number: Double) throws {
        guard number.isFinite else { throw JSONText.Malformed(offset: bytes.count, reason: "\(number) is not a JSON number") }
        separate()
        if number == number.rounded(), abs(number) < 1e15 {
            bytes += Array(String(Int(number)).utf8)
        } else {
            bytes += Array("\(number)".utf8)
        }
    }

    public mutating func bool(_ flag: Bool) {
        separate()
        bytes += Array((flag ? "true" : "false").utf8)
    }

    public mutating func null() {
        separate()
        bytes += Array("null".utf8)
    }

    /// Any JSON value, objects with their keys sorted.
    public mutating func value(_ value: JSONValue) throws {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .double(let number): try double(number)
        case .string(let text): string(text)
        case .array(let items):
            beginArray()
            for item in items { try self.value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for name in members.keys.sorted() {
                key(name)
                try self.value(members[name] ?? .null)
            }
            endObject()
        }
    }

    private mutating func separate() {
        guard let last = needsComma.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) } else { needsComma[needsComma.count - 1] = true }
    }

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                bytes += [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 15)],
                ]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
