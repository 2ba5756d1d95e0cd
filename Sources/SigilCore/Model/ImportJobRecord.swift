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
    /// When the process running the job last showed it was alive (wall-clock time); a
    /// running job whose heartbeat stops was interrupted.
    public var heartbeat: Date?

    public init(poolKey: Int64, job: UserImportJobType, heartbeat: Date? = nil) {
        self.poolKey = poolKey
        self.job = job
        self.heartbeat = heartbeat
    }

    /// Rows of the file already dealt with (imported, skipped or failed): each batch commits
    /// its rows and these counts together.
    public var rowsDone: Int { (job.importedUsers ?? 0) + (job.skippedUsers ?? 0) + (job.failedUsers ?? 0) }
}
