import Foundation
import SigilCore
import SigilCrypto
import Testing

/// A pool with threat protection, SMS and email MFA available, and sign-ins from chosen
/// addresses and devices.
struct RiskFixture {
    let auth: AuthFixture
    var engine: Engine { auth.engine }
    var clock: ManualClock { auth.clock }
    var poolId: String { auth.poolId }

    static let sydney = "203.0.113.10"
    static let tokyo = "203.0.113.200"
    static let frankfurt = "198.51.100.7"
    static let frankfurtNeighbour = "198.51.100.99"
    static let firefox = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"
    static let curl = "curl/8.5"
    /// An address the location table does not hold (no travel signal).
    static let elsewhere = "10.20.30.40"

    init(mode: AdvancedSecurityModeType = .enforced) async throws {
        auth = try await AuthFixture(
            pool: CreateUserPoolRequest(
                poolName: "risk", autoVerifiedAttributes: [.email], userPoolAddOns: UserPoolAddOnsType(advancedSecurityMode: mode)))
        _ = try await auth.engine.setUserPoolMfaConfig(
            SetUserPoolMfaConfigRequest(
                userPoolId: auth.poolId, smsMfaConfiguration: SmsMfaConfigType(), emailMfaConfiguration: EmailMfaConfigType(),
                mfaConfiguration: .optional))
    }

    func user(_ name: String, phone: Bool = false) async throws {
        try await auth.confirmedUser(name, attributes: phone ? ["phone_number": "+15555550100", "phone_number_verified": "true"] : [:])
    }

    @discardableResult
    func signIn(_ name: String, from address: String = sydney, agent: String = firefox, password: String = AuthFixture.password) async throws
        -> InitiateAuthResponse
    {
        try await auth.passwordAuth(name, password, context: RequestOrigin(ipAddress: address, userAgent: agent))
    }

    /// Signs in and swallows the error (for failures that are the point).
    func attempt(_ name: String, from address: String = sydney, agent: String = firefox, password: String = AuthFixture.password) async {
        _ = try? await signIn(name, from: address, agent: agent, password: password)
    }

    func latest(_ name: String) async throws -> AuthEventRecord {
        try #require(try await engine.authEventRecords(poolId: poolId, username: name, limit: 1).first)
    }

    func signals(_ name: String) async throws -> [String] {
        try await latest(name).risk?.signals.map(\.name) ?? []
    }

    /// The pool's account-takeover actions per level.
    func actions(
        low: AccountTakeoverEventActionType = .noAction, medium: AccountTakeoverEventActionType, high: AccountTakeoverEventActionType,
        notify: Bool = false, exceptions: RiskExceptionConfigurationType? = nil
    ) async throws {
        _ = try await engine.setRiskConfiguration(
            SetRiskConfigurationRequest(
                userPoolId: poolId,
                accountTakeoverRiskConfiguration: AccountTakeoverRiskConfigurationType(
                    actions: AccountTakeoverActionsType(
                        lowAction: AccountTakeoverActionType(notify: notify, eventAction: low),
                        mediumAction: AccountTakeoverActionType(notify: notify, eventAction: medium),
                        highAction: AccountTakeoverActionType(notify: notify, eventAction: high))),
                riskExceptionConfiguration: exceptions))
    }

    /// A few ordinary sign-ins from Sydney in Firefox, a minute apart.
    func history(_ name: String, count: Int = 3) async throws {
        for _ in 0..<count {
            try await signIn(name)
            clock.advance(by: 60)
        }
    }
}

