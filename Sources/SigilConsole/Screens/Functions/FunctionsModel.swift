import Foundation
import SigilCore
import SigilJSON

/// The trigger functions: what each ARN is mapped to, and a live log of invocations
/// (trigger source, user, time taken, cold or warm, outcome). One opened shows the event
/// Cognito sent and what came back; it can be run again.
public struct FunctionsModel: Sendable {
    public enum Reply: Sendable {
        case loaded(Result<Snapshot, ConsoleError>)
        case rerun(Result<TriggerInvocation, ConsoleError>)
    }

    /// The mappings and the log as the engine has them.
    public struct Snapshot: Sendable {
        var mappings: [FunctionMapping]
        var invocations: [TriggerInvocation]
    }

    /// What fills the screen: the lists, or one invocation's event or response.
    public enum Pane: Sendable, Equatable { case list, event, response }

    public private(set) var mappings: [FunctionMapping] = []
    public private(set) var invocations: [TriggerInvocation] = []
    public private(set) var onlyFailures = false
    public private(set) var scroll = ScrollState()
    public private(set) var pane: Pane = .list
    public private(set) var detailScroll = 0
    public private(set) var error: String?
    public private(set) var running = false

    public init() {}

    public var shown: [TriggerInvocation] { onlyFailures ? invocations.filter { !$0.succeeded } : invocations }

    public var selected: TriggerInvocation? {
        let list = shown
        return list.indices.contains(scroll.selected) ? list[scroll.selected] : nil
    }

    public var keyHelp: [KeyHelp] {
        if pane != .list {
            return [
                KeyHelp("Tab", pane == .event ? "response" : "event"), KeyHelp("↑↓", "scroll"), KeyHelp("r", "run again"),
                KeyHelp("Esc", "back to the log"),
            ]
        }
        return [
            KeyHelp("↑↓ jk", "move"), KeyHelp("Enter", "event and response"), KeyHelp("r", "run again"),
            KeyHelp("f", onlyFailures ? "all runs" : "failures only"), KeyHelp("^R", "reload", inBar: false),
        ]
    }

    /// Mappings on top, the log below, the opened invocation's summary at the bottom.
    static func layout(_ area: Rect, mappings: Int) -> (mappings: Rect, log: Rect, detail: Rect) {
        let mappingHeight = min(max(mappings, 1), 5) + 1
        let detailHeight = min(7, max(4, area.height / 4))
        let mappingRect = Rect(x: area.x, y: area.y + 1, width: area.width, height: mappingHeight)
        let logTop = mappingRect.maxY + 1
        return (
            mappingRect, Rect(x: area.x, y: logTop, width: area.width, height: max(2, area.maxY - detailHeight - logTop)),
            Rect(x: area.x, y: area.maxY - detailHeight, width: area.width, height: detailHeight)
        )
    }

    mutating func load() -> [Command] {
        [
            .call({ engine in Snapshot(mappings: try await engine.functionMappings(), invocations: try await engine.recentInvocations()) }) {
                .functions(.loaded($0))
            }
        ]
    }

    public mutating func receive(_ reply: Reply, context: ScreenContext) -> [Command] {
        switch reply {
        case .loaded(let result):
            switch result {
            case .success(let snapshot):
                mappings = snapshot.mappings
                invocations = snapshot.invocations
                error = nil
            case .failure(let failure): error = failure.description
            }
            clampSelection()
            return []
        case .rerun(let result):
            running = false
            switch result {
            case .success(let run):
                if !invocations.contains(where: { $0.id == run.id }) { invocations.insert(run, at: 0) }
                scroll.selected = shown.firstIndex { $0.id == run.id } ?? 0
                detailScroll = 0
                return [.toast(Toast("Ran \(run.source) again: \(Self.outcome(run))", kind: run.succeeded ? .success : .error))]
            case .failure(let failure):
                return [.toast(Toast(failure.description, kind: .error))]
            }
        }
    }

