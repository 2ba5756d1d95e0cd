import Foundation
import SigilCrypto
import SigilJSON
import Testing

@testable import SigilCore

@Suite struct JSONValueEncoderTests {
    /// The tree encoder gives the same JSON as encoding to text and parsing it back.
    @Test func matchesJSONEncoder() async throws {
        let request = CreateUserPoolRequest(
            poolName: "p", policies: UserPoolPolicyType(passwordPolicy: PasswordPolicyType(minimumLength: 10, requireSymbols: false)),
            autoVerifiedAttributes: [.email], aliasAttributes: [.email, .preferredUsername], userPoolTags: ["team": "blue", "cost": "42"],
            schema: [
                SchemaAttributeType(
                    name: "tier", attributeDataType: .string, stringAttributeConstraints: StringAttributeConstraintsType(minLength: "1"))
            ])
        let viaText = try JSONDecoder().decode(JSONValue.self, from: JSONCoding.encoder.encode(request))
        #expect(try JSONValueEncoder().encode(request) == viaText)
    }

    @Test func datesAreEpochSeconds() async throws {
        let group = GroupType(groupName: "g", creationDate: Date(timeIntervalSince1970: 1_700_000_000.5))
        #expect(try JSONValueEncoder().encode(group)["CreationDate"]?.doubleValue == 1_700_000_000.5)
        #expect(try JSONValueEncoder().encode(group)["Description"] == nil)
    }
}

@Suite struct JSONValueDecoderTests {
    /// A request read from the parsed tree is the one JSONDecoder reads from the text.
    @Test func matchesJSONDecoder() async throws {
        let text = Data(
            #"""
            {"PoolName":"p","Policies":{"PasswordPolicy":{"MinimumLength":10,"RequireSymbols":false}},
             "AutoVerifiedAttributes":["email"],"UserPoolTags":{"team":"blue"},
             "Schema":[{"Name":"tier","AttributeDataType":"String","StringAttributeConstraints":{"MinLength":"1"}}]}
            """#.utf8)
        let tree = try JSONValue(json: [UInt8](text))
        let fromTree = try JSONValueDecoder().decode(CreateUserPoolRequest.self, from: tree)
        #expect(fromTree == (try JSONCoding.decoder.decode(CreateUserPoolRequest.self, from: text)))
        #expect(fromTree.policies?.passwordPolicy?.minimumLength == 10)
        #expect(fromTree.schema?.first?.attributeDataType == .string)
    }

    @Test func datesDataAndWrongTypes() async throws {
        let group = try JSONValueDecoder().decode(GroupType.self, from: ["GroupName": "g", "CreationDate": 1_700_000_000.5])
        #expect(group.creationDate == Date(timeIntervalSince1970: 1_700_000_000.5))
        #expect(throws: DecodingError.self) { _ = try JSONValueDecoder().decode(GroupType.self, from: ["GroupName": 7]) }
        #expect(throws: DecodingError.self) { _ = try JSONValueDecoder().decode(ListUserPoolsRequest.self, from: ["MaxResults": 2.5]) }
        #expect(try JSONValueDecoder().decode(ListUserPoolsRequest.self, from: ["MaxResults": 2.0]).maxResults == 2)
        #expect(throws: DecodingError.self) { _ = try JSONValueDecoder().decode(ListUserPoolsRequest.self, from: [:]) }
    }

    /// Checked once at the edge: while the flag is set the engine does not check again (the
    /// server sets it only around requests its dispatch has checked).
    @Test func theEngineSkipsItsCheckOnlyForRequestsCheckedAtTheEdge() async throws {
        let test = try TestEngine()
        let invalid = ListUserPoolsRequest(maxResults: 0)
        await expectError(.invalidParameterException) { _ = try await test.engine.listUserPools(invalid) }
        let skipped = try await RequestValidator.$checkedAtEdge.withValue(true) {
            try await test.engine.listUserPools(ListUserPoolsRequest(maxResults: 5))
        }
        #expect(skipped.userPools?.isEmpty == true)
        await #expect(throws: Never.self) {
            try await RequestValidator.$checkedAtEdge.withValue(true) { try await test.engine.createUserPool(CreateUserPoolRequest(poolName: "")) }
        }
    }
}