@Suite struct RiskConfigurationTests {
    @Test func poolAndClientConfigurationsAndTheirResets() async throws {
        let fixture = try await RiskFixture()
        let engine = fixture.engine
        let poolId = fixture.poolId
        let clientId = fixture.auth.clientId
        // Nothing set: an empty configuration for the pool.
        let empty = try await engine.describeRiskConfiguration(DescribeRiskConfigurationRequest(userPoolId: poolId)).riskConfiguration
        #expect(empty.userPoolId == poolId && empty.accountTakeoverRiskConfiguration == nil)
        // The pool's, with the default event filter filled in.
        _ = try await engine.setRiskConfiguration(
            SetRiskConfigurationRequest(
                userPoolId: poolId,
                compromisedCredentialsRiskConfiguration: CompromisedCredentialsRiskConfigurationType(
                    actions: CompromisedCredentialsActionsType(eventAction: .block))))
        let pool = try await engine.describeRiskConfiguration(DescribeRiskConfigurationRequest(userPoolId: poolId)).riskConfiguration
        #expect(pool.compromisedCredentialsRiskConfiguration?.eventFilter == [.signIn, .passwordChange, .signUp])
        // A client without its own inherits the pool's (no ClientId in the answer).
        let inherited = try await engine.describeRiskConfiguration(DescribeRiskConfigurationRequest(userPoolId: poolId, clientId: clientId))
            .riskConfiguration
        #expect(inherited.clientId == nil && inherited.compromisedCredentialsRiskConfiguration != nil)
        // Its own replaces the pool's wholesale.
        _ = try await engine.setRiskConfiguration(
            SetRiskConfigurationRequest(
                userPoolId: poolId, clientId: clientId,
                riskExceptionConfiguration: RiskExceptionConfigurationType(skippedIPRangeList: ["10.0.0.0/8"])))
        let own = try await engine.describeRiskConfiguration(DescribeRiskConfigurationRequest(userPoolId: poolId, clientId: clientId))
            .riskConfiguration
        #expect(own.clientId == clientId && own.compromisedCredentialsRiskConfiguration == nil)
        #expect(own.riskExceptionConfiguration?.skippedIPRangeList == ["10.0.0.0/8"])
        // Only the ids: the client inherits again, and the pool goes back to defaults.
        _ = try await engine.setRiskConfiguration(SetRiskConfigurationRequest(userPoolId: poolId, clientId: clientId))
        #expect(
            try await engine.describeRiskConfiguration(DescribeRiskConfigurationRequest(userPoolId: poolId, clientId: clientId)).riskConfiguration
                .clientId
                == nil)
        _ = try await engine.setRiskConfiguration(SetRiskConfigurationRequest(userPoolId: poolId))
        #expect(
            try await engine.describeRiskConfiguration(DescribeRiskConfigurationRequest(userPoolId: poolId)).riskConfiguration
                .compromisedCredentialsRiskConfiguration == nil)
    }

    @Test func badRangesAndUnknownClientsAreRefused() async throws {
        let fixture = try await RiskFixture()
        await expectError(.invalidParameterException, "BlockedIPRangeList entry 10.0.0.300/8 is not an IP range in CIDR notation.") {
            _ = try await fixture.engine.setRiskConfiguration(
                SetRiskConfigurationRequest(
                    userPoolId: fixture.poolId, riskExceptionConfiguration: RiskExceptionConfigurationType(blockedIPRangeList: ["10.0.0.300/8"])))
        }
        await expectError(.resourceNotFoundException) {
            _ = try await fixture.engine.describeRiskConfiguration(
                DescribeRiskConfigurationRequest(userPoolId: fixture.poolId, clientId: "nosuchclient"))
        }
    }
}