    public mutating func handle(_ key: Key, context: ScreenContext) -> [Command]? {
        if pane != .list { return detailKey(key) }
        let visible = Self.layout(context.area, mappings: mappings.count).log.height - 1
        if scroll.handle(key, count: shown.count, visible: visible) { return [] }
        switch key {
        case .enter:
            guard selected != nil else { return [] }
            pane = .event
            detailScroll = 0
            return []
        case .character("r"):
            return rerun()
        case .character("f"):
            onlyFailures.toggle()
            scroll = ScrollState()
            return []
        case .control("r"):
            return load()
        default:
            return nil
        }
    }

    private mutating func detailKey(_ key: Key) -> [Command]? {
        switch key {
        case .tab, .backTab, .left, .right:
            pane = pane == .event ? .response : .event
            detailScroll = 0
        case .up, .character("k"): detailScroll = max(0, detailScroll - 1)
        case .down, .character("j"): detailScroll += 1
        case .pageUp: detailScroll = max(0, detailScroll - 10)
        case .pageDown: detailScroll += 10
        case .character("r"): return rerun()
        case .escape, .enter: pane = .list
        default: return nil
        }
        return []
    }

    private mutating func rerun() -> [Command] {
        guard let invocation = selected, !running else { return [] }
        running = true
        return [.call({ engine in try await engine.rerun(invocation) }) { .functions(.rerun($0)) }]
    }

    public mutating func handle(_ mouse: MouseEvent, context: ScreenContext) -> [Command] {
        guard pane == .list else { return [] }
        let log = Self.layout(context.area, mappings: mappings.count).log
        switch mouse.kind {
        case .wheelUp: scroll.move(by: -3, count: shown.count, visible: log.height - 1)
        case .wheelDown: scroll.move(by: 3, count: shown.count, visible: log.height - 1)
        case .press:
            if let row = Table.row(at: mouse.y, in: log), scroll.top + row < shown.count { scroll.selected = scroll.top + row }
        }
        return []
    }

    /// A new invocation joins the top of the log; the selection stays on what it was.
    public mutating func engineEvent(_ event: EngineEvent) -> [Command] {
        guard case .invocation(let run) = event, !invocations.contains(where: { $0.id == run.id }) else { return [] }
        let keep = selected?.id
        invocations.insert(run, at: 0)
        if invocations.count > 300 { invocations.removeLast() }
        if let keep, let index = shown.firstIndex(where: { $0.id == keep }) { scroll.selected = index }
        return []
    }

    private mutating func clampSelection() {
        scroll.selected = min(scroll.selected, max(0, shown.count - 1))
    }

    /// "ok", or what went wrong in a few words (the full exception is in the summary).
    static func outcome(_ run: TriggerInvocation) -> String {
        switch run.outcome {
        case .succeeded: return "ok"
        case .failed(let exception, let message):
            switch exception {
            case ExceptionName.userLambdaValidationException.rawValue: return "refused"
            case ExceptionName.invalidLambdaResponseException.rawValue: return "bad response"
            case ExceptionName.unexpectedLambdaException.rawValue:
                if message.contains("Socket timeout") { return "timed out" }
                return message.contains("AccessDeniedException") ? "not mapped" : "could not run"
            default: return exception
            }
        }
    }

    /// A JSON value as indented lines, keys sorted; empty objects and lists stay on one line.
    static func lines(_ value: JSONValue?) -> [String] {
        guard let value else { return ["(no answer)"] }
        var lines: [String] = []
        append(value, prefix: "", indent: "", comma: "", to: &lines)
        return lines
    }

    private static func append(_ value: JSONValue, prefix: String, indent: String, comma: String, to lines: inout [String]) {
        switch value {
        case .object(let members) where !members.isEmpty:
            lines.append(indent + prefix + "{")
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                append(
                    members[key] ?? .null, prefix: scalar(.string(key)) + ": ", indent: indent + "  ", comma: index < keys.count - 1 ? "," : "",
                    to: &lines)
            }
            lines.append(indent + "}" + comma)
        case .array(let items) where !items.isEmpty:
            lines.append(indent + prefix + "[")
            for (index, item) in items.enumerated() {
                append(item, prefix: "", indent: indent + "  ", comma: index < items.count - 1 ? "," : "", to: &lines)
            }
            lines.append(indent + "]" + comma)
        default:
            lines.append(indent + prefix + scalar(value) + comma)
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .object: return "{}"
        case .array: return "[]"
        default: return (try? value.jsonString()) ?? "null"
        }
    }
}
