import Foundation

/// A message as Internet mail (RFC 5322 with MIME): UTF-8 text, or HTML when the text is
/// markup, base64-encoded; a subject outside ASCII in RFC 2047's encoded words.
enum MailMessage {
    static func render(from: String, to: String, replyTo: String?, subject: String, body: String, date: Date, messageId: String) -> [UInt8] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let html = body.range(of: #"<[a-zA-Z][^>]*>"#, options: .regularExpression) != nil
        var headers = [
            "From: \(headerSafe(from))", "To: \(headerSafe(to))", "Subject: \(encodedWord(subject))", "Date: \(formatter.string(from: date))",
            "Message-ID: <\(messageId)>", "MIME-Version: 1.0", "Content-Type: text/\(html ? "html" : "plain"); charset=UTF-8",
            "Content-Transfer-Encoding: base64",
        ]
        if let replyTo { headers.insert("Reply-To: \(headerSafe(replyTo))", at: 2) }
        let encoded = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + encoded + "\r\n").utf8)
    }

    /// A header value with no line breaks (nothing a message can smuggle headers through).
    static func headerSafe(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    static func encodedWord(_ text: String) -> String {
        let safe = headerSafe(text)
        guard safe.unicodeScalars.contains(where: { !$0.isASCII }) else { return safe }
        return "=?UTF-8?B?\(Data(safe.utf8).base64EncodedString())?="
    }

    /// The address part of `Name <address>` (or the whole text).
    static func address(_ text: String) -> String {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else {
            return text.trimmingCharacters(in: .whitespaces)
        }
        return String(text[text.index(after: open)..<close])
    }
}
