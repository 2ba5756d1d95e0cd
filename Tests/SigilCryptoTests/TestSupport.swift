import Foundation
import SigilCrypto

/// Bytes of a hex literal in a test (odd lengths read with a leading 0).
func bytes(_ hex: String) -> [UInt8] {
    Hex.decode(hex) ?? []
}

/// The bytes of a value with leading zero bytes removed, to compare big numbers whatever their padding.
func number(_ value: [UInt8]) -> [UInt8] {
    Array(value.drop { $0 == 0 })
}

/// `number` of a hex literal.
func number(_ hex: String) -> [UInt8] {
    number(bytes(hex))
}

func utf8(_ text: String) -> [UInt8] {
    Array(text.utf8)
}
