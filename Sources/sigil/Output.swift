import Foundation
import SigilCore

/// Printing for the command line: JSON with the API's field names for scripts, aligned
/// tables for people, and a progress bar when stderr is a terminal.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let data = try JSONCoding.prettyEncoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Columns padded to their widest cell (counting characters, not bytes).
    static func table(_ header: [String], _ rows: [[String]]) {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }
        print(line(header))
        for row in rows { print(line(row)) }
    }

    static func date(_ date: Date?) -> String {
        guard let date else { return "-" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func attributes(_ attributes: [AttributeType]?) -> [[String]] {
        (attributes ?? []).map { [$0.name, $0.value ?? ""] }
    }
}

/// A progress bar on stderr when it is a terminal; otherwise a plain line every tenth.
final class ProgressReporter {
    private let label: String
    private let interactive = isatty(STDERR_FILENO) == 1
    private var lastTenth = -1
    private var lastDraw = Date.distantPast
    private let started = Date()

    init(_ label: String) {
        self.label = label
    }

    func update(_ done: Int, _ total: Int) {
        if interactive {
            let now = Date()
            guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            let fraction = total == 0 ? 1 : Double(done) / Double(total)
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let rate = Double(done) / max(now.timeIntervalSince(started), 0.001)
            let text = String(format: "\r%@ %@ %3.0f%%  %d/%d  %.0f/s", label, bar, fraction * 100, done, total, rate)
            FileHandle.standardError.write(Data(text.utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            let tenth = total == 0 ? 10 : done * 10 / total
            guard tenth != lastTenth else { return }
            lastTenth = tenth
            Output.note("\(label): \(done)/\(total)")
        }
    }
}
