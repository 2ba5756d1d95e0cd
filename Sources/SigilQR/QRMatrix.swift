import CQREncode

/// A QR code's modules, from libqrencode: byte mode, low error correction for the smallest
/// code. The console draws them with half blocks, managed login's pages as SVG.
public struct QRMatrix: Sendable, Equatable {
    /// The modules, row by row; true is dark.
    public let modules: [[Bool]]

    /// Encodes `text`; nil if it does not fit in a QR code.
    public init?(_ text: String) {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = code.pointee.data!
        modules = (0..<width).map { y in (0..<width).map { x in data[y * width + x] & 1 == 1 } }
    }

    /// An SVG image of the code, dark on white, with `quietZone` light modules around it
    /// as scanners want; one path, one unit per module.
    public func svg(quietZone: Int = 4) -> String {
        let side = modules.count + 2 * quietZone
        var path = ""
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark { path += "M\(x + quietZone) \(y + quietZone)h1v1h-1z" }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }
}
