import Foundation

/// The command palette: everything the console can jump to or do, found by typing a
/// few letters of it (`:users`, `:theme light`, `:pool demo`, `:clock +1h`).
public struct Palette: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case show(ScreenKind)
        /// Open a screen and press a key there (a screen's own palette command).
        case press(ScreenKind, Key)
        case pool(String)
        case theme(String)
        case clock(ClockChange)
        case help
        case quit
    }

    public struct Entry: Sendable, Equatable {
        public var title: String
        public var detail: String
        public var action: Action

        public init(_ title: String, _ detail: String = "", _ action: Action) {
            self.title = title
            self.detail = detail
            self.action = action
        }
    }

    public private(set) var entries: [Entry]
    public private(set) var input = TextInput(limit: 200)
    public private(set) var matches: [Entry]
    public private(set) var scroll = ScrollState()

    public init(entries: [Entry]) {
        self.entries = entries
        matches = entries
    }

    /// New entries (the pools changed while it was open), ranked for what is typed.
    public mutating func replace(entries: [Entry]) {
        let selected = matches.indices.contains(scroll.selected) ? matches[scroll.selected] : nil
        self.entries = entries
        matches = Self.rank(input.text, entries)
        scroll = ScrollState()
        if let selected, let index = matches.firstIndex(of: selected) { scroll.selected = index }
    }

    public enum Outcome: Sendable, Equatable {
        case editing
        case cancel
        case run(Action)
    }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .escape: return .cancel
        case .enter:
            guard matches.indices.contains(scroll.selected) else { return input.text.isEmpty ? .cancel : .editing }
            return .run(matches[scroll.selected].action)
        case .up, .control("p"): scroll.move(by: -1, count: matches.count, visible: 10)
        case .down, .control("n"), .tab: scroll.move(by: 1, count: matches.count, visible: 10)
        default:
            guard input.handle(key) else { return .editing }
            matches = Self.rank(input.text, entries)
            scroll = ScrollState()
        }
        return .editing
    }

    /// The entries that match `query` (its letters in order), best first; a clock step
    /// typed out (`clock +90m`, `clock +2h`) comes first, as typed.
    public static func rank(_ query: String, _ entries: [Entry]) -> [Entry] {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return entries }
        if let step = clockStep(trimmed) {
            return [
                Entry(
                    "clock \(trimmed.split(separator: " ").last ?? "")", "move the clock \(ConsoleDate.duration(step)) ahead", .clock(.advance(step)))
            ]
        }
        let lowered = trimmed.lowercased()
        return entries.enumerated()
            .compactMap { index, entry -> (Int, Int, Entry)? in
                guard var points = score(trimmed, entry.title + " " + entry.detail) else { return nil }
                // Typing a whole name, or its start, beats matching letters scattered further on.
                let title = entry.title.lowercased()
                if title == lowered { points += 100 } else if title.hasPrefix(lowered) { points += 40 }
                return (points, index, entry)
            }
            .sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
            .map(\.2)
    }

    /// How well `query` matches `candidate`, or nil when it doesn't: every letter must
    /// appear in order; runs of letters and letters at word starts score higher.
    public static func score(_ query: String, _ candidate: String) -> Int? {
        let needle = Array(query.lowercased().filter { $0 != " " })
        let haystack = Array(candidate.lowercased())
        var score = 0
        var position = 0
        var previous = -2
        for letter in needle {
            guard let found = haystack[position...].firstIndex(of: letter) else { return nil }
            score += 10
            if found == previous + 1 { score += 15 }
            if found == 0 || " -_:/".contains(haystack[found - 1]) { score += 20 }
            score -= min(10, found - position)
            previous = found
            position = found + 1
        }
        return score - haystack.count / 8
    }

    /// `clock +N[smhd]` (or `clock N[smhd]`): how many seconds ahead, or nil when the text
    /// is not a clock step.
    public static func clockStep(_ text: String) -> TimeInterval? {
        let words = text.lowercased().split(separator: " ")
        guard words.count == 2, words[0] == "clock" else { return nil }
        var amount = Substring(words[1])
        if amount.first == "+" { amount = amount.dropFirst() }
        guard let unit = amount.last, let multiplier = ["s": 1.0, "m": 60.0, "h": 3_600.0, "d": 86_400.0][String(unit)],
            let number = Int(amount.dropLast()), number > 0, number <= 100_000
        else { return nil }
        return TimeInterval(number) * multiplier
    }
}
