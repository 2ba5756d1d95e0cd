import Foundation
import SigilCrypto

/// ConfirmDevice and the device operations, for the user (with an access token) and for
/// admins.
extension Engine {
    public func confirmDevice(_ request: ConfirmDeviceRequest) async throws -> ConfirmDeviceResponse {
        try validator.validate(request, operation: .confirmDevice)
        guard let config = request.deviceSecretVerifierConfig, let verifierText = config.passwordVerifier, let saltText = config.salt,
            let verifier = Data(base64Encoded: verifierText), let salt = Data(base64Encoded: saltText), !verifier.isEmpty, !salt.isEmpty
        else {
            throw CognitoError.invalidParameter("DeviceSecretVerifierConfig needs a base64 PasswordVerifier and Salt.")
        }
        let sealed = try sealDeviceVerifier(salt: [UInt8](salt), verifier: [UInt8](verifier))
        let now = clock.now
        let userPrompt = try await write { writer -> Bool in
            let (pool, user, _) = try await authorize(request.accessToken, reader: writer)
            guard var device = try await writer.device(key: request.deviceKey), device.userId == user.id else {
                throw CognitoError.invalidParameter("Invalid device key given.")
            }
            if device.confirmed { throw CognitoError(.deviceKeyExistsException, "Device \(request.deviceKey) is already confirmed.") }
            let userPrompt = pool.pool.deviceConfiguration?.deviceOnlyRememberedOnUserPrompt ?? false
            device.confirmed = true
            device.sealedVerifier = sealed
            device.name = request.deviceName ?? device.name
            device.remembered = !userPrompt
            device.modified = now
            try await writer.updateDevice(device)
            return userPrompt
        }
        return ConfirmDeviceResponse(userConfirmationNecessary: userPrompt)
    }

    public func getDevice(_ request: GetDeviceRequest) async throws -> GetDeviceResponse {
        try validator.validate(request, operation: .getDevice)
        guard let token = request.accessToken else { throw CognitoError.invalidParameter("Missing required parameter AccessToken") }
        return await GetDeviceResponse(
            device: try read { reader in
                let (pool, user, _) = try await authorize(token, reader: reader)
                return try await deviceType(try ownDevice(request.deviceKey, of: user, reader: reader), pool: pool, user: user)
            })
    }

    public func adminGetDevice(_ request: AdminGetDeviceRequest) async throws -> AdminGetDeviceResponse {
        try validator.validate(request, operation: .adminGetDevice)
        return await AdminGetDeviceResponse(
            device: try read { reader in
                let pool = try await requirePool(request.userPoolId, in: reader)
                let user = try await requireUser(request.username, in: pool, reader: reader)
                return try await deviceType(try ownDevice(request.deviceKey, of: user, reader: reader), pool: pool, user: user)
            })
    }

    public func listDevices(_ request: ListDevicesRequest) async throws -> ListDevicesResponse {
        try validator.validate(request, operation: .listDevices)
        let (devices, token) = try await read { reader in
            let (pool, user, _) = try await authorize(request.accessToken, reader: reader)
            return try await devicePage(user, pool: pool, limit: request.limit, token: request.paginationToken, reader: reader)
        }
        return ListDevicesResponse(devices: devices, paginationToken: token)
    }

    public func adminListDevices(_ request: AdminListDevicesRequest) async throws -> AdminListDevicesResponse {
        try validator.validate(request, operation: .adminListDevices)
        let (devices, token) = try await read { reader in
            let pool = try await requirePool(request.userPoolId, in: reader)
            let user = try await requireUser(request.username, in: pool, reader: reader)
            return try await devicePage(user, pool: pool, limit: request.limit, token: request.paginationToken, reader: reader)
        }
        return AdminListDevicesResponse(devices: devices, paginationToken: token)
    }

    public func updateDeviceStatus(_ request: UpdateDeviceStatusRequest) async throws -> UpdateDeviceStatusResponse {
        try validator.validate(request, operation: .updateDeviceStatus)
        try await write { writer in
            let (_, user, _) = try await authorize(request.accessToken, reader: writer)
            try await setRemembered(request.deviceKey, of: user, to: request.deviceRememberedStatus, writer: writer)
        }
        return UpdateDeviceStatusResponse()
    }

