import Foundation
import SigilConsole
import SigilCore
import Testing

@Suite struct DirectoryTests {
    /// A store with one pool of `count` users; the console opens straight on it.
    func harness(users count: Int, width: Int = 120, height: Int = 40) async throws -> (Harness, String) {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.users(count, in: poolId)
        return (Harness(store: store, width: width, height: height), poolId)
    }

    @Test func oneStoredPoolOpensItsDirectory() async throws {
        let (harness, poolId) = try await harness(users: 5)
        #expect(harness.model.screen == .directory)
        #expect(harness.model.poolId == poolId)
        #expect(harness.model.directory.rows.map(\.username) == (0..<5).map { String(format: "user-%05d", $0) })
        #expect(harness.screen.contains("by username · 5 users"))
    }

    @Test func scrollingWalksAPoolLargerThanTheWindowPageByPage() async throws {
        let (harness, _) = try await harness(users: 1_500)
        let directory = { harness.model.directory }
        #expect(directory().rows.count == 200)
        // Down past what was read first: more pages come, the window stays bounded.
        for _ in 0..<40 { harness.press(.pageDown) }
        #expect(directory().rows.count <= 600)
        #expect(!directory().atStart)
        let deep = directory().selectedUser!.username
        #expect(deep > "user-01000")
        // End jumps to the last user without reading the ones between.
        harness.press(.end)
        #expect(directory().selectedUser?.username == "user-01499")
        #expect(directory().atEnd)
        // And back up to the first, through the pages before.
        harness.press(.home)
        #expect(directory().selectedUser?.username == "user-00000")
        // Row by row upward from the end reads the previous pages.
        harness.press(.end)
        for _ in 0..<450 { harness.press(.up) }
        #expect(directory().selectedUser?.username == "user-01049")
        #expect(directory().rows.map(\.username) == directory().rows.map(\.username).sorted())
    }

    @Test func plainTextFiltersByUsernameOrEmailPrefix() async throws {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.user("ann", in: poolId, email: "ann@example.com")
        try await store.user("anna", in: poolId, email: "zed@example.com")
        try await store.user("bob", in: poolId, email: "annie@example.org")
        let harness = Harness(store: store)
        harness.press(.character("/"))
        harness.type("ann")
        #expect(harness.model.directory.rows.map(\.username) == ["ann", "anna"])
        harness.press(.enter)
        #expect(!harness.model.directory.editingFilter)
        harness.press(.character("/"), .control("u"))
        harness.type("annie@")
        #expect(harness.model.directory.rows.map(\.username) == ["bob"])
        // Esc clears the filter.
        harness.press(.escape)
        #expect(harness.model.directory.rows.count == 3)
    }

    @Test func cognitoFilterGrammarWorksAndABadFilterSaysWhy() async throws {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.user("ann", in: poolId, email: "ann@example.com")
        try await store.user("bob", in: poolId, email: "bob@example.com")
        let harness = Harness(store: store)
        harness.press(.character("/"))
        harness.type("email ^= \"bo\"")
        #expect(harness.model.directory.rows.map(\.username) == ["bob"])
        harness.press(.control("u"))
        harness.type("shoe_size = \"9\"")
        #expect(harness.model.directory.error?.contains("InvalidParameterException") == true)
        #expect(harness.screen.contains("InvalidParameterException"))
    }

    @Test func sortCyclesThroughTheOrders() async throws {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.user("a-user", in: poolId, email: "zz@example.com")
        try await store.user("b-user", in: poolId, email: "aa@example.com")
        let harness = Harness(store: store)
        #expect(harness.model.directory.rows.map(\.username) == ["a-user", "b-user"])
        harness.press(.character("s"))
        #expect(harness.model.directory.order == .email)
        #expect(harness.model.directory.rows.map(\.username) == ["b-user", "a-user"])
        #expect(harness.screen.contains("Email ▲"))
    }

