/// Where the console draws and reads input: ncurses on a real terminal, or a headless
/// one that keeps text for tests. All calls come from one thread.
public protocol Terminal: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// Whether colours may be used (false with NO_COLOR or a monochrome terminal).
    var supportsColor: Bool { get }

    /// Shows the canvas (only what changed since the last frame need be sent).
    func draw(_ canvas: Canvas)
    /// The next input within `timeout` seconds, or nil.
    func nextInput(timeout: Double) -> InputEvent?
    /// Puts the terminal back as it was.
    func restore()
    /// What other threads signal to end a wait in `nextInput` early, if the terminal
    /// waits in a way that can be woken.
    var waker: WakeSignal? { get }
}

extension Terminal {
    public var waker: WakeSignal? { nil }
}
