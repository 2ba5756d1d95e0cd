import Foundation

/// An uploaded user-import file, parsed: its columns (checked against the pool's CSV
/// header) and its rows with their line numbers.
struct UserImportFile {
    struct Row {
        var line: Int
        var values: [String]
        var username: String?
    }

    /// A problem with the whole file; the job fails with this message.
    struct Problem: Error {
        var message: String
    }

    let columns: [String]
    let rows: [Row]

    init(csv: Data?, header allowed: [String]) throws {
        guard let csv, !csv.isEmpty else { throw Problem(message: "No CSV file was uploaded for this job.") }
        guard var text = String(data: csv, encoding: .utf8) else {
            throw Problem(message: "The CSV file is not UTF-8 text.")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(in: text)
        } catch CSVReader.Failure.unterminatedQuote(let line) {
            throw Problem(message: "The CSV file could not be parsed: the quoted value starting on line \(line) is not closed.")
        }
        guard let first = records.first else { throw Problem(message: "The CSV file is empty.") }
        let columns = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let known = Set(allowed)
        if let unknown = columns.first(where: { !known.contains($0) }) {
            throw Problem(message: "The CSV header has a column that is not in the user pool's CSV header: \(unknown)")
        }
        if Set(columns).count != columns.count {
            throw Problem(message: "The CSV header names a column more than once.")
        }
        guard let usernameIndex = columns.firstIndex(of: "cognito:username") else {
            throw Problem(message: "The CSV header must have a cognito:username column.")
        }
        self.columns = columns
        self.rows = records.dropFirst().map { record in
            Row(
                line: record.line, values: record.fields,
                username: usernameIndex < record.fields.count ? record.fields[usernameIndex] : nil)
        }
    }
}
