/// Draws dialogs centred over the screen.
enum DialogView {
    static func render(_ dialog: Dialog, _ canvas: inout Canvas, theme: Theme) {
        let area = Rect(x: 0, y: 1, width: canvas.width, height: canvas.height - 2)
        let width = min(72, area.width - 4)
        switch dialog {
        case .confirm(let confirmation, let yesFocused):
            let lines = TextLayout.wrap(confirmation.message, width - 4)
            let rect = Box.centered(width: width, height: lines.count + 6, in: area)
            let inside = frame(&canvas, rect, title: confirmation.title, theme: theme, danger: confirmation.destructive)
            for (index, line) in lines.enumerated() {
                canvas.put(line, x: inside.x + 1, y: inside.y + 1 + index, style: theme[.text])
            }
            let yes = " \(confirmation.action) (y) "
            let no = " Cancel (n) "
            var yesStyle = confirmation.destructive ? theme[.danger] : theme[.accent]
            yesStyle.reverse = yesFocused
            var noStyle = theme[.text]
            noStyle.reverse = !yesFocused
            let y = inside.maxY - 1
            let x = inside.x + inside.width - CharacterWidth.of(yes) - CharacterWidth.of(no) - 3
            canvas.put(yes, x: x, y: y, style: yesStyle)
            canvas.put(no, x: x + CharacterWidth.of(yes) + 2, y: y, style: noStyle)
        case .form(let formDialog, let busy):
            let form = formDialog.form
            let errorLines = form.error.map { TextLayout.wrap($0, width - 4) } ?? []
            let rect = Box.centered(width: width, height: form.height + errorLines.count + 4, in: area)
            let inside = frame(&canvas, rect, title: formDialog.title, theme: theme, danger: false)
            var shown = form
            shown.error = nil
            shown.render(&canvas, Rect(x: inside.x + 1, y: inside.y + 1, width: inside.width - 2, height: form.height), theme: theme, focused: !busy)
            for (index, line) in errorLines.enumerated() {
                canvas.put(line, x: inside.x + 1, y: inside.y + 1 + form.height + index, style: theme[.danger])
            }
            let footer = busy ? "Working…" : "Enter save · Esc cancel · Tab next field"
            canvas.put(footer, x: inside.x + 1, y: inside.maxY - 1, style: theme[.muted], limit: inside.width - 2)
        case .pick(let picker, let scroll, let filter):
            let options = Dialog.filtered(picker.options, filter.text)
            let rows = Dialog.pickerRows
            let rect = Box.centered(width: min(width, 50), height: rows + 5, in: area)
            let inside = frame(&canvas, rect, title: picker.title, theme: theme, danger: false)
            canvas.put("Find:", x: inside.x + 1, y: inside.y, style: theme[.muted])
            filter.render(&canvas, x: inside.x + 7, y: inside.y, width: inside.width - 8, style: theme[.input], focused: true)
            let start = max(0, scroll.selected - rows + 1)
            for (index, option) in options.dropFirst(start).prefix(rows).enumerated() {
                let selected = start + index == scroll.selected
                let style = selected ? theme[.selection] : theme[.text]
                canvas.put(TextLayout.fit(" " + option, inside.width - 2), x: inside.x + 1, y: inside.y + 2 + index, style: style)
            }
            if options.isEmpty { canvas.put("Nothing matches", x: inside.x + 1, y: inside.y + 2, style: theme[.muted]) }
        case .notice(let title, let text):
            let lines = TextLayout.wrap(text, width - 4).prefix(area.height - 5)
            let rect = Box.centered(width: width, height: lines.count + 4, in: area)
            let inside = frame(&canvas, rect, title: title, theme: theme, danger: false)
            for (index, line) in lines.enumerated() {
                canvas.put(line, x: inside.x + 1, y: inside.y + index, style: theme[.text])
            }
            canvas.put("Enter to close", x: inside.x + 1, y: inside.maxY - 1, style: theme[.muted])
        }
    }

    private static func frame(_ canvas: inout Canvas, _ rect: Rect, title: String, theme: Theme, danger: Bool) -> Rect {
        canvas.fill(rect, style: theme[.text])
        var border = theme
        if danger { border.styles[.accent] = theme[.danger] }
        return Box.draw(&canvas, rect, title: title, theme: border, focused: true)
    }
}
