import Foundation

/// Draws the whole console: status bar, the current screen, key hints, toast, and any
/// overlay or dialog on top.
public enum AppView {
    public static func render(_ model: AppModel) -> Canvas {
        let theme = model.theme
        var canvas = Canvas(width: model.width, height: model.height, style: theme[.text])
        if model.tooSmall {
            renderTooSmall(model, &canvas, theme: theme)
            return canvas
        }
        let context = model.context
        if model.screen.needsPool && model.poolId == nil {
            canvas.put(
                "No pool chosen. Press 1 for the pools, or : and type pool NAME.", x: context.area.x + 1, y: context.area.y + 1,
                style: theme[.muted])
        }
        model.current.render(into: &canvas, context: context, theme: theme)
        renderStatusBar(model, &canvas, theme: theme)
        renderKeyHints(model, &canvas, theme: theme)
        if let toast = model.toast { renderToast(toast, &canvas, theme: theme) }
        switch model.overlay {
        case .help: renderHelp(model, &canvas, theme: theme)
        case .palette(let palette): renderPalette(palette, &canvas, theme: theme)
        case nil: break
        }
        if let dialog = model.dialog { DialogView.render(dialog, &canvas, theme: theme) }
        return canvas
    }

    private static func renderTooSmall(_ model: AppModel, _ canvas: inout Canvas, theme: Theme) {
        let lines = [
            "This window is \(model.width)×\(model.height).",
            "Sigil needs at least \(AppModel.minimumWidth)×\(AppModel.minimumHeight).",
            "Make it larger, or press q to quit.",
        ]
        for (index, line) in lines.enumerated() {
            let y = max(0, model.height / 2 - 1) + index
            for (offset, piece) in TextLayout.wrap(line, model.width).prefix(1).enumerated() {
                canvas.put(TextLayout.center(piece, model.width), x: 0, y: y + offset, style: index == 1 ? theme[.warning] : theme[.text])
            }
        }
    }

    private static func renderStatusBar(_ model: AppModel, _ canvas: inout Canvas, theme: Theme) {
        let bar = theme[.keyHint]
        canvas.fill(Rect(x: 0, y: 0, width: model.width, height: 1), style: bar)
        var x = 0
        var brand = theme[.accent]
        brand.reverse = true
        x += canvas.put(" Sigil ", x: x, y: 0, style: brand)
        // Narrow windows get the short forms, so the pool id stays whole.
        let wide = model.width >= 110
        x += canvas.put(" \(wide ? model.screen.title : model.screen.shortTitle) ", x: x, y: 0, style: bar)
        let context = model.context
        var right = ""
        if model.readOnly { right += "read-only │ " }
        if let remote = model.attachedTo {
            right += "⇄ \(remote) │ "
        } else if let address = model.apiAddress {
            right += "API \(address) │ "
        } else {
            right += "API off │ "
        }
        let time = ConsoleDate.string(model.clock.now)
        right += wide ? time + " UTC" : String(time.suffix(8))
        if model.clock.frozen {
            right += " ⏸ frozen"
        } else if abs(model.clock.offset) >= 1 {
            right += " (+\(ConsoleDate.duration(model.clock.offset)))"
        }
        let rightWidth = CharacterWidth.of(right) + 1
        let room = max(0, model.width - x - rightWidth - 1)
        var pool = "│ no pool "
        if let id = context.poolId {
            // The id stays whole: a long name is shortened first, then left out.
            let prefix = "│ " + (wide ? "pool " : "")
            let nameRoom = room - CharacterWidth.of(prefix) - CharacterWidth.of(id) - 2
            let name = context.poolName ?? ""
            if CharacterWidth.of(name) <= nameRoom {
                pool = "\(prefix)\(name) \(id) "
            } else if nameRoom >= 4 {
                pool = "\(prefix)\(TextLayout.fit(name, nameRoom).trimmingCharacters(in: .whitespaces)) \(id) "
            } else {
                pool = "│ \(id) "
            }
        }
        canvas.put(pool, x: x, y: 0, style: bar, limit: room)
        canvas.put(right, x: model.width - rightWidth, y: 0, style: model.clock.frozen ? theme[.warning].merged(over: bar) : bar)
    }

