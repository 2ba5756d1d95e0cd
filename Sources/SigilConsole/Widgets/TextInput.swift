/// A one-line text entry: the text, a cursor, and the editing keys people expect
/// (← → Home End, Backspace, Delete, ^A ^E ^U ^W).
public struct TextInput: Sendable, Equatable {
    public private(set) var text: String
    /// The cursor as a count of characters from the start.
    public private(set) var cursor: Int
    /// The most characters the field takes.
    public var limit: Int

    public init(_ text: String = "", limit: Int = 2_048) {
        self.text = String(text.prefix(limit))
        self.limit = limit
        cursor = self.text.count
    }

    public mutating func set(_ value: String) {
        text = String(value.prefix(limit))
        cursor = text.count
    }

    /// Applies an editing key; true if the key was one (and so was used).
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let character):
            guard text.count < limit, !character.isNewline else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor)
            text.insert(character, at: index)
            cursor += 1
        case .backspace, .control("h"):
            guard cursor > 0 else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: index)
            cursor -= 1
        case .delete, .control("d"):
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("u"):
            text.removeFirst(cursor)
            cursor = 0
        case .control("w"):
            let before = Array(text.prefix(cursor))
            var start = before.count
            while start > 0 && before[start - 1] == " " { start -= 1 }
            while start > 0 && before[start - 1] != " " { start -= 1 }
            text = String(before[..<start]) + text.dropFirst(cursor)
            cursor = start
        default:
            return false
        }
        return true
    }

    /// Draws the field in `width` columns from (x, y), scrolled so the cursor shows; the
    /// cursor cell is drawn reversed when `focused`. Masked fields show `•`.
    public func render(_ canvas: inout Canvas, x: Int, y: Int, width: Int, style: Style, focused: Bool, masked: Bool = false) {
        guard width > 0 else { return }
        let shown = masked ? String(repeating: "•", count: text.count) : text
        let characters = Array(shown)
        // Scroll so that the cursor fits: walk back from it while the text still fits.
        var start = cursor
        var used = 0
        while start > 0 {
            let size = CharacterWidth.of(characters[start - 1])
            if used + size > width - 1 { break }
            used += size
            start -= 1
        }
        let visible = String(characters[start..<min(characters.count, start + width)])
        canvas.fill(Rect(x: x, y: y, width: width, height: 1), style: style)
        canvas.put(visible, x: x, y: y, style: style, limit: width)
        if focused {
            let column = x + used
            let under = cursor < characters.count ? String(characters[cursor]) : " "
            var cursorStyle = style
            cursorStyle.reverse.toggle()
            if column < x + width { canvas.put(under, x: column, y: y, style: cursorStyle, limit: 2) }
        }
    }
}
