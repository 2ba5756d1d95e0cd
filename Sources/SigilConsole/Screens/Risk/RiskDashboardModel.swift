import Foundation
import SigilCore

/// The risk dashboard: a pool's auth events as they come, with their risk level and
/// decision; counts per level over the last hour or day; where failed sign-ins come
/// from; an event's signals; and feedback on it.
public struct RiskDashboardModel: Sendable {
    public enum Reply: Sendable {
        case loaded(Result<Snapshot, ConsoleError>)
        case feedback(Result<String, ConsoleError>)
        case chooseMode(String)
        case modeSet(Result<AdvancedSecurityModeType, ConsoleError>)
    }

    /// What one load reads.
    public struct Snapshot: Sendable {
        public var overview: RiskOverview
        public var events: [AuthEventRecord]
    }

    public enum Tab: Int, Sendable, CaseIterable {
        case events, failures

        var title: String { self == .events ? "Events" : "Failed sign-ins by address and user" }
    }

    /// The feed narrowed to one address or one user.
    public enum Focus: Sendable, Equatable {
        case address(String)
        case user(String)

        var text: String {
            switch self {
            case .address(let address): return "from \(address)"
            case .user(let name): return "user \(name)"
            }
        }
    }

    /// A row of the failures tab.
    public struct FailureRow: Sendable, Equatable {
        public var focus: Focus
        public var count: FailureCount
    }

    /// How many events the feed reads.
    static let feedLimit = 300

    public private(set) var poolId: String?
    public private(set) var window = RiskOverview.Window.hour
    public private(set) var tab = Tab.events
    public private(set) var focus: Focus?
    public private(set) var riskyOnly = false
    /// The selected event's signals fill the screen.
    public private(set) var expanded = false
    public private(set) var overview: RiskOverview?
    public private(set) var events: [AuthEventRecord] = []
    public private(set) var scroll = ScrollState()
    public private(set) var failuresScroll = ScrollState()
    public private(set) var error: String?
    private var loading = false
    private var stale = false
    /// The chart bucket the last load ended in, to reload as time moves on.
    private var loadedBucket: Int?

    public init() {}

    /// The events the feed shows: all, or only those worth a look (medium or high risk,
    /// a refusal, or a compromised password).
    public var shown: [AuthEventRecord] {
        guard riskyOnly else { return events }
        return events.filter { event in
            event.response == .fail || event.risk.map { $0.level != .low || $0.compromisedCredentials } ?? false
        }
    }

    public var selected: AuthEventRecord? {
        let list = shown
        return list.indices.contains(scroll.selected) ? list[scroll.selected] : nil
    }

    /// Addresses first, then users, each by failures.
    public var failureRows: [FailureRow] {
        guard let overview else { return [] }
        return overview.topAddresses.map { FailureRow(focus: .address($0.key), count: $0) }
            + overview.topUsers.map { FailureRow(focus: .user($0.key), count: $0) }
    }

    public var selectedFailure: FailureRow? {
        let rows = failureRows
        return rows.indices.contains(failuresScroll.selected) ? rows[failuresScroll.selected] : nil
    }

    public var keyHelp: [KeyHelp] {
        var keys = [KeyHelp("↑↓ jk", "move"), KeyHelp("Tab", tab == .events ? "failures" : "events")]
        if tab == .events {
            keys += [
                KeyHelp("Enter", expanded ? "close signals" : "signals"), KeyHelp("r", riskyOnly ? "all events" : "risky only"),
                KeyHelp("w", window == .hour ? "last day" : "last hour"), KeyHelp("v i", "mark valid, invalid"),
                KeyHelp("u", "user in directory"), KeyHelp("a", "events from this address", inBar: false),
            ]
        } else {
            keys += [
                KeyHelp("Enter", "their events"), KeyHelp("w", window == .hour ? "last day" : "last hour"), KeyHelp("u", "user in directory"),
            ]
        }
        keys += [
            KeyHelp("m", "threat protection mode", inBar: false), KeyHelp("Esc", "clear focus", inBar: false),
            KeyHelp("^R", "reload", inBar: false),
        ]
        return keys
    }

