import Foundation
import SigilCrypto

/// Emails threat protection sends about a risky sign-in (to the outbox), and the
/// feedback users and admins give on events.
extension Engine {
    enum NoticeKind {
        case block, mfa, noAction
    }

    /// Sends the notice for a risky sign-in, from the pool's NotifyConfiguration templates
    /// or Sigil's own, to the user's email address (if they have one).
    func notifyRisk(
        _ kind: NoticeKind, user: UserRecord, pool: StoredPool, configuration: RiskConfigurationType, assessment: RiskAssessment,
        context: RequestOrigin, eventId: String, writer: any DirectoryWriter
    ) async throws {
        guard let email = user.attributes["email"], !email.isEmpty else { return }
        let notify = configuration.accountTakeoverRiskConfiguration?.notifyConfiguration
        let template: NotifyEmailType? =
            switch kind {
            case .block: notify?.blockEmail
            case .mfa: notify?.mfaEmail
            case .noAction: notify?.noActionEmail
            }
        let standard: (String, String) =
            switch kind {
            case .block: ("Blocked sign-in attempt", "We blocked an unrecognized sign-in to your account {username}")
            case .mfa: ("New sign-in attempt", "We asked for a second factor on an unrecognized sign-in to your account {username}")
            case .noAction: ("New sign-in attempt", "There was an unrecognized sign-in to your account {username}")
            }
        let details =
            " from {ip-address} ({city}, {country}) on {device-name} at {login-time}. "
            + "Was this you? Yes: {one-click-link-valid} No: {one-click-link-invalid}"
        let body = template?.textBody ?? template?.htmlBody ?? standard.1 + details
        let link = { (value: FeedbackValueType) in
            let token = self.feedbackToken(poolId: pool.id, username: user.username, eventId: eventId, value: value)
            let name = user.username.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? user.username
            return "\(self.configuration.endpoint)/_sigil/feedback/\(pool.id)/\(name)/\(eventId)?token=\(token)&value=\(value.rawValue.lowercased())"
        }
        let values: [String: String] = [
            "{username}": user.username, "{ip-address}": context.ipAddress ?? "an unknown address", "{city}": assessment.city ?? "unknown city",
            "{country}": assessment.country ?? "unknown country", "{login-time}": ISO8601DateFormatter().string(from: clock.now),
            "{device-name}": context.deviceName ?? context.userAgent ?? "an unknown device", "{event-id}": eventId,
            "{one-click-link-valid}": link(.valid), "{one-click-link-invalid}": link(.invalid),
        ]
        var text = body
        for (placeholder, value) in values { text = text.replacingOccurrences(of: placeholder, with: value) }
        try await deliver(
            OutboxMessage(
                poolId: pool.id, username: user.username, channel: .email, destination: email, purpose: .securityNotice,
                subject: template?.subject ?? standard.0, text: text, sent: clock.now),
            writer: writer)
    }

    /// The token that proves a feedback link came from the notice for this event, for this
    /// answer: the "Yes" link's token can't record "No", nor the other way round.
    func feedbackToken(poolId: String, username: String, eventId: String, value: FeedbackValueType) -> String {
        Base64URL.encode(
            HMACSHA256.authenticate(Array("sigil-feedback|\(poolId)|\(username)|\(eventId)|\(value.rawValue)".utf8), key: vault.key))
    }

    public func adminUpdateAuthEventFeedback(_ request: AdminUpdateAuthEventFeedbackRequest) async throws -> AdminUpdateAuthEventFeedbackResponse {
        try validator.validate(request, operation: .adminUpdateAuthEventFeedback)
        try await recordFeedback(
            poolId: request.userPoolId, username: request.username, eventId: request.eventId, value: request.feedbackValue, provider: "Admin")
        return AdminUpdateAuthEventFeedbackResponse()
    }

    public func updateAuthEventFeedback(_ request: UpdateAuthEventFeedbackRequest) async throws -> UpdateAuthEventFeedbackResponse {
        try validator.validate(request, operation: .updateAuthEventFeedback)
        try await recordFeedback(
            poolId: request.userPoolId, username: request.username, eventId: request.eventId, value: request.feedbackValue, provider: "User",
            token: request.feedbackToken)
        return UpdateAuthEventFeedbackResponse()
    }

    /// Stores feedback on an event; later sign-ins from its address or device weigh it
    /// (valid: the user's own; invalid: reported).
    private func recordFeedback(poolId: String, username: String, eventId: String, value: FeedbackValueType, provider: String, token: String? = nil)
        async throws
    {
        let now = clock.now
        try await write { writer in
            let pool = try await requirePool(poolId, in: writer)
            try requireSecurityAddOn(pool)
            let user = try await requireUser(username, in: pool, reader: writer)
            if let token, !constantTimeEquals(token, feedbackToken(poolId: pool.id, username: user.username, eventId: eventId, value: value)) {
                throw CognitoError.notAuthorized("Invalid feedback token.")
            }
            guard let event = try await writer.authEvent(userId: user.id ?? 0, eventId: eventId), let id = event.id else {
                throw CognitoError.resourceNotFound("Auth event \(eventId) does not exist.")
            }
            // A notice's links answer once: the other link can't turn the user's answer round.
            if token != nil, let given = event.feedback, given.provider == "User", given.feedbackValue != value {
                throw CognitoError.notAuthorized("Feedback for this event has already been given.")
            }
            try await writer.updateAuthEventFeedback(id: id, EventFeedbackType(feedbackValue: value, provider: provider, feedbackDate: now))
        }
    }
}
