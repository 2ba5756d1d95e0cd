import Foundation
import SigilConsole
import SigilCore
import Testing

@Suite struct ShellTests {
    func oneUserHarness(width: Int = 120, height: Int = 40) async throws -> Harness {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.user("ann", in: poolId, email: "ann@example.com")
        return Harness(store: store, width: width, height: height)
    }

    @Test func ctrlCQuitsFromAnywhereEvenADialog() async throws {
        let harness = try await oneUserHarness()
        harness.press(.character("c"))
        #expect(harness.model.dialog != nil)
        harness.press(.control("c"))
        #expect(harness.model.quitting)
    }

    @Test func helpListsEveryKeyOfTheScreenEvenAt80x24() async throws {
        let harness = try await oneUserHarness(width: 80, height: 24)
        harness.press(.character("?"))
        let screen = harness.screen
        for help in harness.model.directory.keyHelp + AppModel.globalKeys {
            #expect(screen.contains(String(help.action.prefix(18))), "help lacks \(help.action)")
        }
        harness.press(.escape)
        #expect(!harness.screen.contains("Esc or ? closes"))
    }

    @Test func thePaletteFindsScreensThemesAndPools() async throws {
        let harness = try await oneUserHarness()
        harness.press(.character(":"))
        harness.type("grp")
        harness.press(.enter)
        #expect(harness.model.screen == .groups)
        harness.press(.character(":"))
        harness.type("theme light")
        harness.press(.enter)
        // Only the built-in theme is loaded in tests, so light is not offered; nothing changes.
        #expect(harness.model.themeName == "dark")
        harness.press(.escape)
        harness.press(.character(":"))
        harness.type("pools")
        harness.press(.enter)
        #expect(harness.model.screen == .pools)
    }

    @Test func paletteRanking() async {
        let entries = [
            Palette.Entry("pools", "", .show(.pools)), Palette.Entry("users", "", .show(.directory)),
            Palette.Entry("groups", "", .show(.groups)), Palette.Entry("theme light", "", .theme("light")),
            Palette.Entry("theme dark", "", .theme("dark")),
        ]
        #expect(Palette.rank("usr", entries).first?.title == "users")
        #expect(Palette.rank("tl", entries).first?.title == "theme light")
        #expect(Palette.rank("theme d", entries).first?.title == "theme dark")
        #expect(Palette.rank("xyz", entries).isEmpty)
        #expect(Palette.score("gr", "groups")! > Palette.score("gr", "theme dark green")!)
    }

    @Test func themesSwitchAtRunTime() async throws {
        let store = try TestStore()
        _ = try await store.pool()
        var light = Theme.fallback
        light.name = "light"
        light.styles[.text] = Style(foreground: .index(0), background: .index(15))
        let harness = Harness(store: store, settings: ConsoleSettings(themes: ["dark": .fallback, "light": light]))
        harness.press(.character(":"))
        harness.type("theme light")
        harness.press(.enter)
        #expect(harness.model.themeName == "light")
        #expect(harness.terminal.frame[60, 20].style.background == .index(15))
    }

    @Test func anUnknownThemeFallsBackAndSaysSo() async throws {
        let store = try TestStore()
        _ = try await store.pool()
        let harness = Harness(store: store, settings: ConsoleSettings(themeName: "neon"))
        #expect(harness.model.themeName == "dark")
        #expect(harness.screen.contains("There is no theme named neon"))
        harness.press(.enter)
        #expect(harness.model.dialog == nil)
    }

    @Test func aWindowTooSmallSaysSoAndRecovers() async throws {
        let harness = try await oneUserHarness(width: 80, height: 24)
        harness.resize(width: 50, height: 12)
        #expect(harness.screen.contains("This window is 50×12."))
        #expect(harness.screen.contains("at least 80×24"))
        // Keys other than q do nothing while it is too small.
        harness.press(.character("x"), .character("y"))
        #expect(harness.model.directory.rows.count == 1)
        harness.resize(width: 80, height: 24)
        #expect(harness.screen.contains("ann@example.com"))
        harness.resize(width: 1, height: 1)
        harness.resize(width: 0, height: 0)
        harness.resize(width: 200, height: 60)
        #expect(harness.screen.contains("ann@example.com"))
    }

    @Test func randomKeysNeverBreakTheConsole() async throws {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.users(40, in: poolId)
        try await store.group("admins", in: poolId)
        let harness = Harness(store: store)
        var generator = SystemRandomNumberGenerator()
        let keys: [Key] =
            [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .tab, .backTab, .backspace, .delete, .function(5)]
            + "abcdefghijklmnopqrstuvwxyz0123456789/?:+-= \"".map { Key.character($0) }
            + [.control("r"), .control("u"), .control("w"), .character("山")]
        var pressed = 0
        for _ in 0..<1_500 {
            var key = keys.randomElement(using: &generator)!
            // Keep the session going and the store mostly intact.
            if key == .character("q") || key == .character("y") || key == .character("Y") { key = .escape }
            // The palette's own "quit" entry is a real way out, not a failure.
            if key == .enter, case .palette(let palette)? = harness.model.overlay,
                palette.matches.indices.contains(palette.scroll.selected), palette.matches[palette.scroll.selected].action == .quit
            {
                key = .escape
            }
            harness.app.send(.key(key))
            pressed += 1
            if harness.model.quitting { break }
        }
        #expect(pressed > 0)
        #expect(!harness.model.quitting)
        #expect(harness.terminal.frames > 0)
        #expect(!harness.screen.isEmpty)
    }

    @Test func theStatusBarShowsPoolClockAndAPI() async throws {
        let store = try TestStore()
        let poolId = try await store.pool()
        let harness = Harness(store: store, settings: ConsoleSettings(apiAddress: "localhost:9229"))
        harness.app.tick()
        let top = harness.terminal.text[0]
        #expect(top.contains(poolId))
        #expect(top.contains("API localhost:9229"))
        #expect(top.contains("2026-09-21 "))
    }

    @Test func clockChangesFromThePaletteReachTheClock() async throws {
        let store = try TestStore()
        _ = try await store.pool()
        let clock = AdjustableClock()
        let terminal = HeadlessTerminal(width: 120, height: 40)
        let app = ConsoleApp(engine: store.engine, terminal: terminal, clock: clock, settings: ConsoleSettings())
        app.settle()
        app.send(.key(.character(":")))
        app.type("clock freeze")
        app.send(.key(.enter))
        #expect(clock.isFrozen)
        app.send(.key(.character(":")))
        app.type("clock +1d")
        app.send(.key(.enter))
        #expect(clock.offset > 86_000)
        #expect(app.model.clock.frozen)
        #expect(terminal.text[0].contains("frozen"))
        app.send(.key(.character(":")))
        app.type("clock reset")
        app.send(.key(.enter))
        #expect(!clock.isFrozen && abs(clock.offset) < 1)
    }
}
