/// A terminal colour: the terminal's own, one of the 16 named ones, a 256-colour index,
/// or 24-bit RGB (shown as the nearest of the 256 where true colour is missing).
public enum Color: Equatable, Hashable, Sendable {
    case `default`
    case index(Int)
    case rgb(UInt8, UInt8, UInt8)

    public static let names = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    ]

    /// `red`, `bright-red`, `default`, `"#aabbcc"` or an index 0–255; nil for anything else.
    public init?(name: String) {
        if name == "default" {
            self = .default
        } else if let index = Self.names.firstIndex(of: name) {
            self = .index(index)
        } else if name.hasPrefix("bright-"), let index = Self.names.firstIndex(of: String(name.dropFirst(7))) {
            self = .index(index + 8)
        } else if name.hasPrefix("#"), name.count == 7, let value = UInt32(name.dropFirst(), radix: 16) {
            self = .rgb(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
        } else {
            return nil
        }
    }

    /// The nearest entry of the xterm 256-colour palette.
    public var paletteIndex: Int? {
        switch self {
        case .default: return nil
        case .index(let index): return index
        case .rgb(let red, let green, let blue):
            func step(_ value: UInt8) -> Int { value < 48 ? 0 : value < 115 ? 1 : (Int(value) - 35) / 40 }
            let (r, g, b) = (step(red), step(green), step(blue))
            if r == g && g == b {
                let gray = (Int(red) + Int(green) + Int(blue)) / 3
                if gray > 8 && gray < 238 { return 232 + (gray - 8) / 10 }
            }
            return 16 + 36 * r + 6 * g + b
        }
    }

    /// The nearest of the 8 basic colours, for terminals that have only those.
    public var basicIndex: Int? {
        guard let index = paletteIndex else { return nil }
        if index < 16 { return index % 8 }
        if index >= 232 { return index >= 244 ? 7 : 0 }
        let cube = index - 16
        let (r, g, b) = (cube / 36, (cube / 6) % 6, cube % 6)
        return (r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0)
    }
}

/// How a cell looks.
public struct Style: Equatable, Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(foreground: Color = .default, background: Color = .default, bold: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
    }

    public static let plain = Style()
}
