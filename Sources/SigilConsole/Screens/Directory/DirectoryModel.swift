import Foundation
import SigilCore

/// The users of the current pool: a window of rows read page by page from the store
/// (keyset paging, never the whole pool), a filter, an order, and the selected user's
/// details.
public struct DirectoryModel: Sendable {
    public enum Page: Sendable, Equatable {
        case first, next, previous, last
    }

    public enum Pane: Sendable, Equatable {
        case table, detail
    }

    public enum Reply: Sendable {
        case page(generation: Int, Page, Result<[UserSummary], ConsoleError>)
        case refreshed(generation: Int, atStart: Bool, Result<[UserSummary], ConsoleError>)
        case detail(String, Result<UserDetail, ConsoleError>)
        case submit(UserAction, [String: String])
        case confirmed(UserAction)
        case done(UserAction, Result<String, ConsoleError>)
        case groupsToAdd(String, Result<[String], ConsoleError>)
        case count(String, Result<Int, ConsoleError>)
        /// Another screen asks to show this user.
        case find(String)
    }

    /// Rows read per page, and the most kept at once.
    static let pageSize = 200
    static let maxBuffered = 600

    public private(set) var poolId: String?
    public private(set) var poolUsers: Int?
    public private(set) var rows: [UserSummary] = []
    public private(set) var scroll = ScrollState()
    public private(set) var atStart = true
    public private(set) var atEnd = false
    public private(set) var pending: Page?
    public private(set) var generation = 0
    public private(set) var order: UserBrowse.Order = .username
    public private(set) var filter = TextInput()
    public private(set) var editingFilter = false
    public private(set) var error: String?
    public private(set) var detail: UserDetail?
    public private(set) var detailFor: String?
    public private(set) var focus: Pane = .table
    public private(set) var detailOpen = false
    public private(set) var detailScroll = 0
    private var refreshing = false
    private var stale = false

    public init() {}

    public var selectedUser: UserSummary? {
        rows.indices.contains(scroll.selected) ? rows[scroll.selected] : nil
    }

    /// The rows in view, from the top of the window.
    public func visibleRows(_ count: Int) -> ArraySlice<UserSummary> {
        rows.dropFirst(scroll.top).prefix(count)
    }

    public var capturesText: Bool { editingFilter }

    public var keyHelp: [KeyHelp] {
        if editingFilter {
            return [KeyHelp("Enter", "keep filter"), KeyHelp("Esc", "clear filter"), KeyHelp("↑↓", "move")]
        }
        return [
            KeyHelp("↑↓ jk", "move"), KeyHelp("/", "filter"), KeyHelp("s", "sort"), KeyHelp("Enter", "details"),
            KeyHelp("c", "create"), KeyHelp("e", "edit"), KeyHelp("d", "disable/enable"), KeyHelp("x", "delete"),
            KeyHelp("PgUp PgDn", "page", inBar: false), KeyHelp("g G Home End", "first / last user", inBar: false),
            KeyHelp("Tab", "switch pane", inBar: false), KeyHelp("r", "reset password", inBar: false),
            KeyHelp("p", "set password", inBar: false), KeyHelp("C", "confirm sign-up", inBar: false),
            KeyHelp("+ -", "add to, remove from group", inBar: false), KeyHelp("o", "sign out everywhere", inBar: false),
            KeyHelp("^R", "reload", inBar: false), KeyHelp("Esc", "close details, unfilter", inBar: false),
        ]
    }

    // MARK: Pool and paging

    /// Shows the users of `poolId`, from the first (or where the view was, for the pool
    /// it showed last).
    public mutating func open(poolId: String?, context: ScreenContext) -> [Command] {
        switchPool(poolId)
        guard poolId != nil else { return [] }
        return rows.isEmpty && pending == nil ? load(.first) + countUsers() : refresh()
    }

    /// Reads how many users the pool has.
    private func countUsers() -> [Command] {
        guard let poolId else { return [] }
        return [
            .call({ engine in try await engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers ?? 0 })
            {
                .directory(.count(poolId, $0))
            }
        ]
    }

    private mutating func switchPool(_ poolId: String?) {
        guard poolId != self.poolId else { return }
        self.poolId = poolId
        rows = []
        scroll = ScrollState()
        detail = nil
        detailFor = nil
        detailOpen = false
        focus = .table
        filter = TextInput()
        editingFilter = false
        error = nil
        poolUsers = nil
        pending = nil
        refreshing = false
        stale = false
    }

    /// Shows the user called `username` (the filter becomes the name).
    public mutating func find(_ username: String, poolId: String?, context: ScreenContext) -> [Command] {
        switchPool(poolId)
        filter = TextInput(username)
        editingFilter = false
        return load(.first) + countUsers()
    }

    private var browse: UserBrowse? {
        poolId.map { UserBrowse(poolId: $0, filter: filter.text.isEmpty ? nil : filter.text, order: order) }
    }