@Suite struct RiskSignalTests {
    @Test func aFirstSignInHasNoHistoryToDifferFrom() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        try await fixture.signIn("ann")
        let event = try await fixture.latest("ann")
        #expect(event.risk?.level == .low)
        #expect(event.risk?.signals.isEmpty == true)
        #expect(event.risk?.country == "AU" && event.risk?.city == "Sydney")
    }

    @Test func aNewDeviceAndAChangedUserAgent() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        try await fixture.history("ann")
        try await fixture.signIn("ann", agent: RiskFixture.curl)
        let signals = try await fixture.signals("ann")
        #expect(signals.contains("new-device") && signals.contains("user-agent-change"))
        #expect(try await fixture.latest("ann").risk?.score == 30)
    }

    @Test func aNewAddressInAKnownNetworkWeighsLessThanANewNetwork() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        try await fixture.history("ann")
        try await fixture.signIn("ann", from: "203.0.113.11")
        #expect(try await fixture.signals("ann") == ["new-address"])
        let nearby = try await fixture.latest("ann").risk?.score ?? 0
        fixture.clock.advance(by: 6 * 3_600)
        try await fixture.signIn("ann", from: "192.0.2.10")
        #expect(try await fixture.signals("ann").contains("new-network"))
        #expect((try await fixture.latest("ann").risk?.score ?? 0) > nearby)
    }

    @Test func failedAttemptsOnTheUserAddUp() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        try await fixture.history("ann")
        for _ in 0..<3 { await fixture.attempt("ann", password: "Wrong-pass-1") }
        try await fixture.signIn("ann")
        let failures = try #require(try await fixture.latest("ann").risk?.signals.first { $0.name == "recent-failures" })
        #expect(failures.points == 30)
        #expect(failures.detail == "3 failed sign-ins in 15 min")
    }

    @Test func anUnusualHourOnceThereIsAHabit() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        // Six sign-ins at about the same hour on six days.
        for _ in 0..<6 {
            try await fixture.signIn("ann")
            fixture.clock.advance(by: 86_400)
        }
        #expect(try await fixture.signals("ann").isEmpty)
        fixture.clock.advance(by: 12 * 3_600)
        try await fixture.signIn("ann")
        #expect(try await fixture.signals("ann").contains("unusual-hour"))
    }

    @Test func impossibleTravelBetweenFarAwayPlaces() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        try await fixture.signIn("ann", from: RiskFixture.sydney)
        fixture.clock.advance(by: 10 * 60)
        try await fixture.signIn("ann", from: RiskFixture.frankfurt)
        let travel = try #require(try await fixture.latest("ann").risk?.signals.first { $0.name == "impossible-travel" })
        #expect(travel.detail.hasPrefix("Sydney → Frankfurt: 16"))
        // A day later the same trip is plausible.
        fixture.clock.advance(by: 86_400)
        try await fixture.signIn("ann", from: RiskFixture.sydney)
        #expect(!(try await fixture.signals("ann").contains("impossible-travel")))
    }

    @Test func theModelsWeightsAndThresholdsAreTheEnginesToChoose() async throws {
        var model = RiskModel.standard
        model.newDevice = 70
        model.highScore = 70
        let decoded = try JSONDecoder().decode(RiskModel.self, from: Data(#"{"newDevice": 70, "highScore": 70}"#.utf8))
        #expect(decoded == model)
        #expect(decoded.level(for: 69) == .medium && decoded.level(for: 70) == .high)
    }
}

@Suite struct RiskActionTests {
    @Test func enforcedBlockRefusesAndRecordsTheDecision() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        try await fixture.actions(medium: .block, high: .block)
        try await fixture.history("ann")
        await expectError(.notAuthorizedException, "Unable to login because of security reasons.") {
            try await fixture.signIn("ann", from: RiskFixture.elsewhere, agent: RiskFixture.curl)
        }
        let event = try await fixture.latest("ann")
        #expect(event.response == .fail && event.risk?.decision == .block && event.risk?.level == .medium)
        // The API shape.
        let listed = try await fixture.engine.adminListUserAuthEvents(
            AdminListUserAuthEventsRequest(userPoolId: fixture.poolId, username: "ann", maxResults: 1))
        #expect(listed.authEvents?.first?.eventRisk == EventRiskType(riskDecision: .block, riskLevel: .medium, compromisedCredentialsDetected: false))
        #expect(listed.authEvents?.first?.eventContextData?.ipAddress == RiskFixture.elsewhere)
    }

    @Test func auditOnlyRecords() async throws {
        let fixture = try await RiskFixture(mode: .audit)
        try await fixture.user("ann")
        try await fixture.actions(medium: .block, high: .block)
        try await fixture.history("ann")
        #expect(try await fixture.signIn("ann", from: RiskFixture.elsewhere, agent: RiskFixture.curl).authenticationResult != nil)
        let event = try await fixture.latest("ann")
        #expect(event.response == .pass && event.risk?.level == .medium && event.risk?.decision == .noRisk)
        #expect(event.risk?.action == "BLOCK" && event.risk?.enforced == false)
    }

    @Test func mfaRequiredChallengesEvenWhenTheUserHasNotTurnedMfaOn() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann", phone: true)
        try await fixture.actions(medium: .mfaRequired, high: .block)
        try await fixture.history("ann")
        let response = try await fixture.signIn("ann", from: RiskFixture.elsewhere, agent: RiskFixture.curl)
        #expect(response.challengeName == .selectMfaType)
        #expect(response.challengeParameters?["MFAS_CAN_CHOOSE"]?.contains("SMS_MFA") == true)
        let chosen = try await fixture.auth.respond(.selectMfaType, session: response.session, ["USERNAME": "ann", "ANSWER": "SMS_MFA"])
        #expect(chosen.challengeName == .smsMfa)
        let code = try await fixture.auth.lastCode("ann")
        let done = try await fixture.auth.respond(.smsMfa, session: chosen.session, ["USERNAME": "ann", "SMS_MFA_CODE": code])
        #expect(done.authenticationResult != nil)
        let event = try await fixture.latest("ann")
        #expect(event.risk?.decision == .accountTakeover)
        #expect(event.challenges.contains(ChallengeResponseType(challengeName: .mfa, challengeResponse: .success)))
    }

    @Test func mfaIfConfiguredLetsAUserWithoutASecondFactorIn() async throws {
        let fixture = try await RiskFixture()
        // No phone; an email, so email OTP is possible: take the email away.
        try await fixture.user("ann")
        _ = try await fixture.engine.adminDeleteUserAttributes(
            AdminDeleteUserAttributesRequest(userPoolId: fixture.poolId, username: "ann", userAttributeNames: ["email"]))
        try await fixture.actions(medium: .mfaIfConfigured, high: .mfaRequired)
        try await fixture.history("ann")
        #expect(try await fixture.signIn("ann", from: RiskFixture.elsewhere, agent: RiskFixture.curl).authenticationResult != nil)
        #expect(try await fixture.latest("ann").risk?.decision == .noRisk)
        // MFA_REQUIRED with nothing to challenge: refused.
        fixture.clock.advance(by: 60)
        try await fixture.actions(medium: .mfaRequired, high: .mfaRequired)
        await expectError(.notAuthorizedException, "Unable to login because of security reasons.") {
            try await fixture.signIn("ann", from: "198.51.100.7", agent: "Another/1.0")
        }
    }

    @Test func skippedAndBlockedRanges() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        try await fixture.actions(
            medium: .block, high: .block,
            exceptions: RiskExceptionConfigurationType(blockedIPRangeList: ["198.51.100.0/24"], skippedIPRangeList: ["192.0.2.0/24"]))
        try await fixture.history("ann")
        // Skipped: no risk detection, so the new network and device don't count.
        #expect(try await fixture.signIn("ann", from: "192.0.2.10", agent: RiskFixture.curl).authenticationResult != nil)
        #expect(try await fixture.signals("ann") == ["skipped-range"])
        // Blocked: refused before the password is looked at.
        await expectError(.notAuthorizedException, "Request not allowed due to security reasons.") {
            try await fixture.signIn("ann", from: RiskFixture.frankfurt, password: "wrong")
        }
        #expect(try await fixture.latest("ann").risk?.decision == .block)
    }

    @Test func notificationsGoToTheOutboxWithWorkingFeedbackLinks() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        try await fixture.actions(medium: .noAction, high: .noAction, notify: true)
        try await fixture.history("ann")
        try await fixture.signIn("ann", from: "192.0.2.10", agent: RiskFixture.curl)
        let notice = try #require(try await fixture.engine.outboxMessages(poolId: fixture.poolId, username: "ann").first)
        #expect(notice.purpose == .securityNotice && notice.destination == "ann@example.com")
        #expect(notice.text.contains("192.0.2.10") && notice.text.contains("New York") && notice.text.contains("curl/8.5"))
        let event = try await fixture.latest("ann")
        // Each link carries a token for its own answer.
        func token(_ value: String) throws -> String {
            let link = try #require(notice.text.split(separator: " ").first { $0.contains("value=\(value)") })
            return try #require(link.components(separatedBy: "token=").dropFirst().first?.components(separatedBy: "&").first)
        }
        let yes = try token("valid")
        let no = try token("invalid")
        #expect(yes != no)
        func answer(_ token: String, _ value: FeedbackValueType) async throws {
            _ = try await fixture.engine.updateAuthEventFeedback(
                UpdateAuthEventFeedbackRequest(
                    userPoolId: fixture.poolId, username: "ann", eventId: event.eventId, feedbackToken: token, feedbackValue: value))
        }
        await expectError(.notAuthorizedException, "Invalid feedback token.") { try await answer("forged", .invalid) }
        await expectError(.notAuthorizedException, "Invalid feedback token.") { try await answer(yes, .invalid) }
        #expect(try await fixture.latest("ann").feedback == nil)
        try await answer(no, .invalid)
        #expect(try await fixture.latest("ann").feedback?.feedbackValue == .invalid)
        #expect(try await fixture.latest("ann").feedback?.provider == "User")
        try await answer(no, .invalid)
        // The other link can't turn the answer round afterwards.
        await expectError(.notAuthorizedException, "Feedback for this event has already been given.") { try await answer(yes, .valid) }
        #expect(try await fixture.latest("ann").feedback?.feedbackValue == .invalid)
    }

    @Test func feedbackChangesLaterScores() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        try await fixture.user("bob")
        try await fixture.history("ann")
        try await fixture.history("bob")
        // Both sign in from a new network and device; ann says it was her, bob says not.
        try await fixture.signIn("ann", from: "192.0.2.10", agent: RiskFixture.curl)
        try await fixture.signIn("bob", from: "192.0.2.10", agent: RiskFixture.curl)
        for name in ["ann", "bob"] {
            let event = try await fixture.latest(name)
            _ = try await fixture.engine.adminUpdateAuthEventFeedback(
                AdminUpdateAuthEventFeedbackRequest(
                    userPoolId: fixture.poolId, username: name, eventId: event.eventId, feedbackValue: name == "ann" ? .valid : .invalid))
        }
        fixture.clock.advance(by: 3_600)
        try await fixture.signIn("ann", from: "192.0.2.10", agent: RiskFixture.curl)
        #expect(try await fixture.signals("ann").isEmpty)
        try await fixture.signIn("bob", from: "192.0.2.10", agent: RiskFixture.curl)
        let bob = try await fixture.signals("bob")
        #expect(bob.contains("reported-before") && bob.contains("new-network"))
        #expect(try await fixture.latest("bob").feedback == nil)
    }

    @Test func feedbackNeedsThreatProtectionAndAKnownEvent() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        await expectError(.resourceNotFoundException) {
            _ = try await fixture.engine.adminUpdateAuthEventFeedback(
                AdminUpdateAuthEventFeedbackRequest(userPoolId: fixture.poolId, username: "ann", eventId: "no-such-event", feedbackValue: .valid))
        }
        let off = try await AuthFixture()
        try await off.confirmedUser("ann")
        await expectError(.userPoolAddOnNotEnabledException) {
            _ = try await off.engine.adminUpdateAuthEventFeedback(
                AdminUpdateAuthEventFeedbackRequest(userPoolId: off.poolId, username: "ann", eventId: "x", feedbackValue: .valid))
        }
    }
}

