import Foundation

/// The weights and thresholds of Sigil's risk scoring. Each signal adds its points; the
/// total picks the level. Operators may give their own (`--risk-model FILE`, JSON with any
/// of these names); what they leave out keeps its default.
public struct RiskModel: Codable, Sendable, Equatable {
    /// A device (remembered device key, or else the device name or user agent) the user
    /// has not signed in from before.
    public var newDevice = 20
    /// An address the user has not signed in from before, in a network they have used.
    public var newAddress = 10
    /// An address in a network (/24 for IPv4, /48 for IPv6) the user has never used.
    public var newNetwork = 20
    /// Failed sign-ins from the same address for at least `stuffingUsers` different users
    /// within `stuffingMinutes`: credential stuffing.
    public var credentialStuffing = 60
    public var stuffingUsers = 5
    public var stuffingMinutes = 10
    /// Points for each failed sign-in of the user within `failureMinutes` (at most
    /// `failureCap` in all).
    public var recentFailure = 10
    public var failureMinutes = 15
    public var failureCap = 40
    /// The user would have had to travel faster than `travelSpeed` km/h between the last
    /// sign-in's location and this one's.
    public var impossibleTravel = 60
    public var travelSpeed = 900
    /// A sign-in hour more than `hourSpread` hours from every hour the user has signed in
    /// at, once they have `hourHistory` sign-ins.
    public var unusualHour = 10
    public var hourSpread = 3
    public var hourHistory = 5
    /// A different browser or app (user agent) from the last sign-in.
    public var userAgentChange = 10
    /// The address or device was in an event the user or an admin marked invalid.
    public var reportedBefore = 40
    /// Levels: MEDIUM from `mediumScore` points, HIGH from `highScore`.
    public var mediumScore = 30
    public var highScore = 60
    /// How many of the user's latest sign-ins are compared with.
    public var history = 50

    public init() {}

    public static let standard = RiskModel()

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case newDevice, newAddress, newNetwork, credentialStuffing, stuffingUsers, stuffingMinutes, recentFailure, failureMinutes
        case failureCap, impossibleTravel, travelSpeed, unusualHour, hourSpread, hourHistory, userAgentChange, reportedBefore
        case mediumScore, highScore, history

        public static var allNames: [String] { allCases.map(\.rawValue) }
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys, _ value: inout Int) throws {
            if let given = try container.decodeIfPresent(Int.self, forKey: key) { value = given }
        }
        try read(.newDevice, &newDevice)
        try read(.newAddress, &newAddress)
        try read(.newNetwork, &newNetwork)
        try read(.credentialStuffing, &credentialStuffing)
        try read(.stuffingUsers, &stuffingUsers)
        try read(.stuffingMinutes, &stuffingMinutes)
        try read(.recentFailure, &recentFailure)
        try read(.failureMinutes, &failureMinutes)
        try read(.failureCap, &failureCap)
        try read(.impossibleTravel, &impossibleTravel)
        try read(.travelSpeed, &travelSpeed)
        try read(.unusualHour, &unusualHour)
        try read(.hourSpread, &hourSpread)
        try read(.hourHistory, &hourHistory)
        try read(.userAgentChange, &userAgentChange)
        try read(.reportedBefore, &reportedBefore)
        try read(.mediumScore, &mediumScore)
        try read(.highScore, &highScore)
        try read(.history, &history)
    }

    /// The level a score reaches.
    public func level(for score: Int) -> RiskLevelType {
        score >= highScore ? .high : score >= mediumScore ? .medium : .low
    }
}

/// One reason a sign-in looks risky, and what it added.
public struct RiskSignal: Codable, Sendable, Equatable {
    /// A stable name: new-device, new-address, new-network, credential-stuffing,
    /// recent-failures, impossible-travel, unusual-hour, user-agent-change, reported-before,
    /// blocked-range, compromised-credentials.
    public var name: String
    public var detail: String
    public var points: Int

    public init(_ name: String, _ detail: String, points: Int) {
        self.name = name
        self.detail = detail
        self.points = points
    }
}

/// The engine's judgement of one sign-in: the level, what was done, and why.
public struct RiskAssessment: Codable, Sendable, Equatable {
    public var level: RiskLevelType
    public var decision: RiskDecisionType
    public var score: Int
    public var signals: [RiskSignal]
    public var compromisedCredentials: Bool
    /// The action configured for the level (NO_ACTION, MFA_IF_CONFIGURED, MFA_REQUIRED,
    /// BLOCK), and whether it was applied (ENFORCED) or only recorded (AUDIT).
    public var action: String?
    public var enforced: Bool
    /// Where the address is, when the location table knows.
    public var country: String?
    public var city: String?

    public init(
        level: RiskLevelType, decision: RiskDecisionType, score: Int, signals: [RiskSignal], compromisedCredentials: Bool = false,
        action: String? = nil, enforced: Bool = false, country: String? = nil, city: String? = nil
    ) {
        self.level = level
        self.decision = decision
        self.score = score
        self.signals = signals
        self.compromisedCredentials = compromisedCredentials
        self.action = action
        self.enforced = enforced
        self.country = country
        self.city = city
    }
}
