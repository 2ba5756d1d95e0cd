import Foundation

/// The request and answer shapes of a Sigil server's admin API (`/_sigil/admin/…`), shared
/// by the server and the console's remote backend. Field names are Sigil's own.
public enum AdminAPI {
    public struct BrowseUsers: Codable, Sendable {
        public var browse: UserBrowse
        public var after: UserCursor?
        public var backwards: Bool
        public var limit: Int

        public init(browse: UserBrowse, after: UserCursor?, backwards: Bool, limit: Int) {
            self.browse = browse
            self.after = after
            self.backwards = backwards
            self.limit = limit
        }
    }

    public struct Outbox: Codable, Sendable {
        public var poolId: String?
        public var username: String?
        public var limit: Int

        public init(poolId: String?, username: String?, limit: Int) {
            self.poolId = poolId
            self.username = username
            self.limit = limit
        }
    }

    public struct Rerun: Codable, Sendable {
        public var invocation: TriggerInvocation

        public init(invocation: TriggerInvocation) { self.invocation = invocation }
    }

    public struct AuthEvents: Codable, Sendable {
        public var poolId: String
        public var username: String?
        public var address: String?
        public var before: Int64?
        public var limit: Int

        public init(poolId: String, username: String?, address: String?, before: Int64?, limit: Int) {
            self.poolId = poolId
            self.username = username
            self.address = address
            self.before = before
            self.limit = limit
        }
    }

    public struct Activity: Codable, Sendable {
        public var poolId: String
        public var minutes: Int

        public init(poolId: String, minutes: Int) {
            self.poolId = poolId
            self.minutes = minutes
        }
    }

    public struct ActivityCounts: Codable, Sendable {
        public var passed: [Int]
        public var failed: [Int]

        public init(passed: [Int], failed: [Int]) {
            self.passed = passed
            self.failed = failed
        }
    }

    public struct RiskQuery: Codable, Sendable {
        public var poolId: String
        public var window: RiskOverview.Window
        public var leaders: Int

        public init(poolId: String, window: RiskOverview.Window, leaders: Int) {
            self.poolId = poolId
            self.window = window
            self.leaders = leaders
        }
    }

    public struct Protection: Codable, Sendable {
        public var poolId: String
        public var mode: AdvancedSecurityModeType

        public init(poolId: String, mode: AdvancedSecurityModeType) {
            self.poolId = poolId
            self.mode = mode
        }
    }
}