    // MARK: Layout

    /// Rows for the header and the three level charts.
    static let chartRows = 4

    struct Layout {
        var header: Rect
        var charts: Rect
        var tabs: Rect
        var table: Rect
        var detail: Rect
    }

    func layout(_ area: Rect) -> Layout {
        let top = Self.chartRows + 1
        let below = area.height - top - 1
        let detailHeight = tab == .failures ? 0 : expanded ? max(6, below - 4) : min(9, max(5, below / 2))
        return Layout(
            header: Rect(x: area.x, y: area.y, width: area.width, height: 1),
            charts: Rect(x: area.x, y: area.y + 1, width: area.width, height: Self.chartRows - 1),
            tabs: Rect(x: area.x, y: area.y + Self.chartRows, width: area.width, height: 1),
            table: Rect(x: area.x + 1, y: area.y + top, width: area.width - 2, height: below + 1 - detailHeight),
            detail: Rect(x: area.x, y: area.maxY - detailHeight, width: area.width, height: detailHeight))
    }

    // MARK: Loading

    public mutating func open(poolId: String?, context: ScreenContext) -> [Command] {
        if poolId != self.poolId {
            self.poolId = poolId
            overview = nil
            events = []
            focus = nil
            expanded = false
            scroll = ScrollState()
            failuresScroll = ScrollState()
        }
        return load(context: context)
    }

    mutating func load(context: ScreenContext) -> [Command] {
        guard let poolId else { return [] }
        if loading {
            stale = true
            return []
        }
        loading = true
        stale = false
        loadedBucket = bucket(context.now)
        let window = window
        let focus = focus
        return [
            .call({ engine in
                let overview = try await engine.riskOverview(poolId: poolId, window: window)
                let events: [AuthEventRecord]
                switch focus {
                case .address(let address):
                    events = try await engine.authEventRecords(poolId: poolId, username: nil, address: address, before: nil, limit: Self.feedLimit)
                case .user(let name):
                    events = try await engine.authEventRecords(poolId: poolId, username: name, address: nil, before: nil, limit: Self.feedLimit)
                case nil:
                    events = try await engine.authEventRecords(poolId: poolId, username: nil, address: nil, before: nil, limit: Self.feedLimit)
                }
                return Snapshot(overview: overview, events: events)
            }) { .risk(.loaded($0)) }
        ]
    }

    private func bucket(_ date: Date) -> Int { Int(date.timeIntervalSince1970 / window.bucketSeconds) }

    /// Once a second: reload when the charts' newest bucket has moved on.
    public mutating func tick(context: ScreenContext) -> [Command] {
        guard let loadedBucket, bucket(context.now) != loadedBucket else { return [] }
        return load(context: context)
    }

    public mutating func engineEvent(_ event: EngineEvent, context: ScreenContext) -> [Command] {
        switch event {
        case .auth(let pool, _) where pool == poolId: return load(context: context)
        default: return []
        }
    }

    public mutating func receive(_ reply: Reply, context: ScreenContext) -> [Command] {
        switch reply {
        case .loaded(let result):
            loading = false
            switch result {
            case .success(let snapshot) where snapshot.overview.poolId == poolId:
                // At the top the cursor follows the newest event; elsewhere it stays on its own.
                let selectedId = scroll.selected == 0 ? nil : selected?.id
                overview = snapshot.overview
                events = snapshot.events
                error = nil
                if let selectedId, let index = shown.firstIndex(where: { $0.id == selectedId }) { scroll.selected = index }
                let layout = layout(context.area)
                scroll.follow(count: shown.count, visible: layout.table.height - 1)
                failuresScroll.follow(count: failureRows.count, visible: layout.table.height - 1)
            case .success: break
            case .failure(let failure): error = failure.description
            }
            return stale ? load(context: context) : []
        case .feedback(.success(let text)):
            return [.toast(.success(text))] + load(context: context)
        case .feedback(.failure(let failure)), .modeSet(.failure(let failure)):
            return [.toast(.error(failure.description))]
        case .chooseMode(let name):
            guard let poolId, let mode = AdvancedSecurityModeType(rawValue: name) else { return [] }
            return [
                .call({ engine in try await engine.setThreatProtectionMode(poolId: poolId, mode) }) { result in .risk(.modeSet(result.map { mode })) }
            ]
        case .modeSet(.success(let mode)):
            return [.toast(.success("Threat protection is \(mode.rawValue) for this pool"))] + load(context: context)
        }
    }

