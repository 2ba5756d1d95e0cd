/// A row of tab titles with the selected one highlighted.
public enum Tabs {
    /// Draws the titles from (x, y); returns the columns used.
    @discardableResult
    public static func render(_ titles: [String], selected: Int, _ canvas: inout Canvas, x: Int, y: Int, theme: Theme) -> Int {
        var column = x
        for (index, title) in titles.enumerated() {
            var style = index == selected ? theme[.selection] : theme[.muted]
            style.bold = index == selected
            column += canvas.put(" \(title) ", x: column, y: y, style: style)
            column += 1
        }
        return column - x
    }
}
