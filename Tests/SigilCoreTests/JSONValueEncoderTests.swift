import Foundation
import SigilCrypto
import SigilJSON
import Testing

@testable import SigilCore

@Suite struct JSONValueEncoderTests {
    /// The tree encoder gives the same JSON as encoding to text and parsing it back.
    @Test func matchesJSONEncoder() throws {
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

    @Test func datesAreEpochSeconds() throws {
        let group = GroupType(groupName: "g", creationDate: Date(timeIntervalSince1970: 1_700_000_000.5))
        #expect(try JSONValueEncoder().encode(group)["CreationDate"]?.doubleValue == 1_700_000_000.5)
        #expect(try JSONValueEncoder().encode(group)["Description"] == nil)
    }
}
