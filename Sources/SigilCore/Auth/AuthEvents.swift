import Foundation

/// The record of sign-ins, sign-ups, confirmations, password changes and forgotten
/// passwords, stored for AdminListUserAuthEvents and published for live screens.
extension Engine {
    func recordEvent(
        _ type: EventType, response: EventResponseType, user: UserRecord?, username: String, pool: StoredPool, clientId: String?,
        context: RequestOrigin, eventId: String? = nil, challenges: [ChallengeResponseType] = [], detail: String? = nil,
        risk: RiskAssessment? = nil, writer: any DirectoryWriter
    ) async throws {
        var event = AuthEventRecord(
            poolKey: pool.key, userId: user?.id, username: user?.username ?? username,
            eventId: eventId ?? context.requestId ?? Identifiers.uuidV4(), type: type, created: clock.now, response: response,
            clientId: clientId, context: context, challenges: challenges, detail: detail, risk: risk)
        event.id = try await writer.insertAuthEvent(event)
        events.publish(.auth(poolId: pool.id, event: event))
    }

    public func adminListUserAuthEvents(_ request: AdminListUserAuthEventsRequest) async throws -> AdminListUserAuthEventsResponse {
        try validator.validate(request, operation: .adminListUserAuthEvents)
        let limit = min(max(request.maxResults ?? 60, 1), 60)
        let after = try request.nextToken.map { token -> Int64 in
            guard let id = Int64(try PageToken.decode(token, field: "NextToken")) else {
                throw CognitoError.invalidParameter("Invalid NextToken: the token was not issued by this service.")
            }
            return id
        }
        let records = try await read { reader -> [AuthEventRecord] in
            let stored = try await requirePool(request.userPoolId, in: reader)
            try requireSecurityAddOn(stored)
            let user = try await requireUser(request.username, in: stored, reader: reader)
            return try await reader.authEvents(userId: user.id ?? 0, after: after, limit: limit + 1)
        }
        let shown = Array(records.prefix(limit))
        return AdminListUserAuthEventsResponse(
            authEvents: shown.map(Self.authEventType),
            nextToken: records.count > limit ? shown.last?.id.map { PageToken.encode(String($0)) } : nil)
    }

    /// A user's latest auth events, whatever the pool's threat-protection mode (for the
    /// console's detail pane; the API's AdminListUserAuthEvents needs the add-on).
    public func recentAuthEvents(poolId: String, username: String, limit: Int = 10) async throws -> [AuthEventType] {
        try await read { reader in
            let stored = try await requirePool(poolId, in: reader)
            let user = try await requireUser(username, in: stored, reader: reader)
            return try await reader.authEvents(userId: user.id ?? 0, after: nil, limit: limit).map(Self.authEventType)
        }
    }

    /// Auth events with everything Sigil keeps (risk signals included), newest first: a
    /// user's when `username` is given, else the whole pool's (or those from `address`).
    /// For the console and tests.
    public func authEventRecords(
        poolId: String, username: String? = nil, address: String? = nil, before: Int64? = nil, limit: Int = 100
    ) async throws -> [AuthEventRecord] {
        try await read { reader in
            let stored = try await requirePool(poolId, in: reader)
            if let username {
                let user = try await requireUser(username, in: stored, reader: reader)
                return try await reader.authEvents(userId: user.id ?? 0, after: before, limit: limit)
            }
            return try await reader.poolAuthEvents(poolKey: stored.key, address: address, after: before, limit: limit)
        }
    }

    static func authEventType(_ record: AuthEventRecord) -> AuthEventType {
        AuthEventType(
            eventId: record.eventId, eventType: record.type, creationDate: record.created, eventResponse: record.response,
            eventRisk: record.risk.map {
                EventRiskType(riskDecision: $0.decision, riskLevel: $0.level, compromisedCredentialsDetected: $0.compromisedCredentials)
            },
            challengeResponses: record.challenges,
            eventContextData: EventContextDataType(
                ipAddress: record.context.ipAddress, deviceName: record.context.deviceName ?? record.context.userAgent,
                city: record.risk?.city, country: record.risk?.country),
            eventFeedback: record.feedback)
    }
}

extension RequestOrigin {
    /// The context an admin API call describes in ContextData (the end user's request as
    /// the app's server saw it), falling back to the call's own.
    func merged(with data: ContextDataType?) -> RequestOrigin {
        guard let data else { return self }
        var context = self
        context.ipAddress = data.ipAddress
        if let agent = data.httpHeaders.first(where: { $0.headerName?.lowercased() == "user-agent" })?.headerValue {
            context.userAgent = agent
        }
        return context
    }

    func merged(with data: UserContextDataType?) -> RequestOrigin {
        guard let address = data?.ipAddress else { return self }
        var context = self
        context.ipAddress = address
        return context
    }
}
