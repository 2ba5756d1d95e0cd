import Foundation
import SigilCore
import Testing

@testable import SigilConsole

/// The risk dashboard on a real engine: a pool with threat protection enforced, sign-ins
/// from chosen addresses, and the screen read back as text.
@Suite struct RiskDashboardTests {
    static let attacker = "198.51.100.66"
    static let home = "203.0.113.10"
    static let blockedRange = "192.0.2.0/24"
    static let password = "Passw0rd!risk"

    struct Fixture {
        let store: TestStore
        let poolId: String
        let clientId: String
        let harness: Harness

        init(
            mode: AdvancedSecurityModeType = .enforced, users: [String] = ["ann", "bob", "cat", "dan", "eve", "fay"], width: Int = 120,
            height: Int = 40
        ) async throws {
            store = try TestStore()
            poolId = try await store.engine.createUserPool(
                CreateUserPoolRequest(poolName: "shop", userPoolAddOns: UserPoolAddOnsType(advancedSecurityMode: mode))
            ).userPool!.id!
            clientId = try await store.engine.createUserPoolClient(
                CreateUserPoolClientRequest(
                    userPoolId: poolId, clientName: "web", explicitAuthFlows: [.allowUserPasswordAuth, .allowUserSrpAuth, .allowRefreshTokenAuth])
            ).userPoolClient!.clientId!
            _ = try await store.engine.setRiskConfiguration(
                SetRiskConfigurationRequest(
                    userPoolId: poolId,
                    accountTakeoverRiskConfiguration: AccountTakeoverRiskConfigurationType(
                        actions: AccountTakeoverActionsType(
                            lowAction: AccountTakeoverActionType(notify: false, eventAction: .noAction),
                            mediumAction: AccountTakeoverActionType(notify: false, eventAction: .noAction),
                            highAction: AccountTakeoverActionType(notify: false, eventAction: .block))),
                    riskExceptionConfiguration: RiskExceptionConfigurationType(blockedIPRangeList: [RiskDashboardTests.blockedRange])))
            for name in users {
                try await store.user(name, in: poolId)
                _ = try await store.engine.adminSetUserPassword(
                    AdminSetUserPasswordRequest(userPoolId: poolId, username: name, password: RiskDashboardTests.password, permanent: true))
            }
            harness = Harness(store: store, width: width, height: height)
            harness.press(.character("8"))
        }

        var model: RiskDashboardModel { harness.model.risk }

        func attempt(_ name: String, from address: String, password: String = RiskDashboardTests.password) async {
            _ = try? await store.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": name, "PASSWORD": password], clientId: clientId),
                context: RequestOrigin(ipAddress: address, userAgent: "python-requests/2.31"))
            harness.app.settle()
        }

