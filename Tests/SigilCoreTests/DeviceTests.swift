import Foundation
import SigilCore
import SigilCrypto
import Testing

/// Remembered devices end to end: NewDeviceMetadata, ConfirmDevice with a verifier made
/// as Amplify makes it, DEVICE_SRP_AUTH skipping MFA, and the device operations.
@Suite struct DeviceTests {
    let fixture: AuthFixture
    var engine: Engine { fixture.engine }

    init() async throws {
        fixture = try await AuthFixture(
            pool: CreateUserPoolRequest(
                poolName: "devices", autoVerifiedAttributes: [.email],
                deviceConfiguration: DeviceConfigurationType(challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false)))
        _ = try await fixture.engine.setUserPoolMfaConfig(
            SetUserPoolMfaConfigRequest(userPoolId: fixture.poolId, smsMfaConfiguration: SmsMfaConfigType(), mfaConfiguration: .optional))
        try await fixture.confirmedUser("ann", attributes: ["phone_number": "+15555550100", "phone_number_verified": "true"])
        _ = try await fixture.engine.adminSetUserMFAPreference(
            AdminSetUserMFAPreferenceRequest(
                smsMfaSettings: SMSMfaSettingsType(enabled: true, preferredMfa: true), username: "ann", userPoolId: fixture.poolId))
    }

    /// SRP sign-in, with the SMS code when asked.
    func signIn(deviceKey: String? = nil) async throws -> RespondToAuthChallengeResponse {
        let srp = try SRPClient()
        var parameters = ["USERNAME": "ann", "SRP_A": SRP.hexString(srp.publicValue)]
        parameters["DEVICE_KEY"] = deviceKey
        let challenge = try await engine.initiateAuth(
            InitiateAuthRequest(authFlow: .userSrpAuth, authParameters: parameters, clientId: fixture.clientId))
        var answer = try await fixture.answerVerifier(challenge.challengeParameters ?? [:], client: srp, password: AuthFixture.password)
        if answer.challengeName == .smsMfa {
            answer = try await fixture.respond(
                .smsMfa, session: answer.session, ["USERNAME": "ann", "SMS_MFA_CODE": try await fixture.lastCode("ann")])
        }
        return answer
    }

    /// Confirms a device as Amplify does: a random device password and its verifier.
    func confirm(_ metadata: NewDeviceMetadataType, accessToken: String) async throws -> (password: String, necessary: Bool?) {
        let password = Base64URL.encode(SecureRandom.bytes(40))
        let salt = SecureRandom.bytes(16)
        let verifier = try SRP.makeVerifier(
            identity: .device(groupKey: metadata.deviceGroupKey!, deviceKey: metadata.deviceKey!), password: password, salt: salt)
        let response = try await engine.confirmDevice(
            ConfirmDeviceRequest(
                accessToken: accessToken, deviceKey: metadata.deviceKey!,
                deviceSecretVerifierConfig: DeviceSecretVerifierConfigType(
                    passwordVerifier: Data(verifier).base64EncodedString(), salt: Data(salt).base64EncodedString()),
                deviceName: "Ann's laptop"))
        return (password, response.userConfirmationNecessary)
    }

