import Foundation
import SigilCore

/// Draws the functions screen: mappings, the invocation log and the opened run, or one
/// run's event or response as JSON.
public enum FunctionsView {
    public static func render(_ model: FunctionsModel, _ canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        let area = context.area
        if model.pane != .list, let run = model.selected {
            return renderJSON(model, run, &canvas, area: area, theme: theme)
        }
        let layout = FunctionsModel.layout(area, mappings: model.mappings.count)
        let failed = model.invocations.filter { !$0.succeeded }.count
        var summary = "\(TextLayout.plural(model.mappings.count, "function")) mapped · \(TextLayout.plural(model.invocations.count, "run"))"
        if failed > 0 { summary += " (\(failed) failed)" }
        if model.onlyFailures { summary += " · failures only" }
        canvas.put(
            " " + (model.error ?? summary), x: area.x, y: area.y, style: model.error == nil ? theme[.muted] : theme[.danger], limit: area.width)
        Table.render(
            &canvas, layout.mappings,
            columns: [
                TableColumn("Function", width: 18, flexible: true), TableColumn("Runs", width: 30, flexible: true), TableColumn("Timeout", width: 7),
                TableColumn("Environment", width: 14),
            ],
            rows: model.mappings.prefix(layout.mappings.height - 1).map { mapping in
                [mapping.functionName, target(mapping), "\(mapping.timeout) s", mapping.environment.keys.sorted().joined(separator: ",")]
            }, selected: nil, theme: theme)
        if model.mappings.isEmpty {
            canvas.put(
                "No functions mapped: sigil function map ARN --handler FILE", x: layout.mappings.x + 1, y: layout.mappings.y + 1,
                style: theme[.muted], limit: layout.mappings.width - 2)
        }
        let visible = model.shown.dropFirst(model.scroll.top).prefix(layout.log.height - 1)
        Table.render(
            &canvas, layout.log,
            columns: [
                TableColumn("Time", width: 8), TableColumn("Trigger", width: 22, flexible: true), TableColumn("User", width: 10, flexible: true),
                TableColumn("Took", width: 8), TableColumn("Start", width: 5), TableColumn("Outcome", width: 13),
            ],
            rows: visible.map { run in
                [
                    String(ConsoleDate.string(run.at).suffix(8)), run.source, run.username ?? "—", milliseconds(run.milliseconds),
                    run.coldStart.map { $0 ? "cold" : "warm" } ?? "—", FunctionsModel.outcome(run),
                ]
            }, selected: visible.isEmpty ? nil : model.scroll.selected - model.scroll.top, theme: theme,
            styles: { row, column in
                guard column == 5, visible.indices.contains(visible.startIndex + row) else { return nil }
                return visible[visible.startIndex + row].succeeded ? .success : .danger
            })
        if visible.isEmpty {
            canvas.put(
                "No trigger has run yet: sign up or sign in to a pool with a LambdaConfig.", x: layout.log.x + 1, y: layout.log.y + 2,
                style: theme[.muted], limit: layout.log.width - 2)
        }
        renderSummary(model.selected, &canvas, layout.detail, theme: theme)
    }

    private static func renderSummary(_ run: TriggerInvocation?, _ canvas: inout Canvas, _ rect: Rect, theme: Theme) {
        let inside = Box.draw(&canvas, rect, title: run.map { "\($0.trigger) · \($0.arn)" }, theme: theme)
        guard let run else { return }
        var lines: [(String, Role)] = [
            (
                "\(run.source) · pool \(run.poolId.isEmpty ? "—" : run.poolId) · user \(run.username ?? "—") · \(milliseconds(run.milliseconds))"
                    + (run.coldStart == true ? " · cold start" : ""), .text
            )
        ]
        switch run.outcome {
        case .succeeded: lines.append(("✓ The function answered; Enter shows the event and its response.", .success))
        case .failed(let exception, let message): lines.append(("✗ \(exception): \(message)", .danger))
        }
        var y = inside.y
        for (text, role) in lines {
            for line in TextLayout.wrap(text, inside.width - 2) where y < inside.maxY {
                canvas.put(line, x: inside.x + 1, y: y, style: theme[role])
                y += 1
            }
        }
    }

    private static func renderJSON(_ model: FunctionsModel, _ run: TriggerInvocation, _ canvas: inout Canvas, area: Rect, theme: Theme) {
        let showingEvent = model.pane == .event
        let title = showingEvent ? "Event sent to \(run.arn)" : "Response from \(run.arn)"
        let inside = Box.draw(&canvas, area, title: title, theme: theme, focused: true)
        var y = inside.y
        if case .failed(let exception, let message) = run.outcome {
            for line in TextLayout.wrap("✗ \(exception): \(message)", inside.width - 2).prefix(2) {
                canvas.put(line, x: inside.x + 1, y: y, style: theme[.danger])
                y += 1
            }
        }
        let lines = FunctionsModel.lines(showingEvent ? run.event : run.response)
        let top = min(model.detailScroll, max(0, lines.count - 1))
        for line in lines.dropFirst(top) where y < inside.maxY {
            canvas.put(line, x: inside.x + 1, y: y, style: theme[.text], limit: inside.width - 2)
            y += 1
        }
    }

    static func milliseconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.2f ms", value) : value < 1_000 ? String(format: "%.0f ms", value) : String(format: "%.1f s", value / 1_000)
    }

    static func target(_ mapping: FunctionMapping) -> String {
        switch mapping.target {
        case .handler(let path, let function, let runtime):
            return "\(runtime.rawValue) \(URL(fileURLWithPath: path).lastPathComponent):\(function)"
        case .invoke(let endpoint): return "invoke \(endpoint)"
        }
    }
}
