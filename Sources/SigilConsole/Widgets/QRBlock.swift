import SigilQR

/// A QR code drawn with Unicode half blocks: two rows of modules per line of text, dark
/// modules black on white so phone cameras read it whatever the terminal's own colours.
public struct QRBlock: Sendable, Equatable {
    /// The modules, row by row; true is dark.
    public let modules: [[Bool]]
    /// Light modules around the code, as scanners want.
    public static let quietZone = 2

    /// Encodes `text`; nil if it does not fit in a QR code.
    public init?(_ text: String) {
        guard let matrix = QRMatrix(text) else { return nil }
        modules = matrix.modules
    }

    /// Columns and text lines the block takes, quiet zone included.
    public var size: (width: Int, height: Int) {
        let side = modules.count + 2 * Self.quietZone
        return (side, (side + 1) / 2)
    }

    /// Draws the code with its top-left corner at (x, y).
    public func render(_ canvas: inout Canvas, x: Int, y: Int, colour: Bool) {
        let side = modules.count + 2 * Self.quietZone
        func dark(_ row: Int, _ column: Int) -> Bool {
            let r = row - Self.quietZone
            let c = column - Self.quietZone
            return r >= 0 && c >= 0 && r < modules.count && c < modules.count && modules[r][c]
        }
        // Without colours the terminal's own are used, which may show the code inverted.
        let style = colour ? Style(foreground: .index(0), background: .index(15)) : Style()
        for line in 0..<((side + 1) / 2) {
            var text = ""
            for column in 0..<side {
                let top = dark(2 * line, column)
                let bottom = dark(2 * line + 1, column)
                switch (top, bottom) {
                case (true, true): text.append("█")
                case (true, false): text.append("▀")
                case (false, true): text.append("▄")
                case (false, false): text.append(" ")
                }
            }
            canvas.put(text, x: x, y: y + line, style: style)
        }
    }
}