    /// DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER with the device's password.
    func proveDevice(_ challenge: RespondToAuthChallengeResponse, metadata: NewDeviceMetadataType, password: String) async throws
        -> RespondToAuthChallengeResponse
    {
        let srp = try SRPClient()
        let verifierChallenge = try await fixture.respond(
            .deviceSrpAuth, session: challenge.session,
            ["USERNAME": "ann", "DEVICE_KEY": metadata.deviceKey!, "SRP_A": SRP.hexString(srp.publicValue)])
        #expect(verifierChallenge.challengeName == .devicePasswordVerifier)
        let parameters = try #require(verifierChallenge.challengeParameters)
        let timestamp = CognitoTimestamp.format(fixture.clock.now)
        let block = try #require(parameters["SECRET_BLOCK"])
        let signature = try srp.passwordClaimSignature(
            serverPublicValue: try SRP.parseHex(try #require(parameters["SRP_B"])), salt: try SRP.parseHex(try #require(parameters["SALT"])),
            identity: .device(groupKey: metadata.deviceGroupKey!, deviceKey: metadata.deviceKey!), password: password,
            secretBlock: [UInt8](try #require(Data(base64Encoded: block))), timestamp: timestamp)
        return try await fixture.respond(
            .devicePasswordVerifier, session: verifierChallenge.session,
            [
                "USERNAME": "ann", "DEVICE_KEY": metadata.deviceKey!, "PASSWORD_CLAIM_SECRET_BLOCK": block, "PASSWORD_CLAIM_SIGNATURE": signature,
                "TIMESTAMP": timestamp,
            ])
    }

    @Test func aRememberedDeviceSkipsMfa() async throws {
        let first = try await signIn()
        let result = try #require(first.authenticationResult)
        let metadata = try #require(result.newDeviceMetadata)
        #expect(metadata.deviceKey?.hasPrefix("us-east-1_") == true && metadata.deviceGroupKey?.hasPrefix("-") == true)
        let claims = try JWT.decode(result.accessToken!).claims
        #expect(claims["device_key"]?.stringValue == metadata.deviceKey)
        let (password, necessary) = try await confirm(metadata, accessToken: result.accessToken!)
        #expect(necessary == false)

        // Next time: the device proves itself instead of an SMS code.
        fixture.clock.advance(by: 60)
        let second = try await signIn(deviceKey: metadata.deviceKey)
        #expect(second.challengeName == .deviceSrpAuth)
        let messagesBefore = try await engine.outboxMessages(poolId: fixture.poolId, username: "ann").count
        let done = try await proveDevice(second, metadata: metadata, password: password)
        let tokens = try #require(done.authenticationResult)
        #expect(tokens.newDeviceMetadata == nil)
        #expect(try JWT.decode(tokens.accessToken!).claims["device_key"]?.stringValue == metadata.deviceKey)
        #expect(try await engine.outboxMessages(poolId: fixture.poolId, username: "ann").count == messagesBefore)

        // A wrong device password fails.
        let third = try await signIn(deviceKey: metadata.deviceKey)
        await expectError(.notAuthorizedException) { _ = try await proveDevice(third, metadata: metadata, password: "not-the-device-password") }

        // The refresh token works only with the device key.
        await expectError(.notAuthorizedException, "Invalid Refresh Token.") {
            _ = try await engine.initiateAuth(
                InitiateAuthRequest(authFlow: .refreshTokenAuth, authParameters: ["REFRESH_TOKEN": tokens.refreshToken!], clientId: fixture.clientId))
        }
        #expect(
            try await engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .refreshTokenAuth, authParameters: ["REFRESH_TOKEN": tokens.refreshToken!, "DEVICE_KEY": metadata.deviceKey!],
                    clientId: fixture.clientId)
            ).authenticationResult?.accessToken != nil)
    }

