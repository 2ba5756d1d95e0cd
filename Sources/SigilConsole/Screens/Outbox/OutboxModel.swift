import Foundation
import SigilCore

/// The messages the service "sent", newest first, for the current pool or all of them,
/// narrowed by user; a code can be put into the sign-in prompt waiting for it.
public struct OutboxModel: Sendable {
    public enum Reply: Sendable {
        case loaded(Result<[OutboxMessage], ConsoleError>)
    }

    /// How many recent messages are read.
    static let limit = 500

    public private(set) var poolId: String?
    public private(set) var allPools = false
    public private(set) var messages: [OutboxMessage] = []
    public private(set) var filter = TextInput()
    public private(set) var editingFilter = false
    public private(set) var scroll = ScrollState()
    public private(set) var error: String?
    private var loading = false
    private var stale = false

    public init() {}

    /// The messages that pass the user filter (a part of the username or destination).
    public var shown: [OutboxMessage] {
        let text = filter.text.lowercased()
        guard !text.isEmpty else { return messages }
        return messages.filter { $0.username.lowercased().contains(text) || $0.destination.lowercased().contains(text) }
    }

    public var selected: OutboxMessage? {
        let list = shown
        return list.indices.contains(scroll.selected) ? list[scroll.selected] : nil
    }

    public var capturesText: Bool { editingFilter }

    public var keyHelp: [KeyHelp] {
        if editingFilter { return [KeyHelp("Enter", "keep filter"), KeyHelp("Esc", "clear filter")] }
        return [
            KeyHelp("↑↓ jk", "move"), KeyHelp("/", "filter by user"), KeyHelp("a", allPools ? "this pool only" : "all pools"),
            KeyHelp("Enter", "use the code in sign-in"), KeyHelp("^R", "reload", inBar: false),
        ]
    }

    static func layout(_ area: Rect) -> (table: Rect, detail: Rect) {
        let detailHeight = min(8, max(4, area.height / 3))
        return (
            Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1 - detailHeight),
            Rect(x: area.x, y: area.maxY - detailHeight, width: area.width, height: detailHeight)
        )
    }

    public mutating func open(poolId: String?) -> [Command] {
        if poolId != self.poolId {
            self.poolId = poolId
            scroll = ScrollState()
        }
        return load()
    }

    mutating func load() -> [Command] {
        if loading {
            stale = true
            return []
        }
        loading = true
        stale = false
        let pool = allPools ? nil : poolId
        return [.call({ engine in try await engine.outboxMessages(poolId: pool, limit: Self.limit) }) { .outbox(.loaded($0)) }]
    }

    public mutating func receive(_ reply: Reply, context: ScreenContext) -> [Command] {
        switch reply {
        case .loaded(let result):
            loading = false
            switch result {
            case .success(let list):
                let selectedId = selected?.id
                messages = list
                error = nil
                if let selectedId, let index = shown.firstIndex(where: { $0.id == selectedId }) { scroll.selected = index }
                scroll.follow(count: shown.count, visible: Self.layout(context.area).table.height - 1)
            case .failure(let failure): error = failure.description
            }
            return stale ? load() : []
        }
    }

    public mutating func handle(_ key: Key, context: ScreenContext) -> [Command]? {
        let visible = Self.layout(context.area).table.height - 1
        if editingFilter {
            switch key {
            case .enter: editingFilter = false
            case .escape:
                editingFilter = false
                filter = TextInput()
            default:
                _ = filter.handle(key)
            }
            scroll = ScrollState()
            return []
        }
        if scroll.handle(key, count: shown.count, visible: visible) { return [] }
        switch key {
        case .character("/"):
            editingFilter = true
            return []
        case .character("a"):
            allPools.toggle()
            return load()
        case .enter:
            guard let message = selected else { return [] }
            guard let code = message.code else { return [.toast(Toast("This message has no code"))] }
            return [.useCode(code)]
        case .escape where !filter.text.isEmpty:
            filter = TextInput()
            return []
        case .control("r"):
            return load()
        default:
            return nil
        }
    }

    public mutating func handle(_ mouse: MouseEvent, context: ScreenContext) -> [Command] {
        let table = Self.layout(context.area).table
        switch mouse.kind {
        case .wheelUp: scroll.move(by: -3, count: shown.count, visible: table.height - 1)
        case .wheelDown: scroll.move(by: 3, count: shown.count, visible: table.height - 1)
        case .press:
            if let row = Table.row(at: mouse.y, in: table), scroll.top + row < shown.count { scroll.selected = scroll.top + row }
        }
        return []
    }

    public mutating func engineEvent(_ event: EngineEvent) -> [Command] {
        guard case .message = event else { return [] }
        return load()
    }
}
