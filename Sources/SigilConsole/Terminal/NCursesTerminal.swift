import CNCurses
import Foundation

/// The console on a real terminal, through ncursesw. Draws only the cells that changed
/// since the last frame. Every call must come from the thread that created it.
public final class NCursesTerminal: Terminal {
    public private(set) var width: Int
    public private(set) var height: Int
    public let supportsColor: Bool
    private let colorCount: Int
    private var pairs: [PairKey: Int32] = [:]
    private var previous: Canvas?
    private var active = true
    /// A resize that came in during a paste, reported next.
    private var pendingResize: InputEvent?
    public let waker: WakeSignal? = WakeSignal()

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// Takes over the terminal: raw keys, no echo, keypad and mouse, colours unless
    /// `NO_COLOR` is set.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        setlocale(LC_ALL, "")
        // The size comes from the terminal itself, not from LINES and COLUMNS left in
        // the environment (often stale, and wrong after a resize).
        use_tioctl(true)
        initscr()
        raw()
        noecho()
        nonl()
        keypad(sigil_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        mousemask(sigil_all_mouse_events(), nil)
        mouseinterval(0)
        let wantsColor = environment["NO_COLOR"].map { $0.isEmpty } ?? true
        if wantsColor && has_colors() {
            start_color()
            use_default_colors()
            supportsColor = true
            colorCount = Int(sigil_colors())
        } else {
            supportsColor = false
            colorCount = 0
        }
        width = Int(sigil_cols())
        height = Int(sigil_lines())
        // Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~, which
        // ncurses then reports as two keys of Sigil's own.
        define_key(Self.pasteStartSequence, Self.pasteStart)
        define_key(Self.pasteEndSequence, Self.pasteEnd)
        Self.write("\u{1b}[?2004h")
    }

    deinit { restore() }

    public func restore() {
        guard active else { return }
        active = false
        Self.write("\u{1b}[?2004l")
        curs_set(1)
        endwin()
    }

    private static let pasteStart: Int32 = 0x300
    private static let pasteEnd: Int32 = 0x301
    private static let pasteStartSequence = "\u{1b}[200~"
    private static let pasteEndSequence = "\u{1b}[201~"
    /// The most text one paste delivers; the rest is dropped.
    static let pasteLimit = 64 * 1024

