import Foundation
import SigilCore

/// Draws the risk dashboard: a summary line, a chart per risk level, the event feed (or
/// the failure leaders) and the selected event's signals.
public enum RiskDashboardView {
    public static func render(_ model: RiskDashboardModel, _ canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        let layout = model.layout(context.area)
        renderHeader(model, &canvas, layout.header, theme: theme)
        renderCharts(model, &canvas, layout.charts, theme: theme)
        Tabs.render(
            RiskDashboardModel.Tab.allCases.map(\.title), selected: model.tab.rawValue, &canvas, x: layout.tabs.x + 1, y: layout.tabs.y,
            theme: theme)
        switch model.tab {
        case .events:
            renderEvents(model, &canvas, layout.table, theme: theme)
            renderDetail(model, &canvas, layout.detail, theme: theme)
        case .failures:
            renderFailures(model, &canvas, layout.table, theme: theme)
        }
    }

    static func role(_ level: RiskLevelType) -> Role {
        switch level {
        case .low: return .riskLow
        case .medium: return .riskMedium
        case .high: return .riskHigh
        }
    }

    private static func renderHeader(_ model: RiskDashboardModel, _ canvas: inout Canvas, _ rect: Rect, theme: Theme) {
        var x = rect.x
        x += canvas.put(" Threat protection ", x: x, y: rect.y, style: theme[.title])
        guard let overview = model.overview else {
            canvas.put(model.error ?? "reading…", x: x, y: rect.y, style: model.error == nil ? theme[.muted] : theme[.danger], limit: rect.maxX - x)
            return
        }
        let modeRole: Role = overview.mode == .enforced ? .success : overview.mode == .audit ? .warning : .danger
        x += canvas.put(overview.mode.rawValue, x: x, y: rect.y, style: theme[modeRole])
        let scored = RiskLevelType.allCases.map(overview.total).reduce(0, +)
        var parts = ["last \(overview.window.rawValue)", TextLayout.plural(scored + overview.unscored, "event")]
        if overview.blocked > 0 { parts.append("\(overview.blocked) blocked") }
        if overview.compromised > 0 { parts.append("\(overview.compromised) compromised") }
        if overview.mode == .off { parts.append("not scored: m turns it on") }
        x += canvas.put(" · " + parts.joined(separator: " · "), x: x, y: rect.y, style: theme[.muted], limit: rect.maxX - x)
        if let error = model.error {
            canvas.put(error, x: x + 2, y: rect.y, style: theme[.danger], limit: rect.maxX - x - 2)
        } else if let focus = model.focus {
            let text = "\(focus.text) (Esc clears)"
            canvas.put(text, x: max(x + 2, rect.maxX - CharacterWidth.of(text) - 1), y: rect.y, style: theme[.accent], limit: rect.maxX - x - 2)
        }
    }

    /// A sparkline per level, on one scale, newest at the right.
    private static func renderCharts(_ model: RiskDashboardModel, _ canvas: inout Canvas, _ rect: Rect, theme: Theme) {
        guard let overview = model.overview else { return }
        let labelWidth = 8
        let width = min(overview.window.buckets, rect.width - labelWidth - 14)
        let top = overview.counts.values.compactMap { $0.max() }.max() ?? 0
        let span = overview.window == .hour ? "per minute" : "per hour"
        for (row, level) in RiskLevelType.allCases.reversed().enumerated() {
            let y = rect.y + row
            canvas.put(TextLayout.fit(" " + level.rawValue, labelWidth), x: rect.x, y: y, style: theme[role(level)])
            let values = overview.counts[level] ?? []
            canvas.fill(Rect(x: rect.x + labelWidth, y: y, width: width, height: 1), style: theme[.muted])
            Sparkline.render(values, &canvas, x: rect.x + labelWidth, y: y, width: width, style: theme[role(level)], maximum: top)
            let total = "\(overview.total(level))" + (row == 0 ? " \(span)" : "")
            canvas.put(total, x: rect.x + labelWidth + width + 1, y: y, style: theme[.muted], limit: rect.maxX - (rect.x + labelWidth + width + 1))
        }
    }

    private static func renderEvents(_ model: RiskDashboardModel, _ canvas: inout Canvas, _ rect: Rect, theme: Theme) {
        let wide = rect.width >= 100
        var columns = [
            TableColumn("Time (UTC)", width: 14), TableColumn("User", width: 8, flexible: true), TableColumn("Address", width: 15),
            TableColumn("Result", width: 6), TableColumn("Risk", width: 6), TableColumn("Decision", width: 15), TableColumn("Feedback", width: 8),
        ]
        if wide { columns.insert(TableColumn("Event", width: 14), at: 2) }
        let shown = model.shown
        let visible = shown.dropFirst(model.scroll.top).prefix(rect.height - 1)
        let rows = visible.map { event -> [String] in
            var row = [
                String(ConsoleDate.string(event.created).dropFirst(5)), event.username, event.context.ipAddress ?? "—",
                event.response.rawValue, event.risk?.level.rawValue ?? "—", decision(event.risk), event.feedback?.feedbackValue.rawValue ?? "",
            ]
            if event.risk?.compromisedCredentials == true { row[4] += "!" }
            if wide { row.insert(event.type.rawValue, at: 2) }
            return row
        }
        let offset = wide ? 1 : 0
        let list = Array(visible)
        Table.render(
            &canvas, rect, columns: columns, rows: rows, selected: rows.isEmpty ? nil : model.scroll.selected - model.scroll.top, theme: theme,
            styles: { row, column in
                let event = list[row]
                switch column - offset {
                case 3: return event.response == .fail ? .danger : nil
                case 4: return event.risk.map { role($0.level) }
                case 5: return event.risk?.decision == .block ? .danger : event.risk?.decision == .accountTakeover ? .warning : nil
                case 6: return event.feedback?.feedbackValue == .invalid ? .danger : .success
                default: return column == 0 ? .muted : nil
                }
            })
        if rows.isEmpty, model.overview != nil {
            let text = model.riskyOnly ? "No risky events: press r to see every event." : "No sign-ins yet: they show here as they happen."
            canvas.put(text, x: rect.x + 1, y: rect.y + 2, style: theme[.muted], limit: rect.width - 2)
        }
    }

