import Foundation
import SigilConsole
import SigilCore
import Testing

/// Whole screens rendered through the headless terminal, compared line by line.
@Suite struct SnapshotTests {
    func store() async throws -> (TestStore, String) {
        let store = try TestStore()
        let poolId = try await store.pool("shop")
        try await store.user("ann", in: poolId, email: "ann@example.com", name: "Ann Example")
        try await store.user("bob", in: poolId, email: "bob@example.com")
        try await store.user("山田太郎", in: poolId, email: "taro@example.jp", name: "山田 太郎")
        try await store.user("zoë👍", in: poolId, email: "zoe@example.com", name: "Zoë")
        _ = try await store.engine.adminDisableUser(AdminDisableUserRequest(userPoolId: poolId, username: "bob"))
        return (store, poolId)
    }

    @Test func directoryAt80x24() async throws {
        let (store, poolId) = try await store()
        let harness = Harness(store: store, width: 80, height: 24)
        harness.app.tick()
        let expected = """
             Sigil  Users │ shop \(poolId)                     API off │ 14:13:20
             / filter: text, or email ^= "ann"                        by username · 4 users
            Username ▲                 Email                       Status                On
            ann                        ann@example.com             FORCE_CHANGE_PASSWORD ✓
            bob                        bob@example.com             FORCE_CHANGE_PASSWORD ✗
            zoë👍                      zoe@example.com             FORCE_CHANGE_PASSWORD ✓
            山田太郎                   taro@example.jp             FORCE_CHANGE_PASSWORD ✓
            """
        let lines = harness.screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 24)
        let shown = lines.prefix(7).joined(separator: "\n")
        #expect(shown == expected, "\n\(shown)")
        #expect(lines[23].hasPrefix(" ? help  : cmd  ↑↓ jk move  / filter"))
    }

    @Test func wideCharactersKeepTheColumnsAligned() async throws {
        let (store, _) = try await store()
        let harness = Harness(store: store, width: 132, height: 30)
        _ = harness.screen
        let rows = harness.terminal.text.filter { $0.contains("@example") && $0.contains("FORCE_CHANGE_PASSWORD ") && !$0.contains("│ Status") }
        #expect(rows.count == 3)
        // The status column starts at the same screen column on every row, whatever the
        // widths of the characters before it.
        let statusColumns = rows.map { row -> Int in
            let prefix = row.components(separatedBy: "FORCE_CHANGE_PASSWORD ")[0]
            return CharacterWidth.of(prefix)
        }
        #expect(Set(statusColumns).count == 1, "\(rows)")
        let detail = harness.terminal.text.joined(separator: "\n")
        #expect(detail.contains("Name"))
        #expect(detail.contains("山田 太郎"))
    }

    @Test func poolsAndDialogAt80x24() async throws {
        let (store, poolId) = try await store()
        _ = try await store.pool("blog")
        let harness = Harness(store: store, width: 80, height: 24)
        let blogIndex = harness.model.pools.pools.firstIndex { $0.name == "blog" }!
        for _ in 0..<blogIndex { harness.press(.down) }
        harness.press(.character("x"))
        let screen = harness.screen
        #expect(screen.contains("┌─ Delete user pool"))
        #expect(screen.contains("Delete pool blog"))
        #expect(screen.contains("Delete blog (y)"))
        #expect(screen.contains("Cancel (n)"))
        #expect(harness.terminal.text.contains { $0.contains(poolId) && $0.contains("shop") })
    }
}