    /// Asks for a page; `.first` and `.last` start over (and make older answers stale).
    mutating func load(_ page: Page) -> [Command] {
        guard let browse else { return [] }
        if page == .first || page == .last { generation += 1 }
        pending = page
        let generation = generation
        let position: UserCursor? =
            switch page {
            case .first, .last: nil
            case .next: rows.last?.position
            case .previous: rows.first?.position
            }
        let backwards = page == .previous || page == .last
        return [
            .call({ engine in try await engine.browseUsers(browse, after: position, backwards: backwards, limit: Self.pageSize) }) {
                .directory(.page(generation: generation, page, $0))
            }
        ]
    }

    /// Reads the next or previous page when the cursor nears the edge of what is loaded.
    mutating func prefetch(visible: Int) -> [Command] {
        guard pending == nil, !refreshing else { return [] }
        if !atEnd && scroll.selected >= rows.count - visible - 1 { return load(.next) }
        if !atStart && scroll.selected < visible { return load(.previous) }
        return []
    }

    /// Reads the loaded window again (after a change in the store), keeping the cursor on
    /// the same user where it still exists.
    mutating func refresh() -> [Command] {
        guard let browse, poolId != nil else { return [] }
        if pending != nil || refreshing {
            stale = true
            return []
        }
        refreshing = true
        stale = false
        let generation = generation
        let first = atStart ? nil : rows.first?.position
        let limit = max(rows.count, Self.pageSize)
        var commands: [Command] = [
            .call({ engine -> (Bool, [UserSummary]) in
                let before = try await first.asyncFlatMap {
                    try await engine.browseUsers(browse, after: $0, backwards: true, limit: 1).first?.position
                }
                return await (before == nil, try engine.browseUsers(browse, after: before, limit: limit))
            }) { result in
                .directory(.refreshed(generation: generation, atStart: (try? result.get().0) ?? true, result.map(\.1)))
            }
        ]
        if let detailFor { commands += loadDetail(detailFor) }
        return commands + countUsers()
    }

    // MARK: Replies

    public mutating func receive(_ reply: Reply, context: ScreenContext) -> [Command] {
        let visible = DirectoryLayout(area: context.area).visibleRows
        switch reply {
        case .find(let username):
            return find(username, poolId: context.poolId, context: context) + [.show(.directory)]
        case .page(let generation, let page, let result):
            guard generation == self.generation else { return [] }
            pending = nil
            switch result {
            case .failure(let failure):
                error = failure.description
                if page == .first || page == .last { rows = [] }
                return []
            case .success(let page_rows):
                error = nil
                place(page_rows, page: page, visible: visible)
            }
            return (stale ? refresh() : []) + prefetch(visible: visible) + detailIfShown(context)
        case .refreshed(let generation, let atStart, let result):
            refreshing = false
            guard generation == self.generation, case .success(let fresh) = result else { return stale ? refresh() : [] }
            let selectedName = selectedUser?.username
            atEnd = fresh.count < max(rows.count, Self.pageSize)
            rows = fresh
            self.atStart = atStart
            if let selectedName, let index = rows.firstIndex(where: { $0.username == selectedName }) { scroll.selected = index }
            scroll.follow(count: rows.count, visible: visible)
            return (stale ? refresh() : []) + detailIfShown(context)
        case .detail(let username, let result):
            guard username == detailFor else { return [] }
            switch result {
            case .success(let loaded): detail = loaded
            case .failure(let failure):
                detail = nil
                if detailOpen { return [.toast(.error(failure.description))] }
            }
            return []
        case .submit(let action, let values):
            return perform(action, values: values)
        case .confirmed(let action):
            return perform(action, values: [:])
        case .done(let action, let result):
            switch result {
            case .success(let text):
                return (action.usesDialog ? [.closeDialog] : []) + [.toast(.success(text))] + refresh()
            case .failure(let failure):
                return action.usesDialog ? [.dialogError(failure.description)] : [.toast(.error(failure.description))]
            }
        case .count(let id, let result):
            if id == poolId, case .success(let total) = result { poolUsers = total }
            return []
        case .groupsToAdd(let username, let result):
            switch result {
            case .failure(let failure): return [.toast(.error(failure.description))]
            case .success(let groups):
                let current = Set(detailFor == username ? detail?.groups ?? [] : [])
                let choices = groups.filter { !current.contains($0) }
                guard !choices.isEmpty else { return [.toast(Toast("\(username) is already in every group"))] }
                return [
                    .pick(
                        Picker(title: "Add \(username) to group", options: choices) { group in
                            .directory(.confirmed(.addToGroup(username, group)))
                        })
                ]
            }
        }
    }

    /// Puts a page of rows into the window.
    private mutating func place(_ page: [UserSummary], page kind: Page, visible: Int) {
        let full = page.count >= Self.pageSize
        switch kind {
        case .first:
            rows = page
            scroll = ScrollState()
            atStart = true
            atEnd = !full
        case .last:
            rows = page.reversed()
            atEnd = true
            atStart = !full
            scroll.selected = rows.count - 1
        case .next:
            rows += page
            atEnd = !full
            if rows.count > Self.maxBuffered {
                let extra = rows.count - Self.maxBuffered
                rows.removeFirst(extra)
                scroll.selected -= extra
                scroll.top -= extra
                atStart = false
            }
        case .previous:
            rows.insert(contentsOf: page.reversed(), at: 0)
            scroll.selected += page.count
            scroll.top += page.count
            atStart = !full
            if rows.count > Self.maxBuffered {
                rows.removeLast(rows.count - Self.maxBuffered)
                atEnd = false
            }
        }
        scroll.follow(count: rows.count, visible: visible)
    }