    @Test func disablingAsksFirstThenShowsTheNewStatus() async throws {
        let (harness, poolId) = try await harness(users: 3)
        harness.press(.down)
        harness.press(.character("d"))
        #expect(harness.screen.contains("Disable user-00001?"))
        harness.press(.character("n"))
        #expect(harness.model.dialog == nil)
        #expect(harness.model.directory.selectedUser?.enabled == true)
        harness.press(.character("d"), .character("y"))
        #expect(harness.model.directory.selectedUser?.enabled == false)
        #expect(harness.screen.contains("Disabled user-00001"))
        let user = try await harness.store.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "user-00001"))
        #expect(user.enabled == false)
        // Enabling needs no question.
        harness.press(.character("d"))
        #expect(harness.model.directory.selectedUser?.enabled == true)
    }

    @Test func creatingAUserThroughTheFormAndSeeingFormErrors() async throws {
        let (harness, poolId) = try await harness(users: 1)
        harness.press(.character("c"))
        #expect(harness.screen.contains("Create user"))
        harness.type("new-person")
        harness.press(.tab)
        harness.type("not-an-email")
        harness.press(.enter)
        // The engine's error shows in the form, which stays open.
        #expect(harness.screen.contains("InvalidParameterException"))
        guard case .form = harness.model.dialog else {
            Issue.record("the form closed on an error")
            return
        }
        harness.press(.control("u"))
        harness.type("new@example.com")
        harness.press(.enter)
        #expect(harness.model.dialog == nil)
        #expect(harness.model.directory.rows.contains { $0.username == "new-person" })
        let messages = try await harness.store.engine.outboxMessages(poolId: poolId, username: "new-person")
        #expect(messages.first?.purpose == .invitation)
    }

    @Test func editingAttributesChangesAddsAndRemoves() async throws {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.user("ann", in: poolId, email: "ann@example.com", name: "Ann")
        let harness = Harness(store: store)
        harness.press(.character("e"))
        guard case .form(let dialog, _)? = harness.model.dialog else {
            Issue.record("no edit form")
            return
        }
        let names = dialog.form.fields.map(\.id)
        #expect(names.contains("name") && names.contains("email") && !names.contains("sub"))
        // Empty "name", add a nickname.
        let nameIndex = names.firstIndex(of: "name")!
        let addIndex = names.firstIndex(of: "+new")!
        for _ in 0..<nameIndex { harness.press(.tab) }
        harness.press(.control("u"))
        for _ in nameIndex..<addIndex { harness.press(.tab) }
        harness.type("nickname=annie")
        harness.press(.enter)
        #expect(harness.model.dialog == nil)
        let user = try await store.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "ann"))
        let attributes = Dictionary(uniqueKeysWithValues: (user.userAttributes ?? []).map { ($0.name, $0.value ?? "") })
        #expect(attributes["nickname"] == "annie")
        #expect(attributes["name"] == nil)
        #expect(attributes["email"] == "ann@example.com")
    }

    @Test func groupMembershipFromTheDirectory() async throws {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.user("ann", in: poolId)
        try await store.group("admins", in: poolId)
        try await store.group("editors", in: poolId)
        let harness = Harness(store: store)
        harness.press(.character("+"))
        guard case .pick(let picker, _, _)? = harness.model.dialog else {
            Issue.record("no group picker")
            return
        }
        #expect(picker.options == ["admins", "editors"])
        harness.type("edi")
        harness.press(.enter)
        #expect(harness.screen.contains("Added ann to editors"))
        #expect(harness.model.directory.detail?.groups == ["editors"])
        harness.press(.character("-"), .enter)
        #expect(harness.model.directory.detail?.groups == [])
    }

    @Test func deletingAsksAndNamesTheUser() async throws {
        let (harness, _) = try await harness(users: 2)
        harness.press(.character("x"))
        #expect(harness.screen.contains("Delete user-00000 from this pool?"))
        // The destructive answer is not the default: Enter cancels.
        harness.press(.enter)
        #expect(harness.model.directory.rows.count == 2)
        harness.press(.character("x"), .character("y"))
        #expect(harness.model.directory.rows.map(\.username) == ["user-00001"])
    }

    @Test func passwordActionsAndErrorsShowAsToasts() async throws {
        let (harness, poolId) = try await harness(users: 1)
        // A reset code needs somewhere verified to go.
        _ = try await harness.store.engine.adminUpdateUserAttributes(
            AdminUpdateUserAttributesRequest(
                userPoolId: poolId, username: "user-00000", userAttributes: [AttributeType(name: "email_verified", value: "true")]))
        harness.press(.character("p"))
        harness.type("short")
        harness.press(.enter)
        #expect(harness.screen.contains("InvalidPasswordException"))
        harness.press(.control("u"))
        harness.type("Longer-Passw0rd!")
        harness.press(.enter)
        #expect(harness.model.directory.selectedUser?.status == .confirmed)
        harness.press(.character("C"))
        #expect(harness.model.toast?.kind == .error)
        harness.press(.character("r"), .character("y"))
        #expect(harness.model.directory.selectedUser?.status == .resetRequired)
        let code = try await harness.store.engine.outboxMessages(poolId: poolId, username: "user-00000").first
        #expect(code?.purpose == .resetPassword)
    }

    @Test func detailPaneShowsAttributesGroupsAndRecentSignIns() async throws {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.user("ann", in: poolId, email: "ann@example.com")
        try await store.group("admins", in: poolId)
        try await store.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "ann", groupName: "admins"))
        let client = try await store.engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: poolId, clientName: "app", explicitAuthFlows: [.allowUserPasswordAuth, .allowRefreshTokenAuth]))
        _ = try? await store.engine.initiateAuth(
            InitiateAuthRequest(
                authFlow: .userPasswordAuth, authParameters: ["USERNAME": "ann", "PASSWORD": "wrong-one"], clientId: client.userPoolClient!.clientId!)
        )
        let harness = Harness(store: store)
        let screen = harness.screen
        #expect(screen.contains("ann@example.com"))
        #expect(screen.contains("admins"))
        #expect(screen.contains("Recent auth events"))
        #expect(screen.contains("SignIn Fail"))
    }

    @Test func usersAnAppSignsUpAppearWithoutARefresh() async throws {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.user("ann", in: poolId)
        let harness = Harness(store: store)
        #expect(harness.model.directory.rows.count == 1)
        try await store.user("zoe", in: poolId)
        // The write's event reaches the console, which reads the window again.
        let deadline = Date().addingTimeInterval(5)
        while harness.model.directory.rows.count < 2 && Date() < deadline {
            harness.app.step(timeout: 0.01)
            harness.app.settle()
        }
        #expect(harness.model.directory.rows.map(\.username) == ["ann", "zoe"])
    }

    @Test func narrowTerminalsOpenDetailsOverTheTable() async throws {
        let (harness, _) = try await harness(users: 2, width: 80, height: 24)
        #expect(!harness.screen.contains("Attributes"))
        harness.press(.enter)
        #expect(harness.screen.contains("Attributes"))
        harness.press(.escape)
        #expect(!harness.screen.contains("Attributes"))
        #expect(harness.model.screen == .directory)
    }

    @Test func mouseClicksSelectAndTheWheelScrolls() async throws {
        let (harness, _) = try await harness(users: 30)
        // Row 0 status bar, 1 filter line, 2 header, 3 the first user.
        harness.app.send(.mouse(MouseEvent(kind: .press, x: 3, y: 6)))
        #expect(harness.model.directory.selectedUser?.username == "user-00003")
        harness.app.send(.mouse(MouseEvent(kind: .wheelDown, x: 3, y: 6)))
        #expect(harness.model.directory.selectedUser?.username == "user-00006")
    }
}
