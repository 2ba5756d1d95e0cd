import Foundation
import SigilCore
import Testing

@testable import SigilConsole

/// The screens as the shell knows them: one registry, each screen reachable by its number
/// and its palette entry, messages delivered by the reply's type.
@Suite struct ScreenRegistryTests {
    func harness() async throws -> Harness {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.user("ann", in: poolId, email: "ann@example.com")
        return Harness(store: store, width: 120, height: 40)
    }

    @Test func everyScreenHasItsOwnKindAndNumberInRegistryOrder() {
        let kinds = ScreenRegistry.all.map { $0.info.kind }
        #expect(Set(kinds).count == kinds.count)
        #expect(Set(ScreenRegistry.all.map { $0.info.command }).count == kinds.count)
        for (index, kind) in kinds.enumerated() {
            #expect(kind.number == (index < 9 ? Character(String(index + 1)) : index == 9 ? "0" : nil))
            #expect(kind.title == ScreenRegistry.all[index].info.title)
        }
        #expect(ScreenKind("nowhere").number == nil)
    }

    @Test func eachScreenOpensByItsNumberAndByThePalette() async throws {
        let harness = try await harness()
        for screen in ScreenRegistry.all {
            let kind = screen.info.kind
            harness.press(.character(try #require(kind.number)))
            #expect(harness.model.screen == kind)
            #expect(harness.screen.contains(" \(kind.title) "))
            // Screens that open on a text field let go of it with Esc.
            if harness.model.screenCapturesText { harness.press(.escape) }
            harness.press(.character("1"))
            #expect(harness.model.screen == .pools)
            harness.press(.character(":"))
            harness.type(screen.info.command)
            harness.press(.enter)
            #expect(harness.model.screen == kind, "the palette's \(screen.info.command) did not open \(kind)")
            if harness.model.screenCapturesText { harness.press(.escape) }
        }
    }

    @Test func aScreensPaletteCommandOpensItAndPressesItsKey() async throws {
        let harness = try await harness()
        harness.press(.character(":"))
        harness.type("user new")
        harness.press(.enter)
        #expect(harness.model.screen == .directory)
        guard case .form(let form, _) = harness.model.dialog else {
            Issue.record("no form: \(String(describing: harness.model.dialog))")
            return
        }
        #expect(form.title.contains("user"))
    }

    @Test func aMessageOfAnotherScreensTypeIsIgnored() async throws {
        let harness = try await harness()
        let before = harness.model.directory.rows.count
        var model = harness.model
        let effects = model.update(.message(.screen(.directory, "not a directory reply")))
        #expect(effects.isEmpty)
        #expect(model.directory.rows.count == before)
        #expect(model.toast == nil)
    }

    @Test func showingAnUnknownScreenSaysSoAndStaysPut() async throws {
        let harness = try await harness()
        var model = harness.model
        let screen = model.screen
        _ = model.apply([.show(ScreenKind("nowhere"))])
        #expect(model.screen == screen)
        #expect(model.toast?.text == "There is no screen called nowhere")
    }
}