    private static func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = Foundation.write(1, bytes, bytes.count)
    }

    /// Reads a paste up to its end marker (or a pause of a second, should the marker be lost).
    private func readPaste() -> InputEvent {
        var text = ""
        var count = 0
        wtimeout(sigil_stdscr(), 1_000)
        while true {
            var character: wint_t = 0
            let status = wget_wch(sigil_stdscr(), &character)
            if status == ERR { break }
            if status == KEY_CODE_YES {
                if Int32(character) == Self.pasteEnd { break }
                // A resize in the middle of a paste is reported right after it.
                if Int32(character) == KEY_RESIZE, case .resize(let width, let height)? = special(KEY_RESIZE) {
                    pendingResize = .resize(width: width, height: height)
                }
                continue
            }
            guard count < Self.pasteLimit, let scalar = UnicodeScalar(UInt32(character)) else { continue }
            text.unicodeScalars.append(scalar == "\r" ? "\n" : scalar)
            count += 1
        }
        return .paste(text)
    }

    /// Waits for a key (or a resize, or a wake-up) for up to `timeout` seconds. The wait
    /// is a poll on the terminal and the wake pipe, so engine results are shown at once.
    public func nextInput(timeout: Double) -> InputEvent? {
        if let resize = pendingResize {
            pendingResize = nil
            return resize
        }
        if let waker {
            var descriptors = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: waker.readEnd, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, 2, Int32(max(0, timeout * 1000)))
            if descriptors[1].revents != 0 { waker.drain() }
            // Nothing typed: still ask ncurses without waiting, which reports a resize
            // that interrupted the poll.
            if ready <= 0 || descriptors[0].revents == 0 { return read(wait: 0) }
            // Input is there; a short wait lets an escape sequence arrive whole.
            return read(wait: 0.05)
        }
        return read(wait: timeout)
    }

    private func read(wait: Double) -> InputEvent? {
        wtimeout(sigil_stdscr(), Int32(max(0, wait * 1000)))
        var character: wint_t = 0
        let status = wget_wch(sigil_stdscr(), &character)
        if status == ERR { return nil }
        if status == KEY_CODE_YES { return special(Int32(character)) }
        return plain(UInt32(character))
    }

    private func plain(_ value: UInt32) -> InputEvent? {
        switch value {
        case 13, 10: return .key(.enter)
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 127, 8: return .key(.backspace)
        case 1...26: return .key(.control(Character(UnicodeScalar(value + 96)!)))
        default:
            guard let scalar = UnicodeScalar(value) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    private func special(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_BTAB: return .key(.backTab)
        case Self.pasteStart: return readPaste()
        case Self.pasteEnd: return nil
        case KEY_RESIZE:
            width = Int(sigil_cols())
            height = Int(sigil_lines())
            previous = nil
            return .resize(width: width, height: height)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let state = event.bstate
            if state & sigil_button4_pressed() != 0 { return .mouse(MouseEvent(kind: .wheelUp, x: Int(event.x), y: Int(event.y))) }
            if state & sigil_button5_pressed() != 0 { return .mouse(MouseEvent(kind: .wheelDown, x: Int(event.x), y: Int(event.y))) }
            if state & (sigil_button1_pressed() | sigil_button1_clicked()) != 0 {
                return .mouse(MouseEvent(kind: .press, x: Int(event.x), y: Int(event.y)))
            }
            return nil
        default:
            for number in 1...12 where code == sigil_key_f(Int32(number)) { return .key(.function(number)) }
            return nil
        }
    }

    public func draw(_ canvas: Canvas) {
        let reuse = previous.map { $0.width == canvas.width && $0.height == canvas.height } ?? false
        if !reuse { werase(sigil_stdscr()) }
        for y in 0..<min(canvas.height, height) {
            for x in 0..<min(canvas.width, width) {
                let cell = canvas[x, y]
                if cell.isContinuation { continue }
                if reuse, let previous, previous[x, y] == cell { continue }
                // The bottom-right cell can't be written without scrolling on some terminals.
                if y == height - 1 && x == width - 1 { continue }
                var text = cell.character.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                text.append(0)
                _ = sigil_put_cell(Int32(y), Int32(x), text, attributes(cell.style), pair(cell.style))
            }
        }
        wrefresh(sigil_stdscr())
        previous = canvas
    }

    private func attributes(_ style: Style) -> attr_t {
        var attributes = sigil_a_normal()
        if style.bold { attributes |= sigil_a_bold() }
        if style.underline { attributes |= sigil_a_underline() }
        if style.reverse { attributes |= sigil_a_reverse() }
        return attributes
    }

    /// The colour pair for a style, made on first use.
    private func pair(_ style: Style) -> Int32 {
        guard supportsColor else { return 0 }
        let key = PairKey(foreground: color(style.foreground), background: color(style.background))
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let existing = pairs[key] { return existing }
        let number = Int32(pairs.count + 1)
        guard number < min(sigil_color_pairs(), 32_767) else { return 0 }
        init_extended_pair(number, key.foreground, key.background)
        pairs[key] = number
        return number
    }

    private func color(_ color: Color) -> Int32 {
        switch colorCount {
        case 256...: return color.paletteIndex.map(Int32.init) ?? -1
        case 16...: return color.paletteIndex.map { $0 < 16 ? Int32($0) : Int32(color.basicIndex ?? 7) } ?? -1
        default: return color.basicIndex.map(Int32.init) ?? -1
        }
    }
}
