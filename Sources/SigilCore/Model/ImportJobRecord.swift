import Foundation

/// A user import job: its state in the API's shape. The uploaded file and the rows that
/// failed or were skipped (`RowError`) are stored beside it.
public struct ImportJobRecord: Sendable, Equatable {
    public struct RowError: Sendable, Equatable, Codable {
        public enum Outcome: String, Sendable, Codable {
            case failed = "FAILED"
            case skipped = "SKIPPED"
        }

        public var line: Int
        public var outcome: Outcome
        public var username: String?
        public var reason: String

        public init(line: Int, outcome: Outcome, username: String?, reason: String) {
            self.line = line
            self.outcome = outcome
            self.username = username
            self.reason = reason
        }
    }

    public var poolKey: Int64
    public var job: UserImportJobType

    public init(poolKey: Int64, job: UserImportJobType) {
        self.poolKey = poolKey
        self.job = job
    }
}
