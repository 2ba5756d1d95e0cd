import Foundation
import SigilConsole
import SigilCore
import Testing

/// What a newcomer found driving the console: pastes that ran as keys, clock steps,
/// pools by name, MFA without the API, help and back on every page, stale errors, and
/// text cut at 80×24.
@Suite struct ConsoleHardeningTests {
    func harness(width: Int = 80, height: Int = 24, settings: ConsoleSettings = ConsoleSettings()) async throws -> (Harness, String) {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.user("ann", in: poolId, email: "ann@example.com")
        return (Harness(store: store, width: width, height: height, settings: settings), poolId)
    }

    @Test func aPasteOutsideATextFieldRunsNothing() async throws {
        let (harness, _) = try await harness()
        harness.press(.character("1"))
        #expect(harness.model.screen == .pools)
        // "c" would open Create user pool, "x" delete, "q" quit: none may happen.
        harness.app.send(.paste("cxq1eyJhbGciOiJSUzI1NiJ9"))
        #expect(harness.model.dialog == nil)
        #expect(!harness.model.quitting)
        #expect(harness.model.screen == .pools)
        #expect(harness.model.toast?.text.contains("Paste ignored") == true)
    }

    @Test func aPasteGoesIntoTheFocusedField() async throws {
        let (harness, _) = try await harness()
        harness.press(.character("7"))
        harness.app.send(.paste("a.b.c\nq"))
        #expect(harness.model.tokens.input.text == "a.b.c q")
        #expect(harness.model.screen == .tokens && !harness.model.quitting)
        // Into a dialog's text field too.
        harness.press(.escape, .character("2"), .character("c"))
        #expect(harness.model.dialog != nil)
        harness.app.send(.paste("pasted-name"))
        guard case .form(let form, _)? = harness.model.dialog else {
            Issue.record("no form")
            return
        }
        #expect(form.form.fields[form.form.focus].input.text == "pasted-name")
    }

    @Test func clockStepsOfAnyAmount() async throws {
        #expect(Palette.clockStep("clock +2h") == 7_200)
        #expect(Palette.clockStep("clock +90m") == 5_400)
        #expect(Palette.clockStep("clock 45s") == 45)
        #expect(Palette.clockStep("clock +3d") == 259_200)
        #expect(Palette.clockStep("clock +2x") == nil)
        #expect(Palette.clockStep("clock +h") == nil)
        let store = try TestStore()
        _ = try await store.pool()
        let clock = AdjustableClock()
        let terminal = HeadlessTerminal(width: 80, height: 24)
        let app = ConsoleApp(engine: store.engine, terminal: terminal, clock: clock, settings: ConsoleSettings())
        app.settle()
        app.send(.key(.character(":")))
        app.type("clock +90m")
        app.send(.key(.enter))
        #expect(clock.offset == 5_400)
        #expect(app.model.toast?.text == "Clock moved 1h 30m ahead: now +1h 30m")
        app.settle()
        #expect(terminal.text[0].contains("(+1h 30m)"))
        app.send(.key(.character(":")))
        app.type("clock +2h")
        app.send(.key(.enter))
        #expect(clock.offset == 12_600)
        #expect(app.model.toast?.text == "Clock moved 2h ahead: now +3h 30m")
        app.tick()
        #expect(terminal.text[0].contains("(+3h 30m)"))
    }

    @Test func thePoolOptionTakesANameOrSaysWhatIsWrong() async throws {
        let store = try TestStore()
        let shop = try await store.pool("shop")
        _ = try await store.pool("other")
        let byName = Harness(store: store, settings: ConsoleSettings(initialPool: "shop"))
        #expect(byName.model.poolId == shop)
        let unknown = Harness(store: store, settings: ConsoleSettings(initialPool: "nope"))
        #expect(unknown.model.toast?.text == "No pool in this store has the id or name nope")
        _ = try await store.pool("shop")
        let twice = Harness(store: store, settings: ConsoleSettings(initialPool: "shop"))
        #expect(twice.model.toast?.text.hasPrefix("2 pools are named shop") == true)
    }

