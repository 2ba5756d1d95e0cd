import Foundation

/// Turns the `Schema` of CreateUserPool (and the attributes of AddCustomAttributes)
/// into the pool's SchemaAttributes: the standard attributes, with any overrides the
/// request makes, followed by the custom ones as `custom:<name>`.
enum SchemaBuilder {
    static let maxCustomAttributes = 50

    static func build(_ requested: [SchemaAttributeType]?) throws -> [SchemaAttributeType] {
        var standard = StandardAttributes.all
        var custom: [SchemaAttributeType] = []
        var seen = Set<String>()
        for attribute in requested ?? [] {
            guard let name = attribute.name, !name.isEmpty else {
                throw CognitoError.invalidParameter("A schema attribute needs a Name.")
            }
            guard seen.insert(name).inserted else {
                throw CognitoError.invalidParameter("Duplicate attribute name \(name) in Schema.")
            }
            if let index = standard.firstIndex(where: { $0.name == name }) {
                standard[index] = try overriding(standard[index], with: attribute)
            } else {
                custom.append(try customAttribute(attribute))
            }
        }
        if custom.count > maxCustomAttributes {
            throw CognitoError.invalidParameter("A user pool can have at most \(maxCustomAttributes) custom attributes.")
        }
        return standard + custom
    }

    /// Appends custom attributes to an existing schema (AddCustomAttributes).
    static func adding(_ requested: [SchemaAttributeType], to schema: [SchemaAttributeType]) throws -> [SchemaAttributeType] {
        let existing = Set(schema.compactMap(\.name))
        var result = schema
        for attribute in requested {
            let built = try customAttribute(attribute)
            let name = built.name ?? ""
            if existing.contains(name) || result.contains(where: { $0.name == name }) {
                throw CognitoError.invalidParameter("\(name): Existing attribute already has name \(name).")
            }
            result.append(built)
        }
        let customCount = result.filter { !StandardAttributes.names.contains($0.name ?? "") }.count
        if customCount > maxCustomAttributes {
            throw CognitoError.invalidParameter("A user pool can have at most \(maxCustomAttributes) custom attributes.")
        }
        return result
    }

    private static func overriding(_ base: SchemaAttributeType, with given: SchemaAttributeType) throws -> SchemaAttributeType {
        let name = base.name ?? ""
        if let type = given.attributeDataType, type != base.attributeDataType {
            throw CognitoError.invalidParameter(
                "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute \(name)")
        }
        if given.developerOnlyAttribute == true {
            throw CognitoError.invalidParameter(
                "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute \(name)")
        }
        if name == "sub" && (given.mutable == true || given.required == false) {
            throw CognitoError.invalidParameter("The sub attribute is required and can not be changed.")
        }
        var result = base
        result.mutable = given.mutable ?? base.mutable
        result.required = given.required ?? base.required
        if base.attributeDataType == .string, let constraints = given.stringAttributeConstraints {
            result.stringAttributeConstraints = try checked(constraints, for: name)
        }
        if base.attributeDataType == .number, let constraints = given.numberAttributeConstraints {
            result.numberAttributeConstraints = try checked(constraints, for: name)
        }
        return result
    }

    private static func customAttribute(_ given: SchemaAttributeType) throws -> SchemaAttributeType {
        guard let rawName = given.name, !rawName.isEmpty else {
            throw CognitoError.invalidParameter("A schema attribute needs a Name.")
        }
        // Cognito always adds the prefix, even to a name that already has it.
        let bare = rawName
        if given.required == true {
            throw CognitoError.invalidParameter("Required custom attributes are not supported currently.")
        }
        let developerOnly = given.developerOnlyAttribute ?? false
        guard let type = given.attributeDataType else {
            throw CognitoError.invalidParameter("Invalid AttributeDataType input, consider using the provided AttributeDataType enum.")
        }
        let name = (developerOnly ? "dev:custom:" : "custom:") + bare
        var result = SchemaAttributeType(
            name: name, attributeDataType: type, developerOnlyAttribute: developerOnly, mutable: given.mutable ?? true, required: false)
        switch type {
        case .string:
            result.stringAttributeConstraints = try checked(given.stringAttributeConstraints ?? StringAttributeConstraintsType(), for: name)
        case .number:
            result.numberAttributeConstraints = try checked(given.numberAttributeConstraints ?? NumberAttributeConstraintsType(), for: name)
        case .dateTime, .boolean:
            break
        }
        return result
    }

    /// String limits as Cognito checks them; `name` is the attribute's full name.
    private static func checked(_ constraints: StringAttributeConstraintsType, for name: String) throws -> StringAttributeConstraintsType {
        let min = try limit(constraints.minLength, "StringAttributeConstraints", name)
        let max = try limit(constraints.maxLength, "StringAttributeConstraints", name)
        if (min ?? 0) > 2048 || (max ?? 0) > 2048 {
            throw CognitoError.invalidParameter("user.\(name): String attributes cannot have a length of more than 2048")
        }
        if let min, let max, max < min {
            throw CognitoError.invalidParameter("user.\(name): Max length cannot be less than min length.")
        }
        return constraints
    }

    private static func checked(_ constraints: NumberAttributeConstraintsType, for name: String) throws -> NumberAttributeConstraintsType {
        let min = try limit(constraints.minValue, "NumberAttributeConstraints", name, allowNegative: true)
        let max = try limit(constraints.maxValue, "NumberAttributeConstraints", name, allowNegative: true)
        if let min, let max, max < min {
            throw CognitoError.invalidParameter("user.\(name): Max value cannot be less than min value.")
        }
        return constraints
    }

    private static func limit(_ text: String?, _ label: String, _ name: String, allowNegative: Bool = false) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), allowNegative || value >= 0 else {
            throw CognitoError.invalidParameter("Invalid \(label) for schema attribute \(name)")
        }
        return value
    }
}
