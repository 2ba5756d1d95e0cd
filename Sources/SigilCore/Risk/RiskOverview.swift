import Foundation

/// A pool's scored events over the last hour or day, for the risk dashboard: counts per
/// level in equal buckets, what was blocked, compromised passwords found, and where
/// failed sign-ins came from.
public struct RiskOverview: Codable, Sendable, Equatable {
    /// The span the counts cover.
    public enum Window: String, Codable, Sendable, CaseIterable {
        /// Sixty one-minute buckets.
        case hour
        /// Twenty-four one-hour buckets.
        case day

        public var buckets: Int { self == .hour ? 60 : 24 }
        public var bucketSeconds: TimeInterval { self == .hour ? 60 : 3_600 }
        public var seconds: TimeInterval { Double(buckets) * bucketSeconds }
    }

    public var poolId: String
    public var mode: AdvancedSecurityModeType
    public var window: Window
    /// Scored events per bucket, oldest first, for each level.
    public var counts: [RiskLevelType: [Int]]
    /// Events without a score (threat protection was off, or the address was skipped).
    public var unscored: Int
    /// Sign-ins refused because of their risk (BLOCK applied in ENFORCED mode).
    public var blocked: Int
    /// Events where a compromised password was found.
    public var compromised: Int
    /// Addresses with the most failed sign-ins, and how many users they tried.
    public var topAddresses: [FailureCount]
    /// Users with the most failed sign-ins, and from how many addresses.
    public var topUsers: [FailureCount]

    public func total(_ level: RiskLevelType) -> Int { counts[level]?.reduce(0, +) ?? 0 }
}

/// Failed sign-ins grouped by address or user.
public struct FailureCount: Codable, Sendable, Equatable {
    /// The address or the username.
    public var key: String
    public var failures: Int
    /// Distinct users (for an address) or addresses (for a user).
    public var others: Int

    public init(key: String, failures: Int, others: Int) {
        self.key = key
        self.failures = failures
        self.others = others
    }
}

/// What the dashboard needs of one stored event, without decoding all of it.
public struct ScoredOutcome: Sendable, Equatable {
    public var created: Date
    public var level: RiskLevelType?
    public var blocked: Bool
    public var compromised: Bool

    public init(created: Date, level: RiskLevelType?, blocked: Bool, compromised: Bool) {
        self.created = created
        self.level = level
        self.blocked = blocked
        self.compromised = compromised
    }
}

extension Engine {
    /// Counts for the risk dashboard over the window ending now (the engine's clock).
    public func riskOverview(poolId: String, window: RiskOverview.Window, leaders: Int = 10) async throws -> RiskOverview {
        let now = clock.now
        let since = now.addingTimeInterval(-window.seconds)
        return try await read { reader in
            let stored = try await requirePool(poolId, in: reader)
            var overview = RiskOverview(
                poolId: stored.id, mode: securityMode(stored), window: window,
                counts: Dictionary(uniqueKeysWithValues: RiskLevelType.allCases.map { ($0, Array(repeating: 0, count: window.buckets)) }),
                unscored: 0, blocked: 0, compromised: 0,
                topAddresses: try await reader.failureLeaders(poolKey: stored.key, since: since, byAddress: true, limit: leaders),
                topUsers: try await reader.failureLeaders(poolKey: stored.key, since: since, byAddress: false, limit: leaders))
            for outcome in try await reader.riskOutcomes(poolKey: stored.key, since: since, limit: 200_000) {
                let age = Int(now.timeIntervalSince(outcome.created) / window.bucketSeconds)
                guard age >= 0 && age < window.buckets else { continue }
                if outcome.blocked { overview.blocked += 1 }
                if outcome.compromised { overview.compromised += 1 }
                guard let level = outcome.level else {
                    overview.unscored += 1
                    continue
                }
                overview.counts[level]?[window.buckets - 1 - age] += 1
            }
            return overview
        }
    }

    /// Turns threat protection OFF, to AUDIT or to ENFORCED for a pool (UserPoolAddOns),
    /// leaving the rest of its settings alone.
    public func setThreatProtectionMode(poolId: String, _ mode: AdvancedSecurityModeType) async throws {
        try await write { writer in
            var stored = try await requirePool(poolId, in: writer)
            var addOns = stored.pool.userPoolAddOns ?? UserPoolAddOnsType(advancedSecurityMode: mode)
            addOns.advancedSecurityMode = mode
            stored.pool.userPoolAddOns = addOns
            stored.pool.lastModifiedDate = clock.now
            try await writer.updatePool(key: stored.key, stored.pool)
        }
    }
}
