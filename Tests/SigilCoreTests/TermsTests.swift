import Foundation
import SigilCore
import Testing

@Suite struct TermsTests {
    let test: TestEngine
    let poolId: String
    let clientId: String

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool()
        clientId = try await test.engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: poolId, clientName: "web")).userPoolClient!
            .clientId!
    }

    func create(_ name: String, links: [String: String] = ["cognito:default": "https://shop.example/terms"]) async throws -> TermsType? {
        try await test.engine.createTerms(
            CreateTermsRequest(userPoolId: poolId, clientId: clientId, termsName: name, termsSource: .link, enforcement: .none, links: links)
        ).terms
    }

    @Test func oneOfEachPerClientDescribedListedUpdatedAndDeleted() async throws {
        let terms = try #require(try await create("terms-of-use"))
        #expect(terms.clientId == clientId && terms.links["cognito:default"] == "https://shop.example/terms")
        await expectError(.termsExistsException) { _ = try await create("terms-of-use") }
        let privacy = try #require(try await create("privacy-policy"))
        await expectError(.invalidParameterException) { _ = try await create("cookies") }

        #expect(try await test.engine.describeTerms(DescribeTermsRequest(termsId: terms.termsId, userPoolId: poolId)).terms == terms)
        let byClient = try await test.engine.describeTermsByClient(
            DescribeTermsByClientRequest(clientId: clientId, userPoolId: poolId, termsName: "privacy-policy"))
        #expect(byClient.terms == privacy)
        let listed = try await test.engine.listTerms(ListTermsRequest(userPoolId: poolId, maxResults: 1))
        #expect(listed.terms.count == 1 && listed.nextToken != nil)
        let rest = try await test.engine.listTerms(ListTermsRequest(userPoolId: poolId, maxResults: 1, nextToken: listed.nextToken))
        #expect(Set((listed.terms + rest.terms).map(\.termsId)) == [terms.termsId, privacy.termsId] && rest.nextToken == nil)

        test.clock.advance(by: 60)
        let updated = try await test.engine.updateTerms(
            UpdateTermsRequest(termsId: terms.termsId, userPoolId: poolId, links: ["cognito:default": "https://shop.example/terms-v2"])
        ).terms
        #expect(updated?.links["cognito:default"] == "https://shop.example/terms-v2" && updated?.termsName == "terms-of-use")
        #expect(updated!.lastModifiedDate > updated!.creationDate)
        await expectError(.termsExistsException) {
            _ = try await test.engine.updateTerms(UpdateTermsRequest(termsId: terms.termsId, userPoolId: poolId, termsName: "privacy-policy"))
        }

        try await test.engine.deleteTerms(DeleteTermsRequest(termsId: terms.termsId, userPoolId: poolId))
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.describeTerms(DescribeTermsRequest(termsId: terms.termsId, userPoolId: poolId))
        }
        // Terms go with their client.
        try await test.engine.deleteUserPoolClient(DeleteUserPoolClientRequest(userPoolId: poolId, clientId: clientId))
        #expect(try await test.engine.listTerms(ListTermsRequest(userPoolId: poolId)).terms.isEmpty)
    }

    @Test func termsBelongToAClientOfThePool() async throws {
        await expectError(.resourceNotFoundException, "User pool client nosuchclient does not exist.") {
            _ = try await test.engine.createTerms(
                CreateTermsRequest(
                    userPoolId: poolId, clientId: "nosuchclient", termsName: "terms-of-use", termsSource: .link, enforcement: .none,
                    links: ["cognito:default": "https://x.example"]))
        }
        await expectError(.invalidParameterException) { _ = try await create("terms-of-use", links: ["klingon": "https://x.example"]) }
    }
}
