import Foundation
import SigilJSON

/// The colours of managed login's pages, by the console themes' roles (text, muted,
/// accent, border, input, success, warning, danger …): light and dark, as the console's
/// light and dark themes, with a managed login branding's colours laid over them.
public struct LoginPalette: Sendable, Equatable {
    /// Colours for the page, and for a browser that prefers dark.
    public var page: [Colour]
    public var prefersDark: [Colour]

    public struct Colour: Sendable, Equatable {
        public var role: String
        /// `#rrggbb` or `#rrggbbaa`.
        public var value: String
    }

    static let light: [(String, String)] = [
        ("text", "#1c1c1c"), ("background", "#ffffff"), ("muted", "#767676"), ("title", "#000000"), ("accent", "#0a50c8"),
        ("on-accent", "#ffffff"), ("border", "#a8a8a8"), ("input", "#e4e4e4"), ("success", "#008700"), ("warning", "#af5f00"),
        ("danger", "#c00000"),
    ]
    static let dark: [(String, String)] = [
        ("text", "#d0d0d0"), ("background", "#121212"), ("muted", "#8a8a8a"), ("title", "#ffffff"), ("accent", "#00c0c0"),
        ("on-accent", "#000000"), ("border", "#585858"), ("input", "#303030"), ("success", "#5fd75f"), ("warning", "#d7d75f"),
        ("danger", "#ff5f5f"),
    ]

    /// The themes' palette: light, dark where the browser prefers it.
    public static let standard = LoginPalette(branding: nil)

    /// The palette with a branding's settings applied: its colours per mode, and its
    /// colour scheme (LIGHT or DARK pins one; DYNAMIC follows the browser).
    public init(branding settings: JSONValue?) {
        let light = Self.applying(settings, mode: "lightMode", to: Self.light)
        let dark = Self.applying(settings, mode: "darkMode", to: Self.dark)
        switch settings?["categories"]?["global"]?["colorSchemeMode"]?.stringValue {
        case "LIGHT":
            page = light
            prefersDark = light
        case "DARK":
            page = dark
            prefersDark = dark
        default:
            page = light
            prefersDark = dark
        }
    }

    /// Where each role's colour lives in a branding document, below `<mode>`.
    static let settingsPaths: [(role: String, path: [String])] = [
        ("accent", ["components", "primaryButton", "*", "defaults", "backgroundColor"]),
        ("on-accent", ["components", "primaryButton", "*", "defaults", "textColor"]),
        ("background", ["components", "pageBackground", "*", "color"]),
        ("text", ["components", "pageText", "*", "bodyColor"]),
        ("title", ["components", "pageText", "*", "headingColor"]),
        ("muted", ["components", "pageText", "*", "descriptionColor"]),
        ("input", ["componentClasses", "input", "*", "defaults", "backgroundColor"]),
        ("border", ["componentClasses", "input", "*", "defaults", "borderColor"]),
    ]

    private static func applying(_ settings: JSONValue?, mode: String, to base: [(String, String)]) -> [Colour] {
        base.map { role, value in
            guard let settings, let path = settingsPaths.first(where: { $0.role == role })?.path,
                let given = path.reduce(Optional(settings), { node, key in node?[key == "*" ? mode : key] })?.stringValue,
                let colour = cssColour(given)
            else { return Colour(role: role, value: value) }
            return Colour(role: role, value: colour)
        }
    }

    /// A branding colour (`rrggbb` or `rrggbbaa`, hex) as CSS; nil for anything else.
    static func cssColour(_ text: String) -> String? {
        guard text.count == 6 || text.count == 8, text.allSatisfy(\.isHexDigit) else { return nil }
        return "#" + text.lowercased()
    }
}
