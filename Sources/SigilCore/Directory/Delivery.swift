import Foundation

/// Messages to users: invitations and codes, recorded in the outbox. Codes themselves
/// are stored only as keyed hashes.
extension Engine {
    /// A way to reach the user: the medium and the address.
    struct Channel: Equatable {
        var medium: DeliveryMediumType
        var destination: String

        var attributeName: String { medium == .email ? "email" : "phone_number" }

        var details: CodeDeliveryDetailsType {
            CodeDeliveryDetailsType(
                destination: MessageTemplates.mask(destination, channel: medium), deliveryMedium: medium,
                attributeName: attributeName)
        }
    }

    func sendInvitation(
        to user: UserRecord, signInName: String, password: String, mediums: [DeliveryMediumType], pool: StoredPool,
        writer: any DirectoryWriter, custom: CustomMessageText? = nil
    ) async throws {
        let template = pool.pool.adminCreateUserConfig?.inviteMessageTemplate
        let defaults = PoolSettings.defaultInvitation
        for medium in mediums {
            let channel: Channel
            let text: String
            var subject: String?
            switch medium {
            case .email:
                channel = Channel(medium: .email, destination: user.attributes["email"] ?? "")
                text = custom?.email ?? template?.emailMessage ?? defaults.emailMessage ?? ""
                subject = custom?.subject ?? template?.emailSubject ?? defaults.emailSubject
            case .sms:
                channel = Channel(medium: .sms, destination: user.attributes["phone_number"] ?? "")
                text = custom?.sms ?? template?.smsMessage ?? defaults.smsMessage ?? ""
            }
            try await deliver(
                OutboxMessage(
                    poolId: pool.id, username: user.username, channel: channel.medium, destination: channel.destination,
                    purpose: .invitation, subject: subject,
                    text: MessageTemplates.fill(text, username: signInName, code: password), code: password,
                    sent: clock.now),
                writer: writer)
        }
    }

    /// How many codes of one kind a user may be sent in an hour.
    static let codesPerHour = 5

    /// Creates a code for `purpose` (replacing any earlier one), keeps its hash, and sends
    /// it on `channel`. More than five codes of a kind in an hour is LimitExceededException.
    @discardableResult
    func sendCode(
        to user: UserRecord, channel: Channel, purpose: VerificationCode.Purpose, outboxPurpose: OutboxMessage.Purpose,
        lifetime: TimeInterval, pool: StoredPool, writer: any DirectoryWriter, now: Date, custom: CustomMessageText? = nil
    ) async throws -> CodeDeliveryDetailsType {
        guard let userId = user.id else { throw CognitoError.internalError("The user has no store key") }
        var sends = 1
        var windowStart = now
        if let previous = try await writer.verificationCode(userId: userId, purpose: purpose), let start = previous.windowStart,
            now.timeIntervalSince(start) < 3_600
        {
            guard previous.sends < Self.codesPerHour else {
                throw CognitoError(.limitExceededException, "Attempt limit exceeded, please try after some time.")
            }
            sends = previous.sends + 1
            windowStart = start
        }
        let code = Identifiers.code()
        try await writer.saveVerificationCode(
            VerificationCode(
                userId: userId, purpose: purpose, codeHash: vault.hashCode(code, userId: userId, purpose: purpose.rawValue),
                expires: now.addingTimeInterval(lifetime), attribute: channel.attributeName, sends: sends, windowStart: windowStart))
        let template = pool.pool.verificationMessageTemplate
        let text: String
        var subject: String?
        if channel.medium == .email {
            text = custom?.email ?? template?.emailMessage ?? PoolSettings.defaultVerificationMessage
            subject = custom?.subject ?? template?.emailSubject ?? PoolSettings.defaultVerificationSubject
        } else {
            text = custom?.sms ?? template?.smsMessage ?? PoolSettings.defaultVerificationMessage
        }
        try await deliver(
            OutboxMessage(
                poolId: pool.id, username: user.username, channel: channel.medium, destination: channel.destination,
                purpose: outboxPurpose, subject: subject, text: MessageTemplates.fill(text, username: user.username, code: code),
                code: code, sent: now),
            writer: writer)
        return channel.details
    }

    /// Records a message in the outbox; once the write commits, live screens hear of it
    /// and it goes out (see `dispatch`).
    func deliver(_ message: OutboxMessage, writer: any DirectoryWriter) async throws {
        try await writer.appendMessage(message)
        if let outgoing = Outgoing.current {
            outgoing.add(message)
        } else {
            dispatch([message])
        }
    }

    /// Sends a code that verifies an email or phone (valid one hour).
    @discardableResult
    func sendAttributeCode(
        to user: UserRecord, attribute: String, pool: StoredPool, writer: any DirectoryWriter, now: Date, custom: CustomMessageText? = nil
    ) async throws -> CodeDeliveryDetailsType {
        let isEmail = attribute == "email"
        let channel = Channel(medium: isEmail ? .email : .sms, destination: user.attributes[attribute] ?? "")
        return try await sendCode(
            to: user, channel: channel, purpose: isEmail ? .verifyEmail : .verifyPhone, outboxPurpose: .verifyAttribute,
            lifetime: 3_600, pool: pool, writer: writer, now: now, custom: custom)
    }

    /// CustomMessage for the codes an attribute change sends: run only when one will be
    /// sent (an email or phone the pool verifies, changed).
    func attributeChangeMessage(
        _ changes: [AttributeType], user: UserRecord, pool: StoredPool, clientId: String?, metadata: [String: String]?
    ) async throws -> CustomMessageText? {
        let verified = Set((pool.pool.autoVerifiedAttributes ?? []).map(\.rawValue))
        let named = Set(changes.map(\.name))
        let sends = changes.contains { change in
            verified.contains(change.name) && !(change.value ?? "").isEmpty && user.attributes[change.name] != change.value
                && !named.contains(change.name + "_verified")
        }
        guard sends else { return nil }
        return try await attributeMessage(
            "UpdateUserAttribute", user: user, changes: changes, pool: pool, clientId: clientId, metadata: metadata)
    }

    /// Where a password-reset code goes: the pool's recovery mechanisms in priority
    /// order, each needing a verified address; without a setting, SMS before email.
    func recoveryChannel(for user: UserRecord, pool: UserPoolType) -> Channel? {
        let names: [RecoveryOptionNameType]
        if let mechanisms = pool.accountRecoverySetting?.recoveryMechanisms, !mechanisms.isEmpty {
            names = mechanisms.sorted { $0.priority < $1.priority }.map(\.name)
        } else {
            names = [.verifiedPhoneNumber, .verifiedEmail]
        }
        for name in names {
            switch name {
            case .verifiedEmail:
                if let email = user.attributes["email"], user.isVerified("email") {
                    return Channel(medium: .email, destination: email)
                }
            case .verifiedPhoneNumber:
                if let phone = user.attributes["phone_number"], user.isVerified("phone_number") {
                    return Channel(medium: .sms, destination: phone)
                }
            case .adminOnly:
                return nil
            }
        }
        return nil
    }
}