@Suite struct CompromisedCredentialTests {
    func blocking(_ fixture: RiskFixture, filter: [EventFilterType]? = nil, action: CompromisedCredentialsEventActionType = .block) async throws {
        _ = try await fixture.engine.setRiskConfiguration(
            SetRiskConfigurationRequest(
                userPoolId: fixture.poolId,
                compromisedCredentialsRiskConfiguration: CompromisedCredentialsRiskConfigurationType(
                    eventFilter: filter, actions: CompromisedCredentialsActionsType(eventAction: action))))
    }

    @Test func theShippedListIsDjangosCommonPasswords() async {
        let list = CommonPasswordList.shipped
        #expect(list.count == 19_640)
        #expect(list.contains("P@ssw0rd") && list.contains("password1!"))
        #expect(!list.contains("Corr3ct-Horse!"))
    }

    @Test func signUpAndPasswordChangesAreBlocked() async throws {
        let fixture = try await RiskFixture()
        try await blocking(fixture)
        await expectError(.invalidPasswordException, "Provided password cannot be used for security reasons.") {
            _ = try await fixture.engine.signUp(
                SignUpRequest(
                    clientId: fixture.auth.clientId, username: "zoe", password: "P@ssw0rd",
                    userAttributes: [AttributeType(name: "email", value: "zoe@example.com")]))
        }
        try await fixture.user("ann")
        await expectError(.invalidPasswordException, "Provided password cannot be used for security reasons.") {
            _ = try await fixture.engine.adminSetUserPassword(
                AdminSetUserPasswordRequest(userPoolId: fixture.poolId, username: "ann", password: "Password1!", permanent: true))
        }
        let access = try #require(try await fixture.signIn("ann").authenticationResult?.accessToken)
        await expectError(.invalidPasswordException) {
            _ = try await fixture.engine.changePassword(
                ChangePasswordRequest(previousPassword: AuthFixture.password, proposedPassword: "P@ssw0rd", accessToken: access))
        }
        _ = try await fixture.engine.forgotPassword(ForgotPasswordRequest(clientId: fixture.auth.clientId, username: "ann"))
        let code = try await fixture.auth.lastCode("ann")
        await expectError(.invalidPasswordException) {
            _ = try await fixture.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(clientId: fixture.auth.clientId, username: "ann", confirmationCode: code, password: "P@ssw0rd"))
        }
    }

    @Test func onlyTheConfiguredEventsAreBlocked() async throws {
        let fixture = try await RiskFixture()
        try await blocking(fixture, filter: [.signIn])
        let signedUp = try await fixture.engine.signUp(
            SignUpRequest(
                clientId: fixture.auth.clientId, username: "zoe", password: "P@ssw0rd",
                userAttributes: [AttributeType(name: "email", value: "zoe@example.com")]))
        #expect(!signedUp.userConfirmed)
        let event = try await fixture.latest("zoe")
        #expect(event.type == .signUp && event.risk?.compromisedCredentials == true)
    }

    @Test func aCompromisedPasswordAtSignInBlocksAndRequiresAReset() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        _ = try await fixture.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: fixture.poolId, username: "ann", password: "P@ssw0rd", permanent: true))
        try await blocking(fixture)
        await expectError(.notAuthorizedException, "Unable to login because of security reasons.") {
            try await fixture.signIn("ann", password: "P@ssw0rd")
        }
        let event = try await fixture.latest("ann")
        #expect(event.risk?.compromisedCredentials == true && event.risk?.decision == .block)
        let user = try await fixture.engine.adminGetUser(AdminGetUserRequest(userPoolId: fixture.poolId, username: "ann"))
        #expect(user.userStatus == .resetRequired)
    }

    @Test func srpIsNeverCheckedAndNoActionOnlyRecords() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        _ = try await fixture.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: fixture.poolId, username: "ann", password: "P@ssw0rd", permanent: true))
        try await blocking(fixture)
        // SRP never sends the password, so it can't be checked.
        #expect(try await fixture.auth.srpAuth("ann", "P@ssw0rd").authenticationResult != nil)
        #expect(try await fixture.latest("ann").risk?.compromisedCredentials == false)
        try await blocking(fixture, action: .noAction)
        #expect(try await fixture.signIn("ann", password: "P@ssw0rd").authenticationResult != nil)
        #expect(try await fixture.latest("ann").risk?.compromisedCredentials == true)
    }
}

