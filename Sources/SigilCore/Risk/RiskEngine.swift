import Foundation

/// What threat protection makes of one sign-in attempt: the assessment to record, and
/// what to do (only when the pool enforces).
struct RiskOutcome {
    var assessment: RiskAssessment
    var action: AccountTakeoverEventActionType
    var notify: Bool
    var enforced: Bool

    var blocks: Bool { enforced && action == .block }
}

extension Engine {
    /// Scores a sign-in of `user` from `context` against the user's history: the signals
    /// that fire, their points, the level they reach, and the action configured for that
    /// level. Nil when the pool has threat protection off.
    func assessSignIn(
        _ user: UserRecord, pool: StoredPool, clientId: String?, context: RequestOrigin, compromised: Bool = false, failed: Bool = false,
        reader: any DirectoryReader
    ) async throws -> RiskOutcome? {
        try await assessSignIn(
            userId: user.id, username: user.username, pool: pool, clientId: clientId, context: context, compromised: compromised, failed: failed,
            reader: reader)
    }

    /// The same for a name that may belong to no user (`userId` nil): only what the
    /// address says counts then.
    func assessSignIn(
        userId: Int64?, username: String, pool: StoredPool, clientId: String?, context: RequestOrigin, compromised: Bool = false,
        failed: Bool = false, reader: any DirectoryReader
    ) async throws -> RiskOutcome? {
        let mode = securityMode(pool)
        guard mode != .off else { return nil }
        let configuration = try await effectiveRiskConfiguration(pool: pool, clientId: clientId, reader: reader)
        let model = self.configuration.riskModel
        let address = context.ipAddress.flatMap(IPAddress.init)
        let location = address.flatMap { self.configuration.ipLocations.locate($0) }
        let enforced = mode == .enforced
        let exceptions = configuration.riskExceptionConfiguration
        if let address {
            if (exceptions?.blockedIPRangeList ?? []).compactMap(IPRange.init).contains(where: { $0.contains(address) }) {
                let assessment = RiskAssessment(
                    level: .high, decision: enforced ? .block : .noRisk, score: 0,
                    signals: [RiskSignal("blocked-range", "\(address) is in a blocked IP range", points: 0)], compromisedCredentials: compromised,
                    action: AccountTakeoverEventActionType.block.rawValue, enforced: enforced, country: location?.country, city: location?.city)
                return RiskOutcome(assessment: assessment, action: .block, notify: false, enforced: enforced)
            }
            if (exceptions?.skippedIPRangeList ?? []).compactMap(IPRange.init).contains(where: { $0.contains(address) }) {
                let assessment = RiskAssessment(
                    level: .low, decision: .noRisk, score: 0,
                    signals: [RiskSignal("skipped-range", "\(address) is in a range exempt from risk detection", points: 0)],
                    compromisedCredentials: compromised, action: AccountTakeoverEventActionType.noAction.rawValue, enforced: enforced,
                    country: location?.country, city: location?.city)
                return RiskOutcome(assessment: assessment, action: .noAction, notify: false, enforced: enforced)
            }
        }
        let signals = try await riskSignals(
            userId: userId, username: username, pool: pool, context: context, address: address, location: location, model: model, reader: reader)
        let score = signals.reduce(0) { $0 + $1.points }
        let level = model.level(for: score)
        let actions = configuration.accountTakeoverRiskConfiguration?.actions
        let chosen: AccountTakeoverActionType? =
            switch level {
            case .low: actions?.lowAction
            case .medium: actions?.mediumAction
            case .high: actions?.highAction
            }
        let action = failed ? .noAction : chosen?.eventAction ?? .noAction
        let decision: RiskDecisionType = enforced && action == .block ? .block : .noRisk
        let assessment = RiskAssessment(
            level: level, decision: decision, score: score, signals: signals, compromisedCredentials: compromised,
            action: failed ? nil : (chosen?.eventAction ?? .noAction).rawValue, enforced: enforced, country: location?.country,
            city: location?.city)
        return RiskOutcome(assessment: assessment, action: action, notify: chosen?.notify ?? false, enforced: enforced)
    }

