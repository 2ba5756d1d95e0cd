import Foundation

/// Cognito's standard user attributes, in the order DescribeUserPool lists them, with
/// the type and constraints a pool created without a `Schema` gets.
enum StandardAttributes {
    static let all: [SchemaAttributeType] = [
        string("sub", mutable: false, required: true, min: 1),
        string("name"),
        string("given_name"),
        string("family_name"),
        string("middle_name"),
        string("nickname"),
        string("preferred_username"),
        string("profile"),
        string("picture"),
        string("website"),
        string("email"),
        boolean("email_verified"),
        string("gender"),
        string("birthdate", min: 10, max: 10),
        string("zoneinfo"),
        string("locale"),
        string("phone_number"),
        boolean("phone_number_verified"),
        string("address"),
        SchemaAttributeType(
            name: "updated_at", attributeDataType: .number, developerOnlyAttribute: false, mutable: true,
            required: false, numberAttributeConstraints: NumberAttributeConstraintsType(minValue: "0")),
    ]

    static let names: Set<String> = Set(all.compactMap(\.name)).union(["identities"])

    /// Attributes whose value is set by Cognito rather than by callers.
    static let managed: Set<String> = ["sub", "identities"]

    /// Attributes ListUsers can filter on, with the store column for each.
    static let searchable: [String: SearchColumn] = [
        "username": .usernameKey, "email": .email, "phone_number": .phoneNumber, "name": .name,
        "given_name": .givenName, "family_name": .familyName, "preferred_username": .preferredUsername,
        "cognito:user_status": .status, "sub": .sub,
    ]

    private static func string(_ name: String, mutable: Bool = true, required: Bool = false, min: Int = 0, max: Int = 2048)
        -> SchemaAttributeType
    {
        SchemaAttributeType(
            name: name, attributeDataType: .string, developerOnlyAttribute: false, mutable: mutable,
            required: required,
            stringAttributeConstraints: StringAttributeConstraintsType(minLength: String(min), maxLength: String(max)))
    }

    private static func boolean(_ name: String) -> SchemaAttributeType {
        SchemaAttributeType(
            name: name, attributeDataType: .boolean, developerOnlyAttribute: false, mutable: true, required: false)
    }
}