/// The scripted attack the issue describes: a credential-stuffing burst from one address
/// over many users, and an impossible-travel pair.
@Suite struct AttackScenarioTests {
    @Test func credentialStuffingAndImpossibleTravelScoreHigh() async throws {
        let fixture = try await RiskFixture(mode: .audit)
        let victims = (0..<12).map { String(format: "user%02d", $0) }
        for name in victims { try await fixture.user(name) }
        let attacker = "198.51.100.66"
        for name in victims {
            await fixture.attempt(name, from: attacker, agent: "python-requests/2.31", password: "Summer2024!")
            fixture.clock.advance(by: 2)
        }
        let events = try await fixture.engine.authEventRecords(poolId: fixture.poolId, limit: 12)
        // Once five users have failed from the address, every attempt is HIGH.
        let late = events.prefix(7)
        #expect(late.allSatisfy { $0.risk?.level == .high })
        #expect(late.allSatisfy { $0.risk?.signals.contains { $0.name == "credential-stuffing" } == true })
        #expect(events.last?.risk?.level == .low)

        try await fixture.user("traveller")
        try await fixture.signIn("traveller", from: RiskFixture.sydney)
        fixture.clock.advance(by: 15 * 60)
        try await fixture.signIn("traveller", from: RiskFixture.frankfurt)
        let travel = try await fixture.latest("traveller")
        #expect(travel.risk?.level == .high)
        #expect(travel.risk?.signals.map(\.name).contains("impossible-travel") == true)
    }
}