        /// Wrong passwords for five users from one address, then the sixth user's right one.
        func stuffing() async {
            for name in ["bob", "cat", "dan", "eve", "fay"] {
                await attempt(name, from: RiskDashboardTests.attacker, password: "Wrong-0ne!")
                store.clock.advance(by: 3)
            }
            await attempt("ann", from: RiskDashboardTests.attacker)
        }
    }

    @Test func aStuffingBurstShowsAsHighRiskAndBlocked() async throws {
        let fixture = try await Fixture()
        #expect(fixture.harness.model.screen == .risk)
        #expect(fixture.harness.screen.contains("No sign-ins yet"))
        await fixture.stuffing()
        // Engine events bring the new sign-ins in without a key press.
        let screen = fixture.harness.screen
        #expect(fixture.model.events.count == 6)
        #expect(screen.contains("Threat protection ENFORCED · last hour · 6 events · 1 blocked"))
        let annRow = try #require(fixture.harness.row(containing: "ann "))
        #expect(annRow.contains(Self.attacker) && annRow.contains("Fail") && annRow.contains("High") && annRow.contains("Block"))
        // The newest event is selected and its signals explain it.
        #expect(fixture.model.selected?.username == "ann")
        #expect(screen.contains("credential-stuffing"))
        #expect(screen.contains("BLOCK applied"))
        let overview = try #require(fixture.model.overview)
        #expect(overview.total(.high) >= 1 && overview.counts[.high]?.count == 60)
    }

    @Test func failureLeadersNarrowTheFeed() async throws {
        let fixture = try await Fixture()
        await fixture.stuffing()
        await fixture.attempt("bob", from: Self.home)
        fixture.harness.press(.tab)
        #expect(fixture.model.tab == .failures)
        let screen = fixture.harness.screen
        let top = try #require(fixture.harness.row(containing: Self.attacker))
        #expect(top.contains(Self.attacker) && top.contains("6 users") && top.contains("      6"), "\(top)")
        #expect(screen.contains("from 1 address"))
        // Enter on the address: back to the feed, only that address's events.
        fixture.harness.press(.enter)
        #expect(fixture.model.tab == .events && fixture.model.focus == .address(Self.attacker))
        #expect(fixture.model.events.count == 6 && fixture.model.events.allSatisfy { $0.context.ipAddress == Self.attacker })
        #expect(fixture.harness.screen.contains("from \(Self.attacker) (Esc clears)"))
        fixture.harness.press(.escape)
        #expect(fixture.model.focus == nil && fixture.model.events.count == 7)
        // A user row: u opens the user in the directory.
        fixture.harness.press(.tab, .end, .character("u"))
        #expect(fixture.harness.model.screen == .directory)
    }

    @Test func riskyOnlyWindowAndDrillDown() async throws {
        let fixture = try await Fixture()
        await fixture.attempt("ann", from: Self.home)
        fixture.store.clock.advance(by: 60)
        await fixture.stuffing()
        #expect(fixture.model.shown.count == 7)
        fixture.harness.press(.character("r"))
        // The first ordinary sign-in drops out; failures and high risk stay.
        #expect(fixture.model.shown.count == 6)
        #expect(!fixture.model.shown.contains { $0.response == .pass })
        fixture.harness.press(.character("r"), .character("w"))
        #expect(fixture.model.window == .day && fixture.model.overview?.counts[.low]?.count == 24)
        #expect(fixture.harness.screen.contains("last day"))
        // Enter widens the detail pane to the event's signals; Esc closes it.
        fixture.harness.press(.enter)
        #expect(fixture.model.expanded)
        let lines = RiskDashboardView.lines(try #require(fixture.model.selected))
        #expect(lines.contains { $0.label.hasSuffix("pts") && $0.value.hasPrefix("credential-stuffing") })
        fixture.harness.press(.escape)
        #expect(!fixture.model.expanded && fixture.harness.model.screen == .risk)
        // `a` narrows to the selected event's address.
        fixture.harness.press(.character("a"))
        #expect(fixture.model.focus == .address(Self.attacker))
    }

    @Test func feedbackIsRecordedAndShown() async throws {
        let fixture = try await Fixture()
        await fixture.attempt("ann", from: Self.home)
        fixture.harness.press(.character("i"))
        let screen = fixture.harness.screen
        #expect(screen.contains("Marked ann's SignIn event invalid"))
        #expect(fixture.model.selected?.feedback?.feedbackValue == .invalid)
        #expect(fixture.model.selected?.feedback?.provider == "Admin")
        // The next sign-in from the reported address weighs more.
        fixture.store.clock.advance(by: 60)
        await fixture.attempt("ann", from: Self.home)
        _ = fixture.harness.screen
        let latest = try #require(fixture.model.events.first?.risk)
        #expect(latest.signals.contains { $0.name == "reported-before" })
        fixture.harness.press(.down, .character("v"))
        _ = fixture.harness.screen
        #expect(fixture.model.events[1].feedback?.feedbackValue == .valid)
    }

    @Test func modeChangesFromTheDashboardAndFeedbackNeedsTheAddOn() async throws {
        let fixture = try await Fixture(mode: .off)
        await fixture.attempt("ann", from: Self.home)
        var screen = fixture.harness.screen
        #expect(screen.contains("Threat protection OFF"))
        #expect(screen.contains("not scored: m turns it on"))
        #expect(fixture.model.selected?.risk == nil)
        fixture.harness.press(.character("i"))
        #expect(fixture.harness.screen.contains("UserPoolAddOnNotEnabledException"))
        // m offers the modes; picking AUDIT turns scoring on.
        fixture.harness.press(.character("m"))
        #expect(fixture.harness.screen.contains("Threat protection for this pool"))
        fixture.harness.type("AUDIT")
        fixture.harness.press(.enter)
        screen = fixture.harness.screen
        #expect(screen.contains("Threat protection is AUDIT for this pool"))
        #expect(fixture.model.overview?.mode == .audit)
        await fixture.attempt("ann", from: Self.home)
        _ = fixture.harness.screen
        #expect(fixture.model.events.first?.risk?.level == .low)
    }

    @Test func aBlockedSignInFromTheHostedSignInShowsOnTheDashboard() async throws {
        let fixture = try await Fixture()
        // Hosted sign-in: password flow from an address in the blocked range.
        fixture.harness.press(.character("5"), .down, .right, .down, .control("u"))
        fixture.harness.type("192.0.2.55")
        fixture.harness.press(.enter)
        fixture.harness.type("ann")
        fixture.harness.press(.tab)
        fixture.harness.type(Self.password)
        fixture.harness.press(.enter)
        #expect(fixture.harness.screen.contains("NotAuthorizedException"))
        // The sign-in page takes letters and digits; the palette goes anywhere.
        fixture.harness.press(.control("p"))
        fixture.harness.type("risk")
        fixture.harness.press(.enter)
        #expect(fixture.harness.model.screen == .risk)
        let row = try #require(fixture.harness.row(containing: "192.0.2.55"))
        #expect(row.contains("ann") && row.contains("Fail") && row.contains("Block"))
        #expect(fixture.harness.screen.contains("blocked-range"))
    }

    @Test func fitsAt80x24() async throws {
        let fixture = try await Fixture(width: 80, height: 24)
        await fixture.stuffing()
        let lines = fixture.harness.screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 24)
        #expect(lines[1].hasPrefix(" Threat protection ENFORCED · last hour · 6 events · 1 blocked"))
        #expect(lines[2].hasPrefix(" High   "))
        #expect(lines[3].hasPrefix(" Medium "))
        #expect(lines[4].hasPrefix(" Low    "))
        #expect(lines[5].contains("Events") && lines[5].contains("Failed sign-ins"))
        #expect(lines[6].hasPrefix(" Time (UTC)"))
        #expect(lines[7].contains("ann") && lines[7].contains("High"))
        #expect(lines.contains { $0.contains("┌─ ann · SignIn · Fail") })
        #expect(lines[23].contains("Tab failures"))
        for line in lines { #expect(CharacterWidth.of(line) <= 80, "\(line)") }
    }
}