    @Test func deviceOperationsAndForgetting() async throws {
        let result = try await #require(try signIn().authenticationResult)
        let metadata = try #require(result.newDeviceMetadata)
        _ = try await confirm(metadata, accessToken: result.accessToken!)
        let listed = try await engine.listDevices(ListDevicesRequest(accessToken: result.accessToken!))
        let device = try #require(listed.devices?.first)
        let attributes = Dictionary(uniqueKeysWithValues: (device.deviceAttributes ?? []).map { ($0.name, $0.value ?? "") })
        #expect(attributes["device_name"] == "Ann's laptop")
        #expect(attributes["dev:device_remembered_status"] == "remembered")
        #expect(attributes["device_status"] == "valid")
        // Not remembered: MFA again.
        _ = try await engine.adminUpdateDeviceStatus(
            AdminUpdateDeviceStatusRequest(
                userPoolId: fixture.poolId, username: "ann", deviceKey: metadata.deviceKey!, deviceRememberedStatus: .notRemembered))
        let srp = try SRPClient()
        let challenge = try await engine.initiateAuth(
            InitiateAuthRequest(
                authFlow: .userSrpAuth,
                authParameters: ["USERNAME": "ann", "SRP_A": SRP.hexString(srp.publicValue), "DEVICE_KEY": metadata.deviceKey!],
                clientId: fixture.clientId))
        #expect(
            try await fixture.answerVerifier(challenge.challengeParameters ?? [:], client: srp, password: AuthFixture.password).challengeName
                == .smsMfa)
        // Forgotten: its refresh tokens stop working and its key is unknown.
        try await engine.adminForgetDevice(AdminForgetDeviceRequest(userPoolId: fixture.poolId, username: "ann", deviceKey: metadata.deviceKey!))
        await expectError(.notAuthorizedException) {
            _ = try await engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .refreshTokenAuth, authParameters: ["REFRESH_TOKEN": result.refreshToken!, "DEVICE_KEY": metadata.deviceKey!],
                    clientId: fixture.clientId))
        }
        await expectError(.resourceNotFoundException, "Device does not exist.") {
            _ = try await engine.adminGetDevice(AdminGetDeviceRequest(deviceKey: metadata.deviceKey!, userPoolId: fixture.poolId, username: "ann"))
        }
        await expectError(.resourceNotFoundException, "Device does not exist.") { _ = try await signIn(deviceKey: metadata.deviceKey) }
    }

    @Test func devicesCanWaitForTheUserToRememberThem() async throws {
        let prompted = try await AuthFixture(
            pool: CreateUserPoolRequest(
                poolName: "prompt",
                deviceConfiguration: DeviceConfigurationType(challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true)))
        try await prompted.confirmedUser("bob")
        let result = try await prompted.tokens("bob")
        let metadata = try #require(result.newDeviceMetadata)
        let salt = SecureRandom.bytes(16)
        let verifier = try SRP.makeVerifier(
            identity: .device(groupKey: metadata.deviceGroupKey!, deviceKey: metadata.deviceKey!), password: "pw", salt: salt)
        let response = try await prompted.engine.confirmDevice(
            ConfirmDeviceRequest(
                accessToken: result.accessToken!, deviceKey: metadata.deviceKey!,
                deviceSecretVerifierConfig: DeviceSecretVerifierConfigType(
                    passwordVerifier: Data(verifier).base64EncodedString(), salt: Data(salt).base64EncodedString())))
        #expect(response.userConfirmationNecessary == true)
        let device = try await prompted.engine.getDevice(GetDeviceRequest(deviceKey: metadata.deviceKey!, accessToken: result.accessToken!)).device
        #expect(device.deviceAttributes?.contains(AttributeType(name: "dev:device_remembered_status", value: "not_remembered")) == true)
        _ = try await prompted.engine.updateDeviceStatus(
            UpdateDeviceStatusRequest(accessToken: result.accessToken!, deviceKey: metadata.deviceKey!, deviceRememberedStatus: .remembered))
        let remembered = try await prompted.engine.getDevice(GetDeviceRequest(deviceKey: metadata.deviceKey!, accessToken: result.accessToken!))
            .device
        #expect(remembered.deviceAttributes?.contains(AttributeType(name: "dev:device_remembered_status", value: "remembered")) == true)
        // Confirming twice is refused; a key that isn't the user's is invalid.
        await expectError(.deviceKeyExistsException) {
            _ = try await prompted.engine.confirmDevice(
                ConfirmDeviceRequest(
                    accessToken: result.accessToken!, deviceKey: metadata.deviceKey!,
                    deviceSecretVerifierConfig: DeviceSecretVerifierConfigType(passwordVerifier: "AA==", salt: "AA==")))
        }
        await expectError(.invalidParameterException, "Invalid device key given.") {
            _ = try await prompted.engine.confirmDevice(
                ConfirmDeviceRequest(
                    accessToken: result.accessToken!, deviceKey: "us-east-1_00000000-0000-4000-8000-000000000000",
                    deviceSecretVerifierConfig: DeviceSecretVerifierConfigType(passwordVerifier: "AA==", salt: "AA==")))
        }
    }

    @Test func poolsWithoutDeviceTrackingMakeNoDevices() async throws {
        let plain = try await AuthFixture()
        try await plain.confirmedUser("cat")
        let result = try await plain.tokens("cat")
        #expect(result.newDeviceMetadata == nil)
        #expect(try JWT.decode(result.accessToken!).claims["device_key"] == nil)
    }
}
