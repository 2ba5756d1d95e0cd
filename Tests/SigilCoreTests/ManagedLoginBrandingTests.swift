import Foundation
import SigilCore
import SigilJSON
import Testing

/// Managed login branding: one per app client, its settings kept whole, its assets
/// checked, and its colours and logo applied to the pages of a version 2 domain.
@Suite struct ManagedLoginBrandingTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])
    static let settings: JSONValue = [
        "categories": ["global": ["colorSchemeMode": "LIGHT"]],
        "components": ["primaryButton": ["lightMode": ["defaults": ["backgroundColor": "aa2200ff"]]]],
    ]
    let test: TestEngine
    let poolId: String
    let clientId: String

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool()
        clientId = try await test.engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: poolId, clientName: "web", supportedIdentityProviders: ["COGNITO"], callbackURLs: ["https://app.example/cb"],
                allowedOAuthFlows: [.code],
                allowedOAuthScopes: ["openid"], allowedOAuthFlowsUserPoolClient: true)
        ).userPoolClient!.clientId!
        _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "branded", userPoolId: poolId, managedLoginVersion: 2))
    }

    func create(settings: JSONValue? = settings, assets: [AssetType]? = nil, defaults: Bool? = nil) async throws -> ManagedLoginBrandingType {
        try await test.engine.createManagedLoginBranding(
            CreateManagedLoginBrandingRequest(
                userPoolId: poolId, clientId: clientId, useCognitoProvidedValues: defaults, settings: settings, assets: assets)
        ).managedLoginBranding!
    }

    @Test func oneBrandingPerClientDescribedByIdAndByClient() async throws {
        let logo = AssetType(category: .formLogo, colorMode: .light, extension: .png, bytes: Self.png)
        let branding = try await create(assets: [logo])
        #expect(branding.useCognitoProvidedValues == false && branding.settings == Self.settings && branding.assets == [logo])
        await expectError(.managedLoginBrandingExistsException) { _ = try await create() }
        let byId = try await test.engine.describeManagedLoginBranding(
            DescribeManagedLoginBrandingRequest(userPoolId: poolId, managedLoginBrandingId: branding.managedLoginBrandingId!))
        #expect(byId.managedLoginBranding == branding)
        let merged = try await test.engine.describeManagedLoginBrandingByClient(
            DescribeManagedLoginBrandingByClientRequest(userPoolId: poolId, clientId: clientId, returnMergedResources: true))
        // Merged: the branding's own values over Sigil's defaults.
        #expect(merged.managedLoginBranding?.settings?["categories"]?["global"]?["colorSchemeMode"] == "LIGHT")
        #expect(merged.managedLoginBranding?.settings?["components"]?["pageBackground"]?["darkMode"]?["color"] == "121212ff")

        let defaults = try await test.engine.updateManagedLoginBranding(
            UpdateManagedLoginBrandingRequest(
                userPoolId: poolId, managedLoginBrandingId: branding.managedLoginBrandingId, useCognitoProvidedValues: true)
        ).managedLoginBranding!
        #expect(defaults.settings == nil && defaults.assets == [] && defaults.useCognitoProvidedValues == true)
        try await test.engine.deleteManagedLoginBranding(
            DeleteManagedLoginBrandingRequest(managedLoginBrandingId: branding.managedLoginBrandingId!, userPoolId: poolId))
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.describeManagedLoginBrandingByClient(
                DescribeManagedLoginBrandingByClientRequest(userPoolId: poolId, clientId: clientId))
        }
    }

    @Test func badBrandingsAreRefusedAndChangeNothing() async throws {
        await expectError(.invalidParameterException) { _ = try await create(defaults: true) }
        await expectError(.invalidParameterException) {
            _ = try await create(assets: [AssetType(category: .formLogo, colorMode: .light, extension: .jpeg, bytes: Self.png)])
        }
        let logo = AssetType(category: .formLogo, colorMode: .dark, extension: .png, bytes: Self.png)
        await expectError(.invalidParameterException) { _ = try await create(assets: [logo, logo]) }
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.createManagedLoginBranding(CreateManagedLoginBrandingRequest(userPoolId: poolId, clientId: "nope"))
        }
        // The settings must be an object; the model accepts any JSON there.
        await expectError(.invalidParameterException) { _ = try await create(settings: "not an object") }
        _ = try await create()
    }

    @Test func thePagesOfAVersionTwoDomainUseTheBranding() async throws {
        let request = try await test.engine.authorizeRequest(
            ["client_id": clientId, "response_type": "code", "redirect_uri": "https://app.example/cb"], host: nil)
        #expect(try await test.engine.loginPageSettings(request).palette == .standard)
        let branding = try await create(assets: [AssetType(category: .formLogo, colorMode: .light, extension: .png, bytes: Self.png)])
        let settings = try await test.engine.loginPageSettings(request)
        #expect(settings.palette.page.first { $0.role == "accent" }?.value == "#aa2200ff")
        // LIGHT pins the light colours, whatever the browser prefers.
        #expect(settings.palette.prefersDark == settings.palette.page)
        #expect(settings.logoURL?.hasSuffix("/\(poolId)/managed-login/assets/\(branding.managedLoginBrandingId!)/0") == true)
        let asset = try await test.engine.brandingAsset(poolId: poolId, brandingId: branding.managedLoginBrandingId!, index: 0)
        #expect(asset?.data == Self.png && asset?.mediaType == "image/png")
        #expect(try await test.engine.brandingAsset(poolId: poolId, brandingId: branding.managedLoginBrandingId!, index: 1) == nil)
    }

    @Test func colourValuesThatAreNotHexAreIgnored() {
        let palette = LoginPalette(branding: ["components": ["pageBackground": ["lightMode": ["color": "red; } body { x"]]]])
        #expect(palette.page.first { $0.role == "background" }?.value == "#ffffff")
    }
}
