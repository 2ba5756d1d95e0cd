import Foundation

/// `a=1&b=two` query strings and form bodies.
enum FormEncoding {
    /// Name → value (the first of repeated names), percent-decoded; `+` is a space only in
    /// form bodies. Items without a name are skipped; an item without `=` has an empty value.
    static func decode(_ text: String, plusIsSpace: Bool) -> [String: String] {
        var result: [String: String] = [:]
        for item in text.split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { part -> String in
                let raw = plusIsSpace ? part.replacingOccurrences(of: "+", with: " ") : String(part)
                return raw.removingPercentEncoding ?? raw
            }
            guard let name = parts.first, !name.isEmpty, result[name] == nil else { continue }
            result[name] = parts.count > 1 ? parts[1] : ""
        }
        return result
    }
}