    private static func renderKeyHints(_ model: AppModel, _ canvas: inout Canvas, theme: Theme) {
        let y = model.height - 1
        let bar = theme[.keyHint]
        canvas.fill(Rect(x: 0, y: y, width: model.width, height: 1), style: bar)
        var keyStyle = bar
        keyStyle.bold = true
        var hints = model.screenKeys.filter(\.inBar)
        if model.dialog != nil {
            hints = [KeyHelp("Enter", "ok"), KeyHelp("Esc", "cancel"), KeyHelp("Tab", "next")]
        } else if model.overlay != nil {
            hints = [KeyHelp("Esc", "close")]
        } else if !model.screenCapturesText {
            hints = [KeyHelp("?", "help"), KeyHelp(":", "cmd")] + hints + [KeyHelp("q", model.history.isEmpty ? "quit" : "back")]
        } else {
            // Letters go to the field being typed in; these keys still work.
            hints = [KeyHelp("F1", "help"), KeyHelp("^P", "cmd")] + hints.filter { $0.keys != "F1" }
        }
        var x = 1
        for hint in hints {
            let width = CharacterWidth.of(hint.keys) + CharacterWidth.of(hint.action) + 3
            if x + width > model.width { break }
            x += canvas.put(hint.keys, x: x, y: y, style: keyStyle)
            x += canvas.put(" " + hint.action + "  ", x: x, y: y, style: bar)
        }
    }

    private static func renderToast(_ toast: Toast, _ canvas: inout Canvas, theme: Theme) {
        let role: Role = toast.kind == .error ? .danger : toast.kind == .success ? .success : .accent
        let maxWidth = canvas.width - 4
        let lines = TextLayout.wrap(toast.text, maxWidth - 2).prefix(3)
        let width = min(maxWidth, (lines.map { CharacterWidth.of($0) }.max() ?? 0) + 2)
        var style = theme[role]
        style.reverse = true
        for (index, line) in lines.enumerated() {
            let y = canvas.height - 1 - lines.count + index
            canvas.put(TextLayout.fit(" " + line, width), x: canvas.width - width - 1, y: y, style: style)
        }
    }

    private static func renderHelp(_ model: AppModel, _ canvas: inout Canvas, theme: Theme) {
        let keys = model.screenKeys + AppModel.globalKeys
        let area = Rect(x: 0, y: 1, width: canvas.width, height: canvas.height - 2)
        // As many columns as it takes for every key to show.
        let rowsAvailable = max(1, area.height - 5)
        let columns = min(3, (keys.count + rowsAvailable - 1) / rowsAvailable)
        let rows = (keys.count + columns - 1) / columns
        let keyWidth = min(16, (keys.map { CharacterWidth.of($0.keys) }.max() ?? 0) + 2)
        let columnWidth = min(60, (area.width - 4) / columns)
        let rect = Box.centered(width: columnWidth * columns + 2, height: rows + 5, in: area)
        canvas.fill(rect, style: theme[.text])
        let inside = Box.draw(&canvas, rect, title: "Keys · \(model.screen.title)", theme: theme, focused: true)
        for (index, key) in keys.enumerated() {
            let x = inside.x + 1 + (index / rows) * columnWidth
            let y = inside.y + 1 + index % rows
            canvas.put(TextLayout.fit(key.keys, keyWidth), x: x, y: y, style: theme[.accent])
            canvas.put(key.action, x: x + keyWidth, y: y, style: theme[.text], limit: columnWidth - keyWidth - 1)
        }
        canvas.put("Esc or ? closes", x: inside.x + 1, y: inside.maxY - 1, style: theme[.muted])
    }

    private static func renderPalette(_ palette: Palette, _ canvas: inout Canvas, theme: Theme) {
        let shown = palette.matches.prefix(10)
        let rect = Box.centered(width: 60, height: 14, in: Rect(x: 0, y: 1, width: canvas.width, height: canvas.height - 2))
        let top = Rect(x: rect.x, y: 2, width: rect.width, height: rect.height)
        canvas.fill(top, style: theme[.text])
        let inside = Box.draw(&canvas, top, title: "Command", theme: theme, focused: true)
        canvas.put(":", x: inside.x, y: inside.y, style: theme[.accent])
        palette.input.render(&canvas, x: inside.x + 1, y: inside.y, width: inside.width - 1, style: theme[.input], focused: true)
        if shown.isEmpty {
            canvas.put("Nothing matches", x: inside.x + 1, y: inside.y + 2, style: theme[.muted])
        }
        let start = max(0, palette.scroll.selected - 9)
        for (index, entry) in palette.matches.dropFirst(start).prefix(10).enumerated() {
            let y = inside.y + 2 + index
            let selected = start + index == palette.scroll.selected
            let style = selected ? theme[.selection] : theme[.text]
            if selected { canvas.fill(Rect(x: inside.x, y: y, width: inside.width, height: 1), style: style) }
            let used = canvas.put(" " + entry.title, x: inside.x, y: y, style: style, limit: inside.width)
            canvas.put("  " + entry.detail, x: inside.x + used, y: y, style: selected ? style : theme[.muted], limit: inside.width - used)
        }
    }
}

extension Style {
    /// This style's colours and attributes, with `base`'s background where it has none.
    func merged(over base: Style) -> Style {
        var style = self
        if style.background == .default { style.background = base.background }
        return style
    }
}
