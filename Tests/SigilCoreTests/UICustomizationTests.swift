import Foundation
import SigilCore
import Testing

@Suite struct UICustomizationTests {
    let test: TestEngine
    let poolId: String
    let clientId: String
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 32))

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool()
        clientId = try await test.engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: poolId, clientName: "web")).userPoolClient!
            .clientId!
    }

    func addDomain() async throws {
        _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "shop", userPoolId: poolId))
    }

    @Test func aPoolNeedsADomainFirst() async throws {
        await expectError(.invalidParameterException, "There has to be an existing domain associated with this user pool") {
            _ = try await test.engine.getUICustomization(GetUICustomizationRequest(userPoolId: poolId))
        }
        await expectError(.invalidParameterException, "There has to be an existing domain associated with this user pool") {
            _ = try await test.engine.setUICustomization(
                SetUICustomizationRequest(userPoolId: poolId, css: ".label-customizable {font-weight: 400;}"))
        }
    }

    @Test func aClientFallsBackToThePoolsLook() async throws {
        try await addDomain()
        #expect(try await test.engine.getUICustomization(GetUICustomizationRequest(userPoolId: poolId)).uiCustomization == UICustomizationType())
        let css =
            "/* brand */ .banner-customizable { background-color: #123456; }\n.submitButton-customizable:hover, .label-customizable {color: red}"
        let set = try await test.engine.setUICustomization(SetUICustomizationRequest(userPoolId: poolId, css: css, imageFile: Self.png))
            .uiCustomization
        #expect(set.clientId == "ALL" && set.css == css && set.cssVersion?.count == 14)
        #expect(set.imageUrl?.hasSuffix("/\(poolId)/ALL/\(set.cssVersion!)/assets/images/image.jpg") == true)
        let forClient = try await test.engine.getUICustomization(GetUICustomizationRequest(userPoolId: poolId, clientId: clientId)).uiCustomization
        #expect(forClient == set)

        test.clock.advance(by: 5)
        let own = try await test.engine.setUICustomization(
            SetUICustomizationRequest(userPoolId: poolId, clientId: clientId, css: ".logo-customizable {max-width: 60%;}")
        ).uiCustomization
        #expect(own.clientId == clientId && own.imageUrl == nil)
        #expect(try await test.engine.getUICustomization(GetUICustomizationRequest(userPoolId: poolId, clientId: clientId)).uiCustomization == own)
        let logo = try await test.engine.uiLogo(poolId: poolId, clientId: "ALL")
        #expect(logo?.data == Self.png && logo?.mediaType == "image/png")

        // A set with neither CSS nor a logo clears them; the first creation date stays.
        test.clock.advance(by: 5)
        let cleared = try await test.engine.setUICustomization(SetUICustomizationRequest(userPoolId: poolId, clientId: clientId)).uiCustomization
        #expect(cleared.css == nil && cleared.imageUrl == nil && cleared.creationDate == own.creationDate)
        #expect(cleared.lastModifiedDate! > own.lastModifiedDate!)
    }

    @Test func onlyTheCustomizableClassesAndSmallLogos() async throws {
        try await addDomain()
        for css in [
            "body { color: red; }", ".banner-customizable img { width: 1px; }", "@import url(x.css);", ".label-customizable { color: red;", "stray",
        ] {
            await expectError(.invalidParameterException) {
                _ = try await test.engine.setUICustomization(SetUICustomizationRequest(userPoolId: poolId, css: css))
            }
        }
        await expectError(.invalidParameterException, "The uploaded image must be a PNG or JPEG file of at most 100 KB.") {
            _ = try await test.engine.setUICustomization(SetUICustomizationRequest(userPoolId: poolId, imageFile: Data("GIF89a".utf8)))
        }
        let large = Self.png + Data(count: 100 * 1_024)
        await expectError(.invalidParameterException, "The uploaded image must be a PNG or JPEG file of at most 100 KB.") {
            _ = try await test.engine.setUICustomization(SetUICustomizationRequest(userPoolId: poolId, imageFile: large))
        }
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.setUICustomization(SetUICustomizationRequest(userPoolId: poolId, clientId: "nosuchclient", css: nil))
        }
        // Nothing was stored by the refusals.
        #expect(try await test.engine.getUICustomization(GetUICustomizationRequest(userPoolId: poolId)).uiCustomization == UICustomizationType())
    }
}
