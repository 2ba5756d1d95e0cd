/// A form: labelled fields (text, secret or yes/no), one focused, with an error line.
/// Tab and ↑ ↓ move between fields, Space flips a yes/no, Enter submits, Esc cancels,
/// ^R shows or hides secrets.
public struct Form: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case text
        case secret
        case toggle
        /// One of a few values, changed with ← → or Space.
        case choice([String])
    }

    public struct Field: Sendable, Equatable {
        public var id: String
        public var label: String
        public var kind: Kind
        public var input: TextInput
        public var hint: String?

        public init(_ id: String, _ label: String, kind: Kind = .text, value: String = "", hint: String? = nil) {
            self.id = id
            self.label = label
            self.kind = kind
            switch kind {
            case .toggle: input = TextInput(value == "yes" ? "yes" : "no")
            case .choice(let options): input = TextInput(options.contains(value) ? value : options.first ?? "")
            default: input = TextInput(value)
            }
            self.hint = hint
        }
    }

    public enum Outcome: Sendable, Equatable {
        case editing
        case submit
        case cancel
    }

    public var fields: [Field]
    public var focus = 0
    public var error: String?
    public var revealSecrets = false

    public init(_ fields: [Field]) {
        self.fields = fields
    }

    /// The value of the field with this id ("" when there is none).
    public subscript(id: String) -> String {
        fields.first { $0.id == id }?.input.text ?? ""
    }

    /// Every field's value by id.
    public var values: [String: String] {
        Dictionary(fields.map { ($0.id, $0.input.text) }, uniquingKeysWith: { first, _ in first })
    }

    public mutating func set(_ id: String, _ value: String) {
        if let index = fields.firstIndex(where: { $0.id == id }) { fields[index].input.set(value) }
    }

    public mutating func handle(_ key: Key) -> Outcome {
        guard !fields.isEmpty else { return key == .escape ? .cancel : .editing }
        switch key {
        case .escape: return .cancel
        case .enter: return .submit
        case .tab, .down: focus = (focus + 1) % fields.count
        case .backTab, .up: focus = (focus + fields.count - 1) % fields.count
        case .control("r"): revealSecrets.toggle()
        default:
            if case .choice(let options) = fields[focus].kind {
                guard !options.isEmpty else { return .editing }
                let current = options.firstIndex(of: fields[focus].input.text) ?? 0
                switch key {
                case .left: fields[focus].input.set(options[(current + options.count - 1) % options.count])
                case .right, .character(" "): fields[focus].input.set(options[(current + 1) % options.count])
                default: break
                }
            } else if fields[focus].kind == .toggle {
                if [.character(" "), .character("y"), .character("n"), .left, .right].contains(key) {
                    let on: Bool
                    switch key {
                    case .character("y"): on = true
                    case .character("n"): on = false
                    default: on = fields[focus].input.text != "yes"
                    }
                    fields[focus].input.set(on ? "yes" : "no")
                }
            } else {
                _ = fields[focus].input.handle(key)
            }
        }
        return .editing
    }

    /// The field drawn on `row` rows below the form's top, if any.
    public func fieldIndex(atRow row: Int) -> Int? {
        var y = 0
        for (index, field) in fields.enumerated() {
            if row == y { return index }
            y += field.hint == nil ? 1 : 2
        }
        return nil
    }

    /// The rows the form takes: one per field, its hints, and the error line.
    public var height: Int { fields.count + fields.filter { $0.hint != nil }.count + 1 }

    public func render(_ canvas: inout Canvas, _ rect: Rect, theme: Theme, focused: Bool = true) {
        let labelWidth = min(rect.width / 2, (fields.map { CharacterWidth.of($0.label) }.max() ?? 0) + 1)
        var y = rect.y
        for (index, field) in fields.enumerated() where y < rect.maxY {
            let isFocused = focused && index == focus
            canvas.put(TextLayout.fit(field.label, labelWidth), x: rect.x, y: y, style: isFocused ? theme[.accent] : theme[.text])
            let x = rect.x + labelWidth + 1
            let width = rect.maxX - x
            switch field.kind {
            case .toggle:
                let on = field.input.text == "yes"
                let text = on ? "[x] yes" : "[ ] no"
                canvas.put(TextLayout.fit(text, width), x: x, y: y, style: isFocused ? theme[.selection] : theme[.input])
            case .choice(let options):
                let text = options.count > 1 ? "‹ \(field.input.text) ›" : field.input.text
                canvas.put(TextLayout.fit(text, width), x: x, y: y, style: isFocused ? theme[.selection] : theme[.input])
            case .text, .secret:
                field.input.render(
                    &canvas, x: x, y: y, width: width, style: theme[.input], focused: isFocused,
                    masked: field.kind == .secret && !revealSecrets)
            }
            y += 1
            if let hint = field.hint, y < rect.maxY {
                canvas.put(hint, x: x, y: y, style: theme[.muted], limit: width)
                y += 1
            }
        }
        if let error, y < rect.maxY {
            canvas.put(error, x: rect.x, y: y, style: theme[.danger], limit: rect.width)
        }
    }
}
