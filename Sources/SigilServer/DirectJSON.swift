import Foundation
import SigilCore
import SigilCrypto
import SigilJSON

/// A response written straight to JSON bytes. The busiest responses (users and tokens)
/// take this path; JSONEncoder costs several times more than the work behind them. The
/// output is the same JSON JSONEncoder writes (tests compare the two).
protocol DirectJSON {
    func write(to writer: inout JSONWriter) throws
}

extension JSONWriter {
    mutating func member(_ name: String, _ text: String?) {
        guard let text else { return }
        key(name)
        string(text)
    }

    mutating func member(_ name: String, _ flag: Bool?) {
        guard let flag else { return }
        key(name)
        bool(flag)
    }

    mutating func member(_ name: String, _ number: Int?) {
        guard let number else { return }
        key(name)
        int(number)
    }

    mutating func member(_ name: String, _ date: Date?) throws {
        guard let date else { return }
        key(name)
        try double(date.timeIntervalSince1970)
    }

    mutating func member(_ name: String, _ list: [String]?) {
        guard let list else { return }
        key(name)
        beginArray()
        for item in list { string(item) }
        endArray()
    }

    mutating func member(_ name: String, _ items: [some DirectJSON]?) throws {
        guard let items else { return }
        key(name)
        beginArray()
        for item in items { try item.write(to: &self) }
        endArray()
    }

    mutating func member(_ name: String, _ item: (some DirectJSON)?) throws {
        guard let item else { return }
        key(name)
        try item.write(to: &self)
    }
}

extension AttributeType: DirectJSON {
    func write(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("Name", name)
        writer.member("Value", value)
        writer.endObject()
    }
}

extension MFAOptionType: DirectJSON {
    func write(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("AttributeName", attributeName)
        writer.member("DeliveryMedium", deliveryMedium?.rawValue)
        writer.endObject()
    }
}

extension UserType: DirectJSON {
    func write(to writer: inout JSONWriter) throws {
        writer.beginObject()
        try writer.member("Attributes", attributes)
        writer.member("Enabled", enabled)
        try writer.member("MFAOptions", mfaOptions)
        try writer.member("UserCreateDate", userCreateDate)
        try writer.member("UserLastModifiedDate", userLastModifiedDate)
        writer.member("UserStatus", userStatus?.rawValue)
        writer.member("Username", username)
        writer.endObject()
    }
}

extension ListUsersResponse: DirectJSON {
    func write(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("PaginationToken", paginationToken)
        try writer.member("Users", users)
        writer.endObject()
    }
}

extension ListUsersInGroupResponse: DirectJSON {
    func write(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("NextToken", nextToken)
        try writer.member("Users", users)
        writer.endObject()
    }
}

extension AdminGetUserResponse: DirectJSON {
    func write(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("Enabled", enabled)
        try writer.member("MFAOptions", mfaOptions)
        writer.member("PreferredMfaSetting", preferredMfaSetting)
        try writer.member("UserAttributes", userAttributes)
        try writer.member("UserCreateDate", userCreateDate)
        try writer.member("UserLastModifiedDate", userLastModifiedDate)
        writer.member("UserMFASettingList", userMFASettingList)
        writer.member("UserStatus", userStatus?.rawValue)
        writer.member("Username", username)
        writer.endObject()
    }
}

extension AuthenticationResultType: DirectJSON {
    func write(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("AccessToken", accessToken)
        writer.member("ExpiresIn", expiresIn)
        writer.member("IdToken", idToken)
        if let metadata = newDeviceMetadata {
            writer.key("NewDeviceMetadata")
            writer.beginObject()
            writer.member("DeviceGroupKey", metadata.deviceGroupKey)
            writer.member("DeviceKey", metadata.deviceKey)
            writer.endObject()
        }
        writer.member("RefreshToken", refreshToken)
        writer.member("TokenType", tokenType)
        writer.endObject()
    }
}

/// The shape InitiateAuth and RespondToAuthChallenge (and their admin twins) share.
private func writeAuthStep(
    _ writer: inout JSONWriter, challenge: ChallengeNameType?, session: String?, parameters: [String: String]?,
    result: AuthenticationResultType?
) throws {
    writer.beginObject()
    try writer.member("AuthenticationResult", result)
    writer.member("ChallengeName", challenge?.rawValue)
    if let parameters {
        writer.key("ChallengeParameters")
        writer.beginObject()
        for name in parameters.keys.sorted() { writer.member(name, parameters[name]) }
        writer.endObject()
    }
    writer.member("Session", session)
    writer.endObject()
}

extension InitiateAuthResponse: DirectJSON {
    func write(to writer: inout JSONWriter) throws {
        guard availableChallenges == nil else { throw DirectJSONUnsupported() }
        try writeAuthStep(&writer, challenge: challengeName, session: session, parameters: challengeParameters, result: authenticationResult)
    }
}

extension AdminInitiateAuthResponse: DirectJSON {
    func write(to writer: inout JSONWriter) throws {
        guard availableChallenges == nil else { throw DirectJSONUnsupported() }
        try writeAuthStep(&writer, challenge: challengeName, session: session, parameters: challengeParameters, result: authenticationResult)
    }
}

extension RespondToAuthChallengeResponse: DirectJSON {
    func write(to writer: inout JSONWriter) throws {
        try writeAuthStep(&writer, challenge: challengeName, session: session, parameters: challengeParameters, result: authenticationResult)
    }
}

/// A value this path does not write; the caller falls back to JSONEncoder.
struct DirectJSONUnsupported: Error {}
