/// Frames and panels: a border with an optional title, drawn in the theme's border role.
public enum Box {
    /// Draws a border around `rect` with `title` in its top edge; returns the inside.
    @discardableResult
    public static func draw(_ canvas: inout Canvas, _ rect: Rect, title: String? = nil, theme: Theme, focused: Bool = false) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let style = focused ? theme[.accent] : theme[.border]
        let inner = String(repeating: "─", count: rect.width - 2)
        canvas.put("┌" + inner + "┐", x: rect.x, y: rect.y, style: style)
        canvas.put("└" + inner + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        for row in (rect.y + 1)..<(rect.maxY - 1) {
            canvas.put("│", x: rect.x, y: row, style: style)
            canvas.put("│", x: rect.maxX - 1, y: row, style: style)
        }
        if let title, rect.width > 6 {
            canvas.put(" " + title + " ", x: rect.x + 2, y: rect.y, style: focused ? theme[.accent] : theme[.title], limit: rect.width - 4)
        }
        return rect.inset(1)
    }

    /// A rectangle of `width` × `height` centred in `area` (shrunk to fit).
    public static func centered(width: Int, height: Int, in area: Rect) -> Rect {
        let w = min(width, area.width)
        let h = min(height, area.height)
        return Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
    }
}