extension AttackScenarioTests {
    @Test func guessesAtNamesNobodyHasCountAsStuffing() async throws {
        let fixture = try await RiskFixture()
        try await fixture.user("ann")
        let attacker = "198.51.100.66"
        for index in 0..<5 {
            await fixture.attempt("nobody\(index)", from: attacker, password: "Summer2024!")
            fixture.clock.advance(by: 2)
        }
        let guesses = try await fixture.engine.authEventRecords(poolId: fixture.poolId, limit: 10)
        #expect(guesses.count == 5 && guesses.allSatisfy { $0.userId == nil && $0.response == .fail && $0.detail == "No user has this name." })
        try await fixture.signIn("ann", from: attacker)
        let ann = try await fixture.latest("ann")
        #expect(ann.risk?.level == .high)
        #expect(ann.risk?.signals.first { $0.name == "credential-stuffing" }?.detail.hasPrefix("5 failed sign-ins for 6 users") == true)
        // A pool without threat protection keeps no record of names nobody has.
        let quiet = try await RiskFixture(mode: .off)
        await quiet.attempt("nobody", from: attacker)
        #expect(try await quiet.engine.authEventRecords(poolId: quiet.poolId).isEmpty)
    }
}

/// The counts behind the console's risk dashboard.
@Suite struct RiskOverviewTests {
    @Test func levelsBlocksAndFailureLeadersOverTheWindow() async throws {
        let fixture = try await RiskFixture()
        try await fixture.actions(medium: .noAction, high: .block)
        for name in ["ann", "bob", "cat", "dan", "eve", "fay", "gus"] { try await fixture.user(name) }
        // An hour and a half ago: one ordinary sign-in, outside the hour but inside the day.
        try await fixture.signIn("ann")
        fixture.clock.advance(by: 90 * 60)
        let attacker = "198.51.100.66"
        for name in ["bob", "cat", "dan", "eve", "fay", "gus"] {
            await fixture.attempt(name, from: attacker, password: "Wrong-0ne!")
            fixture.clock.advance(by: 5)
        }
        // The sixth user's right password from the stuffing address is HIGH and blocked.
        await fixture.attempt("ann", from: attacker)

        let hour = try await fixture.engine.riskOverview(poolId: fixture.poolId, window: .hour)
        #expect(hour.mode == .enforced)
        #expect(hour.counts[.low]?.count == 60)
        #expect(hour.total(.low) + hour.total(.medium) + hour.total(.high) == 7)
        #expect(hour.total(.high) >= 2)
        #expect(hour.blocked == 1)
        #expect(hour.topAddresses.first == FailureCount(key: attacker, failures: 7, others: 7))
        #expect(hour.topUsers.count == 7 && hour.topUsers.allSatisfy { $0.failures == 1 && $0.others == 1 })
        // The newest events sit in the last bucket.
        #expect(hour.counts.values.map { $0.last ?? 0 }.reduce(0, +) == 7)

        let day = try await fixture.engine.riskOverview(poolId: fixture.poolId, window: .day)
        #expect(day.counts[.low]?.count == 24)
        #expect(day.total(.low) + day.total(.medium) + day.total(.high) == 8)
        #expect(day.counts.values.map { $0[22] }.reduce(0, +) == 1)

        let fromAttacker = try await fixture.engine.authEventRecords(poolId: fixture.poolId, address: attacker)
        #expect(fromAttacker.count == 7 && fromAttacker.allSatisfy { $0.context.ipAddress == attacker })
    }

    @Test func theModeCanBeChangedAloneAndOffLeavesEventsUnscored() async throws {
        let fixture = try await RiskFixture(mode: .off)
        try await fixture.user("ann")
        try await fixture.signIn("ann")
        var overview = try await fixture.engine.riskOverview(poolId: fixture.poolId, window: .hour)
        #expect(overview.mode == .off && overview.unscored == 1 && overview.total(.low) == 0)
        let before = try await fixture.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: fixture.poolId)).userPool
        try await fixture.engine.setThreatProtectionMode(poolId: fixture.poolId, .audit)
        let after = try await fixture.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: fixture.poolId)).userPool
        #expect(after?.userPoolAddOns?.advancedSecurityMode == .audit)
        #expect(after?.mfaConfiguration == before?.mfaConfiguration && after?.policies == before?.policies)
        try await fixture.signIn("ann")
        overview = try await fixture.engine.riskOverview(poolId: fixture.poolId, window: .hour)
        #expect(overview.mode == .audit && overview.total(.low) == 1)
        await #expect(throws: CognitoError.self) { try await fixture.engine.setThreatProtectionMode(poolId: "us-east-1_nothere", .audit) }
    }
}