    public func adminUpdateDeviceStatus(_ request: AdminUpdateDeviceStatusRequest) async throws -> AdminUpdateDeviceStatusResponse {
        try validator.validate(request, operation: .adminUpdateDeviceStatus)
        try await write { writer in
            let pool = try await requirePool(request.userPoolId, in: writer)
            let user = try await requireUser(request.username, in: pool, reader: writer)
            try await setRemembered(request.deviceKey, of: user, to: request.deviceRememberedStatus, writer: writer)
        }
        return AdminUpdateDeviceStatusResponse()
    }

    public func forgetDevice(_ request: ForgetDeviceRequest) async throws {
        try validator.validate(request, operation: .forgetDevice)
        guard let token = request.accessToken else { throw CognitoError.invalidParameter("Missing required parameter AccessToken") }
        try await write { writer in
            let (_, user, _) = try await authorize(token, reader: writer)
            try await forget(request.deviceKey, of: user, writer: writer)
        }
    }

    public func adminForgetDevice(_ request: AdminForgetDeviceRequest) async throws {
        try validator.validate(request, operation: .adminForgetDevice)
        try await write { writer in
            let pool = try await requirePool(request.userPoolId, in: writer)
            let user = try await requireUser(request.username, in: pool, reader: writer)
            try await forget(request.deviceKey, of: user, writer: writer)
        }
    }

    // MARK: - Shared

    private func ownDevice(_ key: String, of user: UserRecord, reader: any DirectoryReader) async throws -> DeviceRecord {
        guard let device = try await reader.device(key: key), device.userId == user.id else {
            throw CognitoError.resourceNotFound(Self.unknownDevice)
        }
        return device
    }

    private func setRemembered(_ key: String, of user: UserRecord, to status: DeviceRememberedStatusType?, writer: any DirectoryWriter) async throws {
        var device = try await ownDevice(key, of: user, reader: writer)
        device.remembered = (status ?? .remembered) == .remembered
        device.modified = clock.now
        try await writer.updateDevice(device)
    }

    /// Forgets a device; the refresh tokens of its sign-ins stop working.
    private func forget(_ key: String, of user: UserRecord, writer: any DirectoryWriter) async throws {
        _ = try await ownDevice(key, of: user, reader: writer)
        try await writer.revokeRefreshTokens(deviceKey: key)
        try await writer.deleteDevice(key: key)
    }

    private func devicePage(_ user: UserRecord, pool: StoredPool, limit: Int?, token: String?, reader: any DirectoryReader) async throws
        -> ([DeviceType], String?)
    {
        let size = min(max(limit ?? 60, 1), 60)
        let after = try token.map { try PageToken.decode($0, field: "PaginationToken") }
        let page = try await reader.devices(userId: user.id ?? 0, after: after, limit: size + 1)
        let shown = Array(page.prefix(size))
        return (
            try shown.map { try deviceType($0, pool: pool, user: user) },
            page.count > size ? shown.last.map { PageToken.encode($0.key) } : nil
        )
    }

    /// A device as the API shows it: its attributes as Cognito names them.
    func deviceType(_ device: DeviceRecord, pool: StoredPool, user: UserRecord) throws -> DeviceType {
        var attributes = [
            AttributeType(name: "device_status", value: "valid"),
            AttributeType(name: "dev:device_remembered_status", value: device.remembered ? "remembered" : "not_remembered"),
            AttributeType(
                name: "dev:device_arn",
                value: "arn:aws:cognito-idp:\(configuration.region):\(configuration.accountId):owner/\(user.username).\(pool.id)/device/\(device.key)"
            ),
            AttributeType(name: "dev:device_owner", value: "\(user.username).\(pool.id)"),
            AttributeType(name: "dev:device_sdk", value: "aws-sdk"),
        ]
        if let name = device.name { attributes.append(AttributeType(name: "device_name", value: name)) }
        if let address = device.lastAddress { attributes.append(AttributeType(name: "last_ip_used", value: address)) }
        return DeviceType(
            deviceKey: device.key, deviceAttributes: attributes, deviceCreateDate: device.created, deviceLastModifiedDate: device.modified,
            deviceLastAuthenticatedDate: device.lastAuthenticated)
    }
}
