import Foundation

/// SetRiskConfiguration and DescribeRiskConfiguration: threat-protection settings for a
/// pool, or for one app client (which then replace the pool's wholesale).
extension Engine {
    public func setRiskConfiguration(_ request: SetRiskConfigurationRequest) async throws -> SetRiskConfigurationResponse {
        try validator.validate(request, operation: .setRiskConfiguration)
        try Self.checkRanges(request.riskExceptionConfiguration)
        let now = clock.now
        let stored = try await write { writer -> RiskConfigurationType in
            let pool = try await requirePool(request.userPoolId, in: writer)
            if let clientId = request.clientId {
                guard let client = try await writer.client(id: clientId), client.userPoolId == pool.id else {
                    throw CognitoError.clientNotFound(clientId)
                }
            }
            var configuration = RiskConfigurationType(
                userPoolId: pool.id, clientId: request.clientId,
                compromisedCredentialsRiskConfiguration: request.compromisedCredentialsRiskConfiguration,
                accountTakeoverRiskConfiguration: request.accountTakeoverRiskConfiguration,
                riskExceptionConfiguration: request.riskExceptionConfiguration, lastModifiedDate: now)
            // Cognito fills in the default event filter: every event.
            if var compromised = configuration.compromisedCredentialsRiskConfiguration, compromised.eventFilter?.isEmpty ?? true {
                compromised.eventFilter = [.signIn, .passwordChange, .signUp]
                configuration.compromisedCredentialsRiskConfiguration = compromised
            }
            let empty =
                request.compromisedCredentialsRiskConfiguration == nil && request.accountTakeoverRiskConfiguration == nil
                && request.riskExceptionConfiguration == nil
            // With nothing but the ids, the pool goes back to defaults and a client back to
            // the pool's settings.
            try await writer.setRiskConfiguration(poolKey: pool.key, clientId: request.clientId, empty ? nil : configuration)
            return empty ? RiskConfigurationType(userPoolId: pool.id, clientId: request.clientId, lastModifiedDate: now) : configuration
        }
        return SetRiskConfigurationResponse(riskConfiguration: stored)
    }

    public func describeRiskConfiguration(_ request: DescribeRiskConfigurationRequest) async throws -> DescribeRiskConfigurationResponse {
        try validator.validate(request, operation: .describeRiskConfiguration)
        let configuration = try await read { reader -> RiskConfigurationType in
            let pool = try await requirePool(request.userPoolId, in: reader)
            if let clientId = request.clientId {
                guard let client = try await reader.client(id: clientId), client.userPoolId == pool.id else {
                    throw CognitoError.clientNotFound(clientId)
                }
            }
            return try await effectiveRiskConfiguration(pool: pool, clientId: request.clientId, reader: reader)
        }
        return DescribeRiskConfigurationResponse(riskConfiguration: configuration)
    }

    /// The configuration that governs a client: its own, or else the pool's (without a
    /// ClientId, which says it is inherited), or else an empty one.
    func effectiveRiskConfiguration(pool: StoredPool, clientId: String?, reader: any DirectoryReader) async throws -> RiskConfigurationType {
        if let clientId, let own = try await reader.riskConfiguration(poolKey: pool.key, clientId: clientId) { return own }
        return try await reader.riskConfiguration(poolKey: pool.key, clientId: nil) ?? RiskConfigurationType(userPoolId: pool.id)
    }

    /// The pool's threat-protection mode (OFF unless UserPoolAddOns says otherwise).
    func securityMode(_ pool: StoredPool) -> AdvancedSecurityModeType {
        pool.pool.userPoolAddOns?.advancedSecurityMode ?? .off
    }

    /// Operations that need threat protection on: auth event history and feedback.
    func requireSecurityAddOn(_ pool: StoredPool) throws {
        guard securityMode(pool) != .off else {
            throw CognitoError(.userPoolAddOnNotEnabledException, "Threat protection is not enabled for user pool \(pool.id).")
        }
    }

    private static func checkRanges(_ exceptions: RiskExceptionConfigurationType?) throws {
        for (name, ranges) in [("BlockedIPRangeList", exceptions?.blockedIPRangeList), ("SkippedIPRangeList", exceptions?.skippedIPRangeList)] {
            for range in ranges ?? [] where IPRange(range) == nil || !range.contains("/") {
                throw CognitoError.invalidParameter("\(name) entry \(range) is not an IP range in CIDR notation.")
            }
        }
    }
}
