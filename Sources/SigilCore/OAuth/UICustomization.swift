import Foundation

/// The classic hosted UI's look: CSS limited to Cognito's `-customizable` classes and a
/// logo, for the whole pool or one app client. A pool needs a domain first.
extension Engine {
    /// The classes Cognito lets the CSS style.
    static let customizableClasses: Set<String> = [
        "background-customizable", "banner-customizable", "errorMessage-customizable", "idpButton-customizable", "idpButton-customizable:hover",
        "idpDescription-customizable", "inputField-customizable", "inputField-customizable:focus", "label-customizable",
        "legalText-customizable", "logo-customizable", "passwordCheck-valid-customizable", "passwordCheck-notValid-customizable",
        "redirect-customizable", "socialButton-customizable", "submitButton-customizable", "submitButton-customizable:hover",
        "textDescription-customizable",
    ]
    /// The largest logo Cognito takes.
    static let maxLogoBytes = 100 * 1_024

    /// Replaces the CSS and the logo (either left out is cleared).
    public func setUICustomization(_ request: SetUICustomizationRequest) async throws -> SetUICustomizationResponse {
        try validator.validate(request, operation: .setUICustomization)
        let clientId = request.clientId ?? StoredUICustomization.wholePool
        let css = request.css.flatMap { $0.isEmpty ? nil : $0 }
        if let css { try Self.checkCSS(css) }
        if let image = request.imageFile { try Self.checkLogo(image) }
        let now = clock.now
        let saved = try await write { writer -> StoredUICustomization in
            let stored = try await requireCustomizablePool(request.userPoolId, clientId: clientId, in: writer)
            let created = try await writer.uiCustomization(poolKey: stored.key, clientId: clientId)?.created ?? now
            let customization = StoredUICustomization(clientId: clientId, css: css, image: request.imageFile, created: created, modified: now)
            try await writer.saveUICustomization(poolKey: stored.key, customization)
            return customization
        }
        return SetUICustomizationResponse(uiCustomization: described(saved, poolId: request.userPoolId))
    }

    /// The client's own customization, else the pool's (with ClientId "ALL"), else an empty one.
    public func getUICustomization(_ request: GetUICustomizationRequest) async throws -> GetUICustomizationResponse {
        try validator.validate(request, operation: .getUICustomization)
        let clientId = request.clientId ?? StoredUICustomization.wholePool
        let found = try await read { reader -> StoredUICustomization? in
            let stored = try await requireCustomizablePool(request.userPoolId, clientId: clientId, in: reader)
            if let own = try await reader.uiCustomization(poolKey: stored.key, clientId: clientId) { return own }
            return try await reader.uiCustomization(poolKey: stored.key, clientId: StoredUICustomization.wholePool)
        }
        return GetUICustomizationResponse(uiCustomization: found.map { described($0, poolId: request.userPoolId) } ?? UICustomizationType())
    }

    /// The logo as stored, for the page that serves it: the bytes and their media type.
    public func uiLogo(poolId: String, clientId: String) async throws -> (data: Data, mediaType: String)? {
        try await read { reader in
            guard let stored = try await reader.pool(id: poolId),
                let image = try await reader.uiCustomization(poolKey: stored.key, clientId: clientId)?.image
            else { return nil }
            return (image, image.starts(with: [0x89, 0x50, 0x4E, 0x47]) ? "image/png" : "image/jpeg")
        }
    }

    private func requireCustomizablePool(_ poolId: String, clientId: String, in reader: any DirectoryReader) async throws -> StoredPool {
        let stored = try await requirePool(poolId, in: reader)
        guard try await !reader.domains(poolKey: stored.key).isEmpty else {
            throw CognitoError.invalidParameter("There has to be an existing domain associated with this user pool")
        }
        if clientId != StoredUICustomization.wholePool {
            guard let client = try await reader.client(id: clientId), client.userPoolId == poolId else {
                throw CognitoError.clientNotFound(clientId)
            }
        }
        return stored
    }

    func described(_ customization: StoredUICustomization, poolId: String) -> UICustomizationType {
        let version = Self.domainVersion(customization.modified)
        return UICustomizationType(
            userPoolId: poolId, clientId: customization.clientId,
            imageUrl: customization.image == nil
                ? nil : "\(configuration.endpoint)/\(poolId)/\(customization.clientId)/\(version)/assets/images/image.jpg",
            css: customization.css, cssVersion: version, lastModifiedDate: customization.modified, creationDate: customization.created)
    }

    /// Rules for the customizable classes only: no at-rules, no other selectors.
    static func checkCSS(_ css: String) throws {
        let withoutComments = css.replacing(/\/\*[\s\S]*?\*\//, with: "")
        if withoutComments.contains("@") { throw CognitoError.invalidParameter("The CSS may not contain at-rules such as @import or @media.") }
        var rest = Substring(withoutComments)
        while let open = rest.firstIndex(of: "{") {
            let selectors = rest[..<open].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            for selector in selectors where !(selector.hasPrefix(".") && customizableClasses.contains(String(selector.dropFirst()))) {
                throw CognitoError.invalidParameter(
                    "The CSS selector \(selector) is not allowed: only Cognito's -customizable classes can be styled.")
            }
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw CognitoError.invalidParameter("The CSS is not well formed: a rule is not closed.")
            }
            rest = rest[rest.index(after: close)...]
        }
        guard rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CognitoError.invalidParameter("The CSS is not well formed: text outside a rule.")
        }
    }

    /// A PNG or JPEG of at most 100 KB.
    static func checkLogo(_ image: Data) throws {
        let png = image.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let jpeg = image.starts(with: [0xFF, 0xD8, 0xFF])
        guard (png || jpeg) && image.count <= maxLogoBytes else {
            throw CognitoError.invalidParameter("The uploaded image must be a PNG or JPEG file of at most 100 KB.")
        }
    }
}
