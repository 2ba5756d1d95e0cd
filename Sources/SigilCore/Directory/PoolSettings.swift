import Foundation

/// What a pool's settings become when a request leaves them out. CreateUserPool and
/// UpdateUserPool share these: AWS documents that UpdateUserPool resets every setting
/// the request omits to its default.
enum PoolSettings {
    static let defaultPasswordPolicy = PasswordPolicyType(
        minimumLength: 8, requireUppercase: true, requireLowercase: true, requireNumbers: true,
        requireSymbols: true, temporaryPasswordValidityDays: 7)

    static let defaultSignInPolicy = SignInPolicyType(allowedFirstAuthFactors: [.password])

    static let defaultInvitation = MessageTemplateType(
        smsMessage: "Your username is {username} and temporary password is {####}. ",
        emailMessage: "Your username is {username} and temporary password is {####}. ",
        emailSubject: "Your temporary password")

    static let defaultVerificationMessage = "Your verification code is {####}. "
    static let defaultVerificationSubject = "Your verification code"
    static let defaultVerificationLinkMessage = "Please click the link below to verify your email address. {##Verify Email##} "
    static let defaultVerificationLinkSubject = "Your verification link"

    /// The password policy as stored: omitted numbers get their defaults, omitted
    /// switches are off (a policy given in a request means exactly what it says).
    static func passwordPolicy(_ given: PasswordPolicyType?) -> PasswordPolicyType {
        guard var policy = given else { return defaultPasswordPolicy }
        policy.minimumLength = policy.minimumLength ?? 8
        policy.requireUppercase = policy.requireUppercase ?? false
        policy.requireLowercase = policy.requireLowercase ?? false
        policy.requireNumbers = policy.requireNumbers ?? false
        policy.requireSymbols = policy.requireSymbols ?? false
        policy.temporaryPasswordValidityDays = policy.temporaryPasswordValidityDays ?? 7
        return policy
    }

    static func policies(_ given: UserPoolPolicyType?) -> UserPoolPolicyType {
        UserPoolPolicyType(
            passwordPolicy: passwordPolicy(given?.passwordPolicy),
            signInPolicy: given?.signInPolicy ?? defaultSignInPolicy)
    }

    static func adminCreateUserConfig(_ given: AdminCreateUserConfigType?) throws -> AdminCreateUserConfigType {
        var config = given ?? AdminCreateUserConfigType()
        config.allowAdminCreateUserOnly = config.allowAdminCreateUserOnly ?? false
        config.unusedAccountValidityDays = config.unusedAccountValidityDays ?? 7
        if let template = config.inviteMessageTemplate {
            try MessageTemplates.checkInvitation(template)
        }
        return config
    }

    /// The verification template as stored; the legacy top-level message fields fill in
    /// what the template leaves out.
    static func verificationTemplate(_ given: VerificationMessageTemplateType?, legacyEmail: String?, legacySubject: String?, legacySms: String?)
        throws
        -> VerificationMessageTemplateType
    {
        var template = given ?? VerificationMessageTemplateType()
        template.smsMessage = template.smsMessage ?? legacySms
        template.emailMessage = template.emailMessage ?? legacyEmail
        template.emailSubject = template.emailSubject ?? legacySubject
        template.defaultEmailOption = template.defaultEmailOption ?? .confirmWithCode
        try MessageTemplates.checkVerification(template)
        return template
    }

    static func userAttributeUpdateSettings(_ given: UserAttributeUpdateSettingsType?, autoVerified: [VerifiedAttributeType]?) throws
        -> UserAttributeUpdateSettingsType
    {
        let settings = given ?? UserAttributeUpdateSettingsType(attributesRequireVerificationBeforeUpdate: [])
        let required = settings.attributesRequireVerificationBeforeUpdate ?? []
        if !Set(required).isSubset(of: Set(autoVerified ?? [])) {
            throw CognitoError.invalidParameter(
                "All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes")
        }
        return settings
    }

    /// Checks that apply to the settings CreateUserPool and UpdateUserPool share.
    static func checkShared(autoVerified: [VerifiedAttributeType]?, passwordPolicy: PasswordPolicyType?, adminCreateUser: AdminCreateUserConfigType?)
        throws
    {
        if let adminCreateUser, adminCreateUser.unusedAccountValidityDays != nil,
            passwordPolicy?.temporaryPasswordValidityDays != nil
        {
            throw CognitoError.invalidParameter(
                "Please use TemporaryPasswordValidityDays in PasswordPolicy instead of UnusedAccountValidityDays")
        }
        if let autoVerified, Set(autoVerified).count != autoVerified.count {
            throw CognitoError.invalidParameter("Duplicate values in AutoVerifiedAttributes.")
        }
    }
}
