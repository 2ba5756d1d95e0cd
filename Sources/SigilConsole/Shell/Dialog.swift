/// A modal box over the current screen: a question, a form, a list to pick from, or a
/// notice. While one is open, keys go to it.
public enum Dialog: Sendable {
    case confirm(Confirmation, yesFocused: Bool)
    case form(FormDialog, busy: Bool)
    case pick(Picker, scroll: ScrollState, filter: TextInput)
    case notice(title: String, text: String)

    /// Whether typed text goes into the dialog: a form's text field, or a list's filter.
    var takesText: Bool {
        switch self {
        case .form(let dialog, let busy):
            guard !busy, dialog.form.fields.indices.contains(dialog.form.focus) else { return false }
            return [.text, .secret].contains(dialog.form.fields[dialog.form.focus].kind)
        case .pick: return true
        case .confirm, .notice: return false
        }
    }

    /// What a key did to the dialog.
    enum Outcome: Sendable {
        case open(Dialog)
        case closed
        case send(Message, keepOpen: Bool)
    }

    func handle(_ key: Key) -> Outcome {
        switch self {
        case .confirm(let confirmation, let yesFocused):
            switch key {
            case .character("y"), .character("Y"): return .send(confirmation.onConfirm, keepOpen: false)
            case .character("n"), .character("N"), .escape, .character("q"): return .closed
            case .enter: return yesFocused ? .send(confirmation.onConfirm, keepOpen: false) : .closed
            case .tab, .backTab, .left, .right, .character("h"), .character("l"):
                return .open(.confirm(confirmation, yesFocused: !yesFocused))
            default: return .open(self)
            }
        case .form(var dialog, let busy):
            if busy { return key == .escape ? .closed : .open(self) }
            switch dialog.form.handle(key) {
            case .cancel: return .closed
            case .submit:
                dialog.form.error = nil
                return .send(dialog.submit(dialog.form.values), keepOpen: true)
            case .editing: return .open(.form(dialog, busy: false))
            }
        case .pick(let picker, var scroll, var filter):
            let options = Self.filtered(picker.options, filter.text)
            switch key {
            case .escape: return .closed
            case .enter:
                guard options.indices.contains(scroll.selected) else { return .open(self) }
                return .send(picker.onPick(options[scroll.selected]), keepOpen: false)
            case .up, .down, .pageUp, .pageDown, .home, .end:
                _ = scroll.handle(key, count: options.count, visible: Self.pickerRows)
                return .open(.pick(picker, scroll: scroll, filter: filter))
            default:
                // Letters narrow the list.
                if filter.handle(key) { scroll = ScrollState() }
                return .open(.pick(picker, scroll: scroll, filter: filter))
            }
        case .notice:
            return [.enter, .escape, .character("q"), .character(" ")].contains(key) ? .closed : .open(self)
        }
    }

    static let pickerRows = 10

    static func filtered(_ options: [String], _ text: String) -> [String] {
        text.isEmpty ? options : options.filter { $0.lowercased().contains(text.lowercased()) }
    }
}
