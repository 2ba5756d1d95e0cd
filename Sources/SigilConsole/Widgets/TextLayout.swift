/// Fitting text into columns: truncation with an ellipsis, padding and word wrapping,
/// all measured in terminal columns so wide characters line up.
public enum TextLayout {
    /// `text` cut to `width` columns (ending in `…` when cut) and padded with spaces to
    /// exactly `width` columns.
    public static func fit(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        let columns = CharacterWidth.of(text)
        if columns <= width { return text + String(repeating: " ", count: width - columns) }
        var result = ""
        var used = 0
        for character in text {
            let size = CharacterWidth.of(character)
            if used + size > width - 1 { break }
            result.append(character)
            used += size
        }
        return result + "…" + String(repeating: " ", count: max(0, width - 1 - used))
    }

    /// A count and a noun that agrees with it: `1 message`, `2 messages`, `1,200 users`.
    public static func plural(_ value: Int, _ one: String, _ many: String? = nil) -> String {
        "\(count(value)) " + (value == 1 ? one : many ?? one + "s")
    }

    /// A count with thousands separators: `1,000,000`.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// `text` right-aligned in `width` columns.
    public static func fitRight(_ text: String, _ width: Int) -> String {
        let columns = CharacterWidth.of(text)
        if columns >= width { return fit(text, width) }
        return String(repeating: " ", count: width - columns) + text
    }

    /// `text` centred in `width` columns.
    public static func center(_ text: String, _ width: Int) -> String {
        let columns = CharacterWidth.of(text)
        if columns >= width { return fit(text, width) }
        let left = (width - columns) / 2
        return String(repeating: " ", count: left) + text + String(repeating: " ", count: width - columns - left)
    }

    /// `text` broken into lines of at most `width` columns, at spaces where possible.
    public static func wrap(_ text: String, _ width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var used = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let size = CharacterWidth.of(String(word))
                if used > 0 && used + 1 + size > width {
                    lines.append(line)
                    line = ""
                    used = 0
                }
                if size > width {
                    // A word longer than the line is cut into pieces.
                    for character in word {
                        let columns = CharacterWidth.of(character)
                        if used + columns > width {
                            lines.append(line)
                            line = ""
                            used = 0
                        }
                        line.append(character)
                        used += columns
                    }
                    continue
                }
                if used > 0 {
                    line += " "
                    used += 1
                }
                line += word
                used += size
            }
            lines.append(line)
        }
        return lines
    }
}
