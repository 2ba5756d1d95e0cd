import Foundation

/// The colour roles views draw with; a theme gives each a style.
public enum Role: String, CaseIterable, Sendable {
    case text, muted, title, accent, selection, border
    case keyHint = "key-hint"
    case input, success, warning, danger
    case riskLow = "risk-low"
    case riskMedium = "risk-medium"
    case riskHigh = "risk-high"
}

/// A named set of styles, one per role.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [Role: Style]

    public subscript(role: Role) -> Style { styles[role] ?? .plain }

    /// The built-in dark theme: what the console uses when no theme file can be read.
    public static let fallback = Theme(
        name: "dark",
        styles: [
            .text: Style(), .muted: Style(foreground: .index(245)), .title: Style(foreground: .index(15), bold: true),
            .accent: Style(foreground: .index(6), bold: true), .selection: Style(foreground: .index(0), background: .index(6)),
            .border: Style(foreground: .index(240)), .keyHint: Style(foreground: .index(0), background: .index(250)),
            .input: Style(foreground: .index(15), background: .index(236)), .success: Style(foreground: .index(2)),
            .warning: Style(foreground: .index(3)), .danger: Style(foreground: .index(1), bold: true),
            .riskLow: Style(foreground: .index(2)), .riskMedium: Style(foreground: .index(3)),
            .riskHigh: Style(foreground: .index(9), bold: true),
        ])

    /// The same theme without colours, for NO_COLOR and monochrome terminals.
    public var monochrome: Theme {
        var copy = self
        for (role, style) in styles {
            copy.styles[role] = Style(bold: style.bold, underline: style.underline, reverse: style.reverse || role == .selection || role == .keyHint)
        }
        return copy
    }
}

/// Reads theme files: `name = "..."` and a `[roles]` table of inline tables with `fg`,
/// `bg`, `bold`, `underline` and `reverse`. Roles a file leaves out come from the
/// built-in theme; anything unknown is an error naming the file, line and problem.
public enum ThemeLoader {
    public struct Failure: Error, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "Theme \(file): \(reason)" }
    }

    public static func parse(_ text: String, file: String) throws -> Theme {
        let document: [String: [String: TOMLSubset.Value]]
        do {
            document = try TOMLSubset.parse(text)
        } catch let failure as TOMLSubset.Failure {
            throw Failure(file: file, reason: failure.description)
        }
        guard case .string(let name)? = document[""]?["name"] else {
            throw Failure(file: file, reason: "the theme needs a name = \"...\"")
        }
        if let extra = document.keys.first(where: { $0 != "" && $0 != "roles" }) {
            throw Failure(file: file, reason: "unknown table [\(extra)]; only [roles] is read")
        }
        var theme = Theme.fallback
        theme.name = name
        for (key, value) in document["roles"] ?? [:] {
            guard let role = Role(rawValue: key) else {
                throw Failure(file: file, reason: "unknown role \(key); roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard case .table(let members) = value else { throw Failure(file: file, reason: "\(key) must be an inline table like { fg = \"red\" }") }
            theme.styles[role] = try style(members, role: key, file: file)
        }
        return theme
    }

    private static func style(_ members: [String: TOMLSubset.Value], role: String, file: String) throws -> Style {
        var style = Style()
        for (key, value) in members {
            switch (key, value) {
            case ("fg", _), ("bg", _):
                let color: Color?
                switch value {
                case .string(let name): color = Color(name: name)
                case .integer(let index): color = (0...255).contains(index) ? .index(index) : nil
                default: color = nil
                }
                guard let color else {
                    throw Failure(
                        file: file, reason: "\(role).\(key): \(describe(value)) is not a colour (a name, bright-<name>, 0-255 or \"#rrggbb\")")
                }
                if key == "fg" { style.foreground = color } else { style.background = color }
            case ("bold", .boolean(let flag)): style.bold = flag
            case ("underline", .boolean(let flag)): style.underline = flag
            case ("reverse", .boolean(let flag)): style.reverse = flag
            case ("bold", _), ("underline", _), ("reverse", _):
                throw Failure(file: file, reason: "\(role).\(key) must be true or false")
            default:
                throw Failure(file: file, reason: "\(role): unknown setting \(key); use fg, bg, bold, underline or reverse")
            }
        }
        return style
    }

    private static func describe(_ value: TOMLSubset.Value) -> String {
        switch value {
        case .string(let text): return "\"\(text)\""
        case .integer(let number): return String(number)
        case .boolean(let flag): return String(flag)
        case .table: return "a table"
        }
    }

    /// Every theme found: files in `directories` (later ones win on a name), each read
    /// or reported. The built-in theme is always there.
    public static func load(from directories: [String]) -> (themes: [String: Theme], problems: [String]) {
        var themes = [Theme.fallback.name: Theme.fallback]
        var problems: [String] = []
        for directory in directories {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for file in files.sorted() where file.hasSuffix(".toml") {
                let path = directory + "/" + file
                do {
                    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                        throw Failure(file: path, reason: "the file can't be read as UTF-8 text")
                    }
                    let theme = try parse(text, file: path)
                    themes[theme.name] = theme
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        return (themes, problems)
    }

    /// Where themes live: the project's Themes folder (found from the executable), then the
    /// user's `~/.config/sigil/themes` (or `$XDG_CONFIG_HOME/sigil/themes`).
    public static func searchDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var directories: [String] = []
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = folder.appendingPathComponent("Themes").path
            if FileManager.default.fileExists(atPath: candidate) {
                directories.append(candidate)
                break
            }
            folder = folder.deletingLastPathComponent()
        }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((environment["HOME"] ?? "") + "/.config")
        directories.append(config + "/sigil/themes")
        return directories
    }
}