    static func decision(_ risk: RiskAssessment?) -> String {
        guard let risk else { return "not scored" }
        return risk.decision.rawValue
    }

    private static func renderFailures(_ model: RiskDashboardModel, _ canvas: inout Canvas, _ rect: Rect, theme: Theme) {
        let columns = [
            TableColumn("Source", width: 8), TableColumn("Address or user", width: 20, flexible: true), TableColumn("Failed", width: 7),
            TableColumn("Spread", width: 16), TableColumn("", width: 20),
        ]
        let rows = model.failureRows
        let top = rows.map(\.count.failures).max() ?? 0
        let shown = rows.dropFirst(model.failuresScroll.top).prefix(rect.height - 1).map { row -> [String] in
            let (kind, key, spread): (String, String, String)
            switch row.focus {
            case .address(let address): (kind, key, spread) = ("address", address, TextLayout.plural(row.count.others, "user"))
            case .user(let name): (kind, key, spread) = ("user", name, "from " + TextLayout.plural(row.count.others, "address", "addresses"))
            }
            return [kind, key, TextLayout.fitRight(String(row.count.failures), 7), spread, Sparkline.bar(row.count.failures, of: top, width: 20)]
        }
        Table.render(
            &canvas, rect, columns: columns, rows: shown,
            selected: shown.isEmpty ? nil : model.failuresScroll.selected - model.failuresScroll.top, theme: theme,
            styles: { _, column in column == 4 ? .danger : column == 0 ? .muted : nil })
        if shown.isEmpty, model.overview != nil {
            canvas.put("No failed sign-ins in the last \(model.window.rawValue).", x: rect.x + 1, y: rect.y + 2, style: theme[.muted])
        }
    }

    private static func renderDetail(_ model: RiskDashboardModel, _ canvas: inout Canvas, _ rect: Rect, theme: Theme) {
        guard rect.height >= 3 else { return }
        let event = model.selected
        let title = event.map { "\($0.username) · \($0.type.rawValue) · \($0.response.rawValue)" } ?? "Event"
        let inside = Box.draw(&canvas, rect, title: title, theme: theme, focused: model.expanded)
        guard let event else { return }
        DetailList.render(lines(event), &canvas, inside, scroll: 0, labelWidth: 10, theme: theme)
    }

    /// What the detail pane says of an event: the judgement, where it came from, and the
    /// signals that made it, each with its points.
    static func lines(_ event: AuthEventRecord) -> [DetailLine] {
        var lines: [DetailLine] = []
        if let risk = event.risk {
            lines.append(DetailLine("Risk", "\(risk.level.rawValue), score \(risk.score)", role(risk.level)))
            var decision = risk.decision.rawValue
            if let action = risk.action, action != AccountTakeoverEventActionType.noAction.rawValue {
                decision += risk.enforced ? " · \(action) applied" : " · \(action) recorded only (audit)"
            } else if risk.action == nil, event.response == .fail {
                decision += " · nothing to apply: the password was wrong"
            }
            lines.append(DetailLine("Decision", decision, risk.decision == .block ? .danger : .text))
        } else {
            lines.append(DetailLine("Risk", "not scored (threat protection off, or a skipped address)", .muted))
        }
        // The signals come first, as they say why.
        for signal in event.risk?.signals ?? [] {
            lines.append(
                DetailLine(String(format: "%+d pts", signal.points), "\(signal.name): \(signal.detail)", signal.points > 0 ? .warning : .success))
        }
        if let risk = event.risk, risk.signals.isEmpty { lines.append(DetailLine("Signals", "none: nothing unusual", .success)) }
        var from = event.context.ipAddress ?? "unknown address"
        if let place = [event.risk?.city, event.risk?.country].compactMap({ $0 }).joined(separator: ", ").nonEmpty { from += " · " + place }
        lines.append(DetailLine("From", from))
        if let device = event.context.deviceName ?? event.context.userAgent { lines.append(DetailLine("Device", device)) }
        if event.risk?.compromisedCredentials == true { lines.append(DetailLine("Password", "found in a breached-password list", .danger)) }
        if let feedback = event.feedback {
            lines.append(
                DetailLine(
                    "Feedback", "\(feedback.feedbackValue.rawValue) (\(feedback.provider), \(ConsoleDate.string(feedback.feedbackDate)))",
                    feedback.feedbackValue == .invalid ? .danger : .success))
        }
        if let detail = event.detail { lines.append(DetailLine("Reason", detail, .muted)) }
        lines.append(DetailLine("When", ConsoleDate.string(event.created) + " UTC", .muted))
        return lines
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
