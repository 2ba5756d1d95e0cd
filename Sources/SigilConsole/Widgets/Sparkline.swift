/// Small charts in text: a sparkline of eighth blocks, and a horizontal bar.
public enum Sparkline {
    static let levels: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One character per value, scaled so the largest is a full block (zero is blank).
    public static func text(_ values: [Int], maximum: Int? = nil) -> String {
        let top = max(1, maximum ?? values.max() ?? 1)
        return String(
            values.map { value in
                guard value > 0 else { return levels[0] }
                return levels[max(1, min(8, (value * 8 + top - 1) / top))]
            })
    }

    /// The last `width` values as a sparkline drawn at (x, y).
    public static func render(_ values: [Int], _ canvas: inout Canvas, x: Int, y: Int, width: Int, style: Style, maximum: Int? = nil) {
        canvas.put(text(Array(values.suffix(width)), maximum: maximum), x: x, y: y, style: style, limit: width)
    }

    /// A bar of `value` out of `total` in `width` columns, in eighths.
    public static func bar(_ value: Int, of total: Int, width: Int) -> String {
        guard total > 0, width > 0 else { return "" }
        let eighths = min(width * 8, (value * width * 8 + total / 2) / total)
        let partial = eighths % 8
        return String(repeating: "█", count: eighths / 8) + (partial > 0 ? String(["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][partial]) : "")
    }
}