    /// The signals Sigil observes, each with its points (see RiskModel for the rules).
    private func riskSignals(
        userId: Int64?, username: String, pool: StoredPool, context: RequestOrigin, address: IPAddress?, location: IPLocation?, model: RiskModel,
        reader: any DirectoryReader
    ) async throws -> [RiskSignal] {
        let now = clock.now
        let history = try await userId.asyncMap { try await reader.authEvents(userId: $0, after: nil, limit: max(1, model.history)) } ?? []
        let signIns = history.filter { $0.type == .signIn }
        // Sign-ins that count as the user's own: those that passed, and any marked valid.
        let known = signIns.filter { ($0.response == .pass && $0.feedback?.feedbackValue != .invalid) || $0.feedback?.feedbackValue == .valid }
        let reported = history.filter { $0.feedback?.feedbackValue == .invalid }
        var signals: [RiskSignal] = []
        let device = Self.deviceIdentity(context)
        let knownAddresses = known.compactMap { $0.context.ipAddress.flatMap(IPAddress.init) }

        if !known.isEmpty, let device, !known.contains(where: { Self.deviceIdentity($0.context) == device }) {
            signals.append(RiskSignal("new-device", "first sign-in from \(Self.describe(device))", points: model.newDevice))
        }
        if !known.isEmpty, let address {
            if !knownAddresses.contains(where: { $0.network == address.network }) {
                signals.append(RiskSignal("new-network", "first sign-in from network \(address.network)", points: model.newNetwork))
            } else if !knownAddresses.contains(address) {
                signals.append(RiskSignal("new-address", "first sign-in from \(address), in a known network", points: model.newAddress))
            }
        }
        if let address {
            let since = now.addingTimeInterval(-Double(model.stuffingMinutes) * 60)
            let failures = try await reader.failedSignIns(poolKey: pool.key, address: address.description, since: since)
            let users = Set(failures + [username])
            if failures.count > 0 && users.count >= model.stuffingUsers {
                signals.append(
                    RiskSignal(
                        "credential-stuffing",
                        "\(failures.count) failed sign-ins for \(users.count) users from \(address) in \(model.stuffingMinutes) min",
                        points: model.credentialStuffing))
            }
        }
        let failureSince = now.addingTimeInterval(-Double(model.failureMinutes) * 60)
        let failures = signIns.filter { $0.response == .fail && $0.created >= failureSince }.count
        if failures > 0 {
            signals.append(
                RiskSignal(
                    "recent-failures", "\(failures) failed sign-in\(failures == 1 ? "" : "s") in \(model.failureMinutes) min",
                    points: min(model.failureCap, failures * model.recentFailure)))
        }
        if let location,
            let last = known.first(where: { $0.context.ipAddress.flatMap(IPAddress.init).flatMap(configuration.ipLocations.locate) != nil }),
            let lastAddress = last.context.ipAddress.flatMap(IPAddress.init), let lastLocation = configuration.ipLocations.locate(lastAddress)
        {
            let distance = lastLocation.distance(to: location)
            let hours = max(now.timeIntervalSince(last.created), 60) / 3_600
            if distance > 500 && distance / hours > Double(model.travelSpeed) {
                let minutes = Int(now.timeIntervalSince(last.created) / 60)
                signals.append(
                    RiskSignal(
                        "impossible-travel",
                        "\(lastLocation.city ?? lastLocation.country) → \(location.city ?? location.country): \(Int(distance)) km in \(minutes) min",
                        points: model.impossibleTravel))
            }
        }
        let hours = known.map { Calendar.utc.component(.hour, from: $0.created) }
        if hours.count >= model.hourHistory {
            let hour = Calendar.utc.component(.hour, from: now)
            let nearest = hours.map { min(abs($0 - hour), 24 - abs($0 - hour)) }.min() ?? 0
            if nearest > model.hourSpread {
                signals.append(RiskSignal("unusual-hour", "sign-in at \(hour):00 UTC, \(nearest) h from any earlier one", points: model.unusualHour))
            }
        }
        if let agent = context.userAgent, let lastAgent = known.first?.context.userAgent, agent != lastAgent {
            signals.append(RiskSignal("user-agent-change", "user agent changed from \(Self.describe(lastAgent))", points: model.userAgentChange))
        }
        let reportedHere = reported.contains { event in
            (address != nil && event.context.ipAddress.flatMap(IPAddress.init) == address)
                || (device != nil && Self.deviceIdentity(event.context) == device)
        }
        if reportedHere {
            signals.append(RiskSignal("reported-before", "this address or device was in a sign-in marked invalid", points: model.reportedBefore))
        }
        return signals
    }

    /// What identifies the device of a request: its remembered device key, else the
    /// device name it gave, else its user agent.
    static func deviceIdentity(_ context: RequestOrigin) -> String? {
        context.deviceKey ?? context.deviceName ?? context.userAgent
    }

    private static func describe(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(39)) + "…" : text
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
