/// A terminal without a screen: input comes from a script, frames are kept as text.
/// The tests drive the console through it.
public final class HeadlessTerminal: Terminal {
    public private(set) var width: Int
    public private(set) var height: Int
    public let supportsColor = true
    public private(set) var frame: Canvas
    public private(set) var frames = 0
    public private(set) var restored = false
    private var pending: [InputEvent]

    public init(width: Int = 80, height: Int = 24, input: [InputEvent] = []) {
        self.width = width
        self.height = height
        frame = Canvas(width: width, height: height)
        pending = input
    }

    public func draw(_ canvas: Canvas) {
        frame = canvas
        frames += 1
    }

    public func nextInput(timeout: Double) -> InputEvent? {
        pending.isEmpty ? nil : pending.removeFirst()
    }

    public func restore() { restored = true }

    /// Queues input, as if typed.
    public func type(_ events: [InputEvent]) { pending += events }

    public func type(_ text: String) { pending += text.map { .key(.character($0)) } }

    public func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        pending.append(.resize(width: width, height: height))
    }

    /// The last frame as lines of text.
    public var text: [String] { frame.lines() }

    /// The last frame as one string, rows joined by newlines, trailing spaces trimmed.
    public var screen: String {
        text.map { line in
            var trimmed = line
            while trimmed.last == " " { trimmed.removeLast() }
            return trimmed
        }.joined(separator: "\n")
    }

    public var hasPendingInput: Bool { !pending.isEmpty }
}