    @Test func theSettingsScreenSetsMFA() async throws {
        let (harness, poolId) = try await harness()
        harness.press(.character("4"))
        harness.press(.character("m"))
        guard case .form(let form, _)? = harness.model.dialog else {
            Issue.record("no MFA form")
            return
        }
        #expect(form.form["mode"] == "OFF")
        harness.press(.right, .right)  // OFF → OPTIONAL → ON
        harness.press(.down, .character("y"))  // TOTP on
        harness.press(.down, .character("n"), .down, .character("n"))  // SMS and email off
        harness.press(.enter)
        #expect(harness.model.dialog == nil)
        let config = try await harness.store.engine.getUserPoolMfaConfig(GetUserPoolMfaConfigRequest(userPoolId: poolId))
        #expect(config.mfaConfiguration == .on)
        #expect(config.softwareTokenMfaConfiguration?.enabled == true)
        #expect(config.smsMfaConfiguration == nil)
        #expect(harness.model.toast?.text == "MFA ON with TOTP")
        // ON with no factor is refused in the form, saying why.
        harness.press(.character("m"))
        harness.press(.down, .character("n"), .enter)  // TOTP off too: nothing left
        guard case .form(let refused, _)? = harness.model.dialog else {
            Issue.record("the form closed")
            return
        }
        #expect(refused.form.error == "MFA ON needs at least one factor: TOTP, SMS or email")
    }

    @Test func helpAndBackWorkOnTheSignInsFirstPage() async throws {
        let (harness, _) = try await harness()
        harness.press(.character("2"), .character("5"))
        #expect(harness.model.screen == .signIn)
        // The app client field has the focus: letters are not typed anywhere.
        #expect(!harness.model.screenCapturesText)
        harness.press(.character("?"))
        #expect(harness.screen.contains("Esc or ? closes"))
        harness.press(.escape)
        harness.press(.character("q"))
        #expect(harness.model.screen == .directory)
        harness.press(.character("5"))
        harness.press(.escape)
        #expect(harness.model.screen == .directory)
    }

    @Test func formsMentionTheKeysThatStillWork() async throws {
        let (harness, _) = try await harness()
        harness.press(.character("7"))
        #expect(harness.terminal.text.last?.contains("F1 help  ^P cmd") == true)
    }

    @Test func aNewAttemptClearsTheLastError() async throws {
        let (harness, _) = try await harness()
        harness.press(.character("2"), .character("c"))
        harness.type("ann")
        harness.press(.enter)
        guard case .form(let failed, _)? = harness.model.dialog else {
            Issue.record("no form")
            return
        }
        #expect(failed.form.error?.contains("UsernameExistsException") == true)
        // The next attempt starts without the old message (seen before its answer comes).
        var model = harness.model
        _ = model.update(.input(.key(.enter)))
        guard case .form(let retrying, let busy)? = model.dialog else {
            Issue.record("no form")
            return
        }
        #expect(busy)
        #expect(retrying.form.error == nil)
    }

    @Test func nothingImportantIsCutAt80x24() async throws {
        let (harness, poolId) = try await harness()
        harness.press(.character("4"))
        let settings = harness.screen
        #expect(settings.contains("arn:aws:cognito-idp:us-east-1:000000000000:userpool/"))
        #expect(settings.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "│", with: "").contains(poolId))
        harness.press(.character("6"))
        #expect(harness.row(containing: "0 messages") != nil)
        harness.press(.character("8"))
        #expect(harness.row(containing: "m turns it on") != nil)
        #expect(harness.row(containing: "Feedback") != nil)
    }

    @Test func thePoolIdStaysWholeInTheStatusBar() async throws {
        let store = try TestStore()
        let poolId = try await store.pool("customer-identities-production-europe-west")
        let harness = Harness(store: store, width: 80, height: 24, settings: ConsoleSettings(apiAddress: "localhost:9229"))
        harness.press(.character("9"))
        let top = harness.terminal.text[0]
        #expect(top.contains(poolId), "\(top)")
        #expect(top.contains("│ cust"))
    }

    @Test func countsAgreeWithTheirNouns() async {
        #expect(TextLayout.plural(1, "message") == "1 message")
        #expect(TextLayout.plural(2, "message") == "2 messages")
        #expect(TextLayout.plural(1_200, "user") == "1,200 users")
        #expect(TextLayout.plural(1, "identity", "identities") == "1 identity")
    }
}
