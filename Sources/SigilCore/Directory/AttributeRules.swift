import Foundation

/// A pool's attribute schema applied to user attributes: which names exist, which may
/// change, which are required, and what values each accepts.
struct AttributeRules {
    let pool: UserPoolType
    let schema: [String: SchemaAttributeType]
    /// Attribute names in the order responses list them.
    let order: [String]

    init(pool: UserPoolType) {
        self.pool = pool
        let attributes = pool.schemaAttributes ?? StandardAttributes.all
        var schema: [String: SchemaAttributeType] = [:]
        for attribute in attributes { if let name = attribute.name { schema[name] = attribute } }
        self.schema = schema
        self.order = attributes.compactMap(\.name)
    }

    static let schemaPrefix = "Attributes did not conform to the schema: "

    /// Checks names and values of attributes a caller sets; `creating` allows values
    /// for attributes that are not mutable. Later entries win over earlier ones.
    func checked(_ attributes: [AttributeType], creating: Bool) throws -> [String: String] {
        var result: [String: String] = [:]
        for attribute in attributes {
            let name = attribute.name
            guard let definition = schema[name] else {
                throw CognitoError.invalidParameter(Self.schemaPrefix + "Type for attribute {\(name)} could not be determined")
            }
            if name == "sub" || name == "identities" || (!creating && definition.mutable == false) {
                throw CognitoError.invalidParameter("Cannot modify the non-mutable attribute \(name)")
            }
            var value = attribute.value ?? ""
            if definition.attributeDataType == .boolean, ["true", "false"].contains(value.lowercased()) {
                // Cognito takes "True", "FALSE" …; it keeps the lowercase form.
                value = value.lowercased()
            }
            if !value.isEmpty { try check(value, of: definition) }
            result[name] = value
        }
        if let email = result["email"], !email.isEmpty, !Self.isEmail(email) {
            throw CognitoError.invalidParameter("Invalid email address format.")
        }
        if let phone = result["phone_number"], !phone.isEmpty, !Self.isPhone(phone) {
            throw CognitoError.invalidParameter("Invalid phone number format.")
        }
        return result
    }

    /// Names of required attributes that `attributes` lacks, in schema order.
    func missingRequired(in attributes: [String: String]) -> [String] {
        order.filter { name in
            schema[name]?.required == true && name != "sub" && (attributes[name] ?? "").isEmpty
        }
    }

    func requireAll(in attributes: [String: String]) throws {
        let missing = missingRequired(in: attributes)
        if !missing.isEmpty {
            throw CognitoError.invalidParameter(
                Self.schemaPrefix + missing.map { "\($0): The attribute is required" }.joined(separator: " "))
        }
    }

    /// Attributes as the API lists them: `sub` first, then schema order.
    func listed(_ attributes: [String: String], only names: Set<String>? = nil) -> [AttributeType] {
        let known = order.filter { attributes[$0] != nil }
        let extra = attributes.keys.filter { schema[$0] == nil }.sorted()
        return (known + extra)
            .filter { names?.contains($0) ?? true }
            .map { AttributeType(name: $0, value: attributes[$0]) }
    }

    private func check(_ value: String, of definition: SchemaAttributeType) throws {
        let name = definition.name ?? ""
        switch definition.attributeDataType ?? .string {
        case .string:
            let length = value.count
            if let min = definition.stringAttributeConstraints?.minLength.flatMap(Int.init), length < min {
                throw CognitoError.invalidParameter(Self.schemaPrefix + "\(name): String must be no shorter than \(min) characters")
            }
            if let max = definition.stringAttributeConstraints?.maxLength.flatMap(Int.init), length > max {
                throw CognitoError.invalidParameter(Self.schemaPrefix + "\(name): String must be no longer than \(max) characters")
            }
        case .number:
            guard let number = Double(value), number.isFinite else {
                throw CognitoError.invalidParameter(Self.schemaPrefix + "\(name): Number is not valid")
            }
            if let min = definition.numberAttributeConstraints?.minValue.flatMap(Double.init), number < min {
                throw CognitoError.invalidParameter(Self.schemaPrefix + "\(name): Number must be no less than \(Self.plain(min))")
            }
            if let max = definition.numberAttributeConstraints?.maxValue.flatMap(Double.init), number > max {
                throw CognitoError.invalidParameter(Self.schemaPrefix + "\(name): Number must be no greater than \(Self.plain(max))")
            }
        case .boolean:
            guard value == "true" || value == "false" else {
                throw CognitoError.invalidParameter(Self.schemaPrefix + "\(name): Value must be true or false")
            }
        case .dateTime:
            break
        }
    }

    private static func plain(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && !text.contains(where: { $0.isWhitespace })
    }

    static func isPhone(_ text: String) -> Bool {
        text.count >= 2 && text.first == "+" && text.dropFirst().allSatisfy { ("0"..."9").contains($0) }
    }
}