    // MARK: Keys

    public mutating func handle(_ key: Key, context: ScreenContext) -> [Command]? {
        let visible = layout(context.area).table.height - 1
        switch tab {
        case .events: if scroll.handle(key, count: shown.count, visible: visible) { return [] }
        case .failures: if failuresScroll.handle(key, count: failureRows.count, visible: visible) { return [] }
        }
        switch key {
        case .tab, .backTab:
            tab = tab == .events ? .failures : .events
            return []
        case .character("w"):
            window = window == .hour ? .day : .hour
            return load(context: context)
        case .character("r"):
            riskyOnly.toggle()
            scroll = ScrollState()
            return []
        case .character("m"):
            return [
                .pick(
                    Picker(title: "Threat protection for this pool", options: AdvancedSecurityModeType.allCases.map(\.rawValue)) { name in
                        .risk(.chooseMode(name))
                    })
            ]
        case .control("r"):
            return load(context: context)
        case .escape where expanded:
            expanded = false
            return []
        case .escape where focus != nil:
            return narrow(to: nil, context: context)
        default:
            return tab == .events ? eventKey(key, context: context) : failureKey(key, context: context)
        }
    }

    private mutating func eventKey(_ key: Key, context: ScreenContext) -> [Command]? {
        switch key {
        case .enter:
            guard selected != nil else { return [] }
            expanded.toggle()
            return []
        case .character("u"):
            guard let event = selected else { return [] }
            return [.findUser(event.username)]
        case .character("a"):
            guard let address = selected?.context.ipAddress else { return [.toast(Toast("This event has no address"))] }
            return narrow(to: .address(address), context: context)
        case .character("v"): return feedback(.valid)
        case .character("i"): return feedback(.invalid)
        default: return nil
        }
    }

    private mutating func failureKey(_ key: Key, context: ScreenContext) -> [Command]? {
        guard let row = selectedFailure else { return key == .enter ? [] : nil }
        switch key {
        case .enter:
            tab = .events
            return narrow(to: row.focus, context: context)
        case .character("u"):
            guard case .user(let name) = row.focus else { return [.toast(Toast("Choose a user row"))] }
            return [.findUser(name)]
        default: return nil
        }
    }

    private mutating func narrow(to focus: Focus?, context: ScreenContext) -> [Command] {
        self.focus = focus
        expanded = false
        scroll = ScrollState()
        return load(context: context)
    }

    /// Marks the selected event valid or invalid, as an admin would with
    /// AdminUpdateAuthEventFeedback.
    private func feedback(_ value: FeedbackValueType) -> [Command] {
        guard let poolId, let event = selected else { return [] }
        let request = AdminUpdateAuthEventFeedbackRequest(
            userPoolId: poolId, username: event.username, eventId: event.eventId, feedbackValue: value)
        let text = "Marked \(event.username)'s \(event.type.rawValue) event \(value.rawValue.lowercased())"
        return [.call({ engine in _ = try await engine.adminUpdateAuthEventFeedback(request) }) { result in .risk(.feedback(result.map { text })) }]
    }

    public mutating func handle(_ mouse: MouseEvent, context: ScreenContext) -> [Command] {
        let table = layout(context.area).table
        let count = tab == .events ? shown.count : failureRows.count
        var state = tab == .events ? scroll : failuresScroll
        switch mouse.kind {
        case .wheelUp: state.move(by: -3, count: count, visible: table.height - 1)
        case .wheelDown: state.move(by: 3, count: count, visible: table.height - 1)
        case .press:
            if let row = Table.row(at: mouse.y, in: table), state.top + row < count { state.selected = state.top + row }
        }
        if tab == .events { scroll = state } else { failuresScroll = state }
        return []
    }
}