    // MARK: Keys

    /// Handles a key; nil when the screen has no use for it.
    public mutating func handle(_ key: Key, context: ScreenContext) -> [Command]? {
        let layout = DirectoryLayout(area: context.area)
        let visible = layout.visibleRows
        if editingFilter { return filterKey(key, context: context) }
        if detailOpen && layout.detail == nil || focus == .detail && layout.detail != nil {
            switch key {
            case .up, .character("k"):
                detailScroll = max(0, detailScroll - 1)
                return []
            case .down, .character("j"):
                detailScroll += 1
                return []
            case .escape:
                detailOpen = false
                focus = .table
                return []
            case .tab:
                if layout.detail != nil {
                    focus = .table
                    return []
                }
            default: break
            }
        }
        let before = selectedUser?.username
        switch key {
        case .home, .character("g"):
            if atStart { scroll.move(by: -rows.count, count: rows.count, visible: visible) } else { return load(.first) }
        case .end, .character("G"):
            if atEnd { scroll.move(by: rows.count, count: rows.count, visible: visible) } else { return load(.last) }
        case .character("/"):
            editingFilter = true
            return []
        case .character("s"):
            guard filter.text.isEmpty else { return [.toast(Toast("Clear the filter to sort; a filter orders by its attribute"))] }
            let all = UserBrowse.Order.allCases
            order = all[(all.firstIndex(of: order)! + 1) % all.count]
            return load(.first)
        case .enter:
            guard let user = selectedUser else { return [] }
            detailScroll = 0
            if layout.detail != nil {
                focus = .detail
            } else {
                detailOpen = true
            }
            return detail?.user.username == user.username ? [] : loadDetail(user.username)
        case .tab:
            guard layout.detail != nil else { return nil }
            focus = .detail
            return []
        case .escape:
            if !filter.text.isEmpty {
                filter = TextInput()
                return load(.first)
            }
            return nil
        case .control("r"):
            return refresh()
        default:
            if scroll.handle(key, count: rows.count, visible: visible) { break }
            return actionKey(key)
        }
        var commands = prefetch(visible: visible)
        if selectedUser?.username != before { commands += detailIfShown(context) }
        return commands
    }

    private mutating func filterKey(_ key: Key, context: ScreenContext) -> [Command]? {
        switch key {
        case .enter:
            editingFilter = false
            return []
        case .escape:
            editingFilter = false
            guard !filter.text.isEmpty else { return [] }
            filter = TextInput()
            return load(.first)
        case .up, .down, .pageUp, .pageDown:
            editingFilter = false
            return handle(key, context: context)
        default:
            let before = filter.text
            _ = filter.handle(key)
            return filter.text == before ? [] : load(.first)
        }
    }

    /// A click on a row selects it; the wheel moves three rows.
    public mutating func handle(_ mouse: MouseEvent, context: ScreenContext) -> [Command] {
        let layout = DirectoryLayout(area: context.area)
        let before = selectedUser?.username
        switch mouse.kind {
        case .wheelUp: scroll.move(by: -3, count: rows.count, visible: layout.visibleRows)
        case .wheelDown: scroll.move(by: 3, count: rows.count, visible: layout.visibleRows)
        case .press:
            if layout.filterLine.contains(x: mouse.x, y: mouse.y) {
                editingFilter = true
                return []
            }
            if let detail = layout.detail, detail.contains(x: mouse.x, y: mouse.y) {
                focus = .detail
                return []
            }
            guard layout.table.contains(x: mouse.x, y: mouse.y), let row = Table.row(at: mouse.y, in: layout.table) else { return [] }
            focus = .table
            scroll.selected = min(scroll.top + row, max(0, rows.count - 1))
        }
        var commands = prefetch(visible: layout.visibleRows)
        if selectedUser?.username != before { commands += detailIfShown(context) }
        return commands
    }

    public mutating func engineEvent(_ event: EngineEvent) -> [Command] {
        guard case .dataChanged = event else { return [] }
        return refresh()
    }

    // MARK: Details

    private mutating func detailIfShown(_ context: ScreenContext) -> [Command] {
        guard DirectoryLayout(area: context.area).detail != nil || detailOpen, let user = selectedUser else { return [] }
        return loadDetail(user.username)
    }

    mutating func loadDetail(_ username: String) -> [Command] {
        guard let poolId else { return [] }
        if detailFor != username {
            detailFor = username
            detailScroll = 0
        }
        return [
            .call({ engine in try await UserDetail.load(engine, poolId: poolId, username: username) }) { .directory(.detail(username, $0)) }
        ]
    }
}
