import Foundation
import SigilJSON

/// Managed login branding: the look of the pages (version 2 domains) for one app client,
/// as a settings document and image assets. Sigil applies the colours, colour scheme and
/// logo it understands; the whole document is kept and given back as it was set.
extension Engine {
    public func createManagedLoginBranding(_ request: CreateManagedLoginBrandingRequest) async throws -> CreateManagedLoginBrandingResponse {
        try validator.validate(request, operation: .createManagedLoginBranding)
        let now = clock.now
        let branding = try Self.branding(
            id: Identifiers.uuidV4(), poolId: request.userPoolId, useCognitoProvidedValues: request.useCognitoProvidedValues,
            settings: request.settings, assets: request.assets, created: now, modified: now)
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            guard let client = try await writer.client(id: request.clientId), client.userPoolId == request.userPoolId else {
                throw CognitoError.clientNotFound(request.clientId)
            }
            if try await writer.managedLoginBranding(clientId: request.clientId) != nil {
                throw CognitoError(.managedLoginBrandingExistsException, "Managed login branding already exists for the client \(request.clientId).")
            }
            try await writer.insertManagedLoginBranding(poolKey: stored.key, clientId: request.clientId, branding)
        }
        return CreateManagedLoginBrandingResponse(managedLoginBranding: branding)
    }

    public func describeManagedLoginBranding(_ request: DescribeManagedLoginBrandingRequest) async throws
        -> DescribeManagedLoginBrandingResponse
    {
        try validator.validate(request, operation: .describeManagedLoginBranding)
        let branding = try await read { reader in try await requireBranding(request.managedLoginBrandingId, poolId: request.userPoolId, in: reader) }
        return DescribeManagedLoginBrandingResponse(managedLoginBranding: Self.merged(branding, if: request.returnMergedResources == true))
    }

    public func describeManagedLoginBrandingByClient(_ request: DescribeManagedLoginBrandingByClientRequest) async throws
        -> DescribeManagedLoginBrandingByClientResponse
    {
        try validator.validate(request, operation: .describeManagedLoginBrandingByClient)
        let branding = try await read { reader -> ManagedLoginBrandingType in
            _ = try await requirePool(request.userPoolId, in: reader)
            guard let client = try await reader.client(id: request.clientId), client.userPoolId == request.userPoolId else {
                throw CognitoError.clientNotFound(request.clientId)
            }
            guard let branding = try await reader.managedLoginBranding(clientId: request.clientId) else {
                throw CognitoError.resourceNotFound("The client \(request.clientId) has no managed login branding.")
            }
            return branding
        }
        return DescribeManagedLoginBrandingByClientResponse(
            managedLoginBranding: Self.merged(branding, if: request.returnMergedResources == true))
    }

    /// Replaces the settings and the assets the request gives; `UseCognitoProvidedValues`
    /// drops both for the default look.
    public func updateManagedLoginBranding(_ request: UpdateManagedLoginBrandingRequest) async throws -> UpdateManagedLoginBrandingResponse {
        try validator.validate(request, operation: .updateManagedLoginBranding)
        guard let poolId = request.userPoolId, let id = request.managedLoginBrandingId else {
            throw CognitoError.invalidParameter("UserPoolId and ManagedLoginBrandingId are required.")
        }
        let updated = try await write { writer -> ManagedLoginBrandingType in
            let current = try await requireBranding(id, poolId: poolId, in: writer)
            let keepsOwn = request.useCognitoProvidedValues != true
            let branding = try Self.branding(
                id: id, poolId: poolId, useCognitoProvidedValues: request.useCognitoProvidedValues,
                settings: request.settings ?? (keepsOwn ? current.settings : nil), assets: request.assets ?? (keepsOwn ? current.assets : nil),
                created: current.creationDate ?? clock.now, modified: clock.now)
            try await writer.updateManagedLoginBranding(branding)
            return branding
        }
        return UpdateManagedLoginBrandingResponse(managedLoginBranding: updated)
    }

    public func deleteManagedLoginBranding(_ request: DeleteManagedLoginBrandingRequest) async throws {
        try validator.validate(request, operation: .deleteManagedLoginBranding)
        try await write { writer in
            _ = try await requireBranding(request.managedLoginBrandingId, poolId: request.userPoolId, in: writer)
            try await writer.deleteManagedLoginBranding(id: request.managedLoginBrandingId)
        }
    }

    /// One asset's bytes and media type, for the pages that show it.
    public func brandingAsset(poolId: String, brandingId: String, index: Int) async throws -> (data: Data, mediaType: String)? {
        let found = try? await read { reader in try await requireBranding(brandingId, poolId: poolId, in: reader) }
        guard let assets = found?.assets, assets.indices.contains(index), let bytes = assets[index].bytes else { return nil }
        return (bytes, Self.mediaType(assets[index].extension))
    }

    private func requireBranding(_ id: String, poolId: String, in reader: any DirectoryReader) async throws -> ManagedLoginBrandingType {
        let stored = try await requirePool(poolId, in: reader)
        guard let branding = try await reader.managedLoginBranding(poolKey: stored.key, id: id) else {
            throw CognitoError.resourceNotFound("Managed login branding \(id) does not exist.")
        }
        return branding
    }

    /// A branding as stored, its assets checked: each with its bytes (a resource id alone
    /// names nothing Sigil can show), of the kind its extension says, one per category and
    /// colour mode.
    static func branding(
        id: String, poolId: String, useCognitoProvidedValues: Bool?, settings: JSONValue?, assets: [AssetType]?, created: Date, modified: Date
    ) throws -> ManagedLoginBrandingType {
        let useDefaults = useCognitoProvidedValues ?? (settings == nil && (assets ?? []).isEmpty)
        if useCognitoProvidedValues == true, settings != nil || !(assets ?? []).isEmpty {
            throw CognitoError.invalidParameter("Settings and Assets must be empty when UseCognitoProvidedValues is true.")
        }
        if let settings, settings.objectValue == nil { throw CognitoError.invalidParameter("Settings must be a JSON object.") }
        var seen = Set<String>()
        for asset in assets ?? [] {
            guard seen.insert("\(asset.category.rawValue)/\(asset.colorMode.rawValue)").inserted else {
                throw CognitoError.invalidParameter("Duplicate asset for \(asset.category.rawValue) in \(asset.colorMode.rawValue) mode.")
            }
            guard let bytes = asset.bytes, !bytes.isEmpty else {
                throw CognitoError.invalidParameter("The \(asset.category.rawValue) asset has no Bytes.")
            }
            guard matches(bytes, asset.extension) else {
                throw CognitoError.invalidParameter("The \(asset.category.rawValue) asset is not a valid \(asset.extension.rawValue) image.")
            }
        }
        return ManagedLoginBrandingType(
            managedLoginBrandingId: id, userPoolId: poolId, useCognitoProvidedValues: useDefaults, settings: useDefaults ? nil : settings,
            assets: useDefaults ? [] : assets ?? [], creationDate: created, lastModifiedDate: modified)
    }

    /// With `ReturnMergedResources`, the settings Sigil applies: its defaults with the
    /// branding's own settings laid over them.
    static func merged(_ branding: ManagedLoginBrandingType, if merge: Bool) -> ManagedLoginBrandingType {
        guard merge else { return branding }
        var merged = branding
        merged.settings = overlay(defaultBrandingSettings, with: branding.settings ?? [:])
        return merged
    }

    static func overlay(_ base: JSONValue, with top: JSONValue) -> JSONValue {
        guard case .object(var fields) = base, case .object(let over) = top else { return top }
        for (key, value) in over { fields[key] = fields[key].map { overlay($0, with: value) } ?? value }
        return .object(fields)
    }

    /// Sigil's own look (the console themes' colours), in the branding document's terms.
    static let defaultBrandingSettings: JSONValue = [
        "categories": ["global": ["colorSchemeMode": "DYNAMIC"]],
        "components": [
            "primaryButton": [
                "lightMode": ["defaults": ["backgroundColor": "0a50c8ff", "textColor": "ffffffff"]],
                "darkMode": ["defaults": ["backgroundColor": "00c0c0ff", "textColor": "000000ff"]],
            ],
            "pageBackground": ["lightMode": ["color": "ffffffff"], "darkMode": ["color": "121212ff"]],
            "pageText": ["lightMode": ["bodyColor": "1c1c1cff"], "darkMode": ["bodyColor": "d0d0d0ff"]],
        ],
    ]

    static func mediaType(_ kind: AssetExtensionType) -> String {
        switch kind {
        case .ico: return "image/x-icon"
        case .jpeg: return "image/jpeg"
        case .png: return "image/png"
        case .svg: return "image/svg+xml"
        case .webp: return "image/webp"
        }
    }

    private static func matches(_ bytes: Data, _ kind: AssetExtensionType) -> Bool {
        let head = Array(bytes.prefix(12))
        switch kind {
        case .png: return head.starts(with: [0x89, 0x50, 0x4E, 0x47])
        case .jpeg: return head.starts(with: [0xFF, 0xD8, 0xFF])
        case .ico: return head.starts(with: [0x00, 0x00, 0x01, 0x00])
        case .webp: return head.count == 12 && head[0..<4] == [0x52, 0x49, 0x46, 0x46] && head[8..<12] == [0x57, 0x45, 0x42, 0x50]
        case .svg: return String(decoding: bytes.prefix(1_024), as: UTF8.self).contains("<svg")
        }
    }
}
