import Foundation
import SigilConsole
import Testing

@Suite struct ThemeTests {
    static var themesFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Themes").path
    }

    @Test func theProjectsThemesAllLoad() async {
        let (themes, problems) = ThemeLoader.load(from: [Self.themesFolder])
        #expect(problems.isEmpty, "\(problems)")
        for name in ["dark", "light", "high-contrast", "mono"] {
            #expect(themes[name] != nil, "missing theme \(name)")
        }
        #expect(themes["light"]![.text] != themes["dark"]![.text] || themes["light"]![.selection] != themes["dark"]![.selection])
    }

    @Test func aBrokenThemeNamesTheFileTheLineAndTheProblem() async {
        let cases: [(String, String)] = [
            ("name = \"x\"\n[roles]\ntext = { fg = \"purple\" }\n", "text.fg: \"purple\" is not a colour"),
            ("name = \"x\"\n[roles]\nshiny = { fg = \"red\" }\n", "unknown role shiny"),
            ("name = \"x\"\n[roles]\ntext = { fg = \"red\"\n", "line 3"),
            ("[roles]\ntext = { fg = \"red\" }\n", "needs a name"),
            ("name = \"x\"\n[colours]\n", "unknown table [colours]"),
            ("name = \"x\"\n[roles]\ntext = { bold = \"yes\" }\n", "text.bold must be true or false"),
        ]
        for (text, expected) in cases {
            #expect(throws: ThemeLoader.Failure.self) { try ThemeLoader.parse(text, file: "broken.toml") }
            do {
                _ = try ThemeLoader.parse(text, file: "broken.toml")
            } catch {
                let message = "\(error)"
                #expect(message.contains("broken.toml"), "\(message)")
                #expect(message.contains(expected), "\(message) should mention \(expected)")
            }
        }
    }

    @Test func aBrokenFileIsReportedAndTheOthersStillLoad() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "name = \"ocean\"\n[roles]\naccent = { fg = \"#0088ff\" }\n".write(
            to: folder.appendingPathComponent("ocean.toml"), atomically: true, encoding: .utf8)
        try "name = \"bad\"\n[roles]\naccent = { fg = 300 }\n".write(to: folder.appendingPathComponent("bad.toml"), atomically: true, encoding: .utf8)
        let (themes, problems) = ThemeLoader.load(from: [folder.path])
        #expect(themes["ocean"]?[.accent].foreground == .rgb(0, 0x88, 0xFF))
        #expect(themes["bad"] == nil)
        #expect(themes["dark"] != nil)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("bad.toml") == true)
        #expect(problems.first?.contains("300") == true)
    }

    @Test func monochromeDropsEveryColourButKeepsTheSelectionVisible() async {
        let mono = Theme.fallback.monochrome
        for role in Role.allCases {
            #expect(mono[role].foreground == .default && mono[role].background == .default)
        }
        #expect(mono[.selection].reverse)
    }

    @Test func coloursMapToTheNearestOfTheSmallerPalettes() async {
        #expect(Color.rgb(255, 0, 0).paletteIndex == 196)
        #expect(Color.rgb(255, 0, 0).basicIndex == 1)
        #expect(Color.index(12).basicIndex == 4)
        #expect(Color(name: "bright-cyan") == .index(14))
        #expect(Color(name: "teal") == nil)
    }
}
