import Foundation
import SigilCrypto
import SigilJSON

/// A pool's RSA signing key, its private half sealed with the at-rest key.
/// A signing key's id and retirement, without the key itself.
public struct SigningKeyState: Sendable, Equatable {
    public var kid: String
    public var retired: Date?

    public init(kid: String, retired: Date?) {
        self.kid = kid
        self.retired = retired
    }
}

public struct SigningKeyRecord: Sendable, Equatable {
    public enum Purpose: String, Sendable {
        case id
        case access
    }

    public var kid: String
    public var purpose: Purpose
    public var sealedPrivateKey: Data
    public var publicJWK: String
    public var created: Date
    /// When a newer key replaced this one; it stays in the JWKS until tokens it signed expire.
    public var retired: Date?

    public init(kid: String, purpose: Purpose, sealedPrivateKey: Data, publicJWK: String, created: Date, retired: Date? = nil) {
        self.kid = kid
        self.purpose = purpose
        self.sealedPrivateKey = sealedPrivateKey
        self.publicJWK = publicJWK
        self.created = created
        self.retired = retired
    }
}

/// A refresh token, known to the store only by its hash.
public struct RefreshTokenRecord: Sendable, Equatable {
    public var tokenHash: Data
    public var poolKey: Int64
    public var userId: Int64
    public var clientId: String
    /// Shared by every token of one sign-in, kept across refreshes.
    public var originJti: String
    public var authTime: Date
    public var issued: Date
    public var expires: Date
    public var revoked: Bool
    /// The device the sign-in was from, in a pool that tracks devices.
    public var deviceKey: String?
    /// The OAuth scopes granted by managed login; nil for a sign-in through the API (whose
    /// tokens carry the admin scope alone).
    public var scopes: [String]?

    public init(
        tokenHash: Data, poolKey: Int64, userId: Int64, clientId: String, originJti: String, authTime: Date, issued: Date, expires: Date,
        revoked: Bool = false, deviceKey: String? = nil, scopes: [String]? = nil
    ) {
        self.deviceKey = deviceKey
        self.scopes = scopes
        self.tokenHash = tokenHash
        self.poolKey = poolKey
        self.userId = userId
        self.clientId = clientId
        self.originJti = originJti
        self.authTime = authTime
        self.issued = issued
        self.expires = expires
        self.revoked = revoked
    }
}

/// The server side of a challenge `Session` (or an SRP SECRET_BLOCK): which user and
/// client it is for, what was asked, and what the answer is checked against.
public struct AuthSessionRecord: Sendable, Equatable {
    public var handleHash: Data
    public var poolKey: Int64
    public var userId: Int64
    public var clientId: String
    public var challenge: String
    public var state: AuthSessionState
    public var created: Date
    public var expires: Date
    public var used: Bool

    public init(
        handleHash: Data, poolKey: Int64, userId: Int64, clientId: String, challenge: String, state: AuthSessionState, created: Date,
        expires: Date, used: Bool = false
    ) {
        self.handleHash = handleHash
        self.poolKey = poolKey
        self.userId = userId
        self.clientId = clientId
        self.challenge = challenge
        self.state = state
        self.created = created
        self.expires = expires
        self.used = used
    }
}

/// What a challenge session remembers between requests.
public struct AuthSessionState: Codable, Sendable, Equatable {
    /// The name the user typed, and how sign-in began (for events and SECRET_HASH).
    public var typedUsername: String?
    public var flow: String?
    /// SRP: the server's private and public values and the client's public value, hex.
    public var srpPrivate: String?
    public var srpPublic: String?
    public var srpClientPublic: String?
    /// SMS_MFA / EMAIL_OTP: the hash of the code sent, and wrong answers so far.
    public var codeHash: Data?
    public var wrongAnswers = 0
    /// The challenges already passed in this sign-in.
    public var passed: [String] = []
    /// Set when MFA_SETUP associated and verified a TOTP secret.
    public var totpVerified = false
    /// For a simulated challenge of a user that does not exist (PreventUserExistenceErrors).
    public var phantom = false
    /// MFA methods offered by SELECT_MFA_TYPE or MFA_SETUP.
    public var options: [String] = []
    public var eventId: String?
    /// Threat protection's judgement of this sign-in, carried to the event that ends it,
    /// and the MFA it demands (MFA_IF_CONFIGURED or MFA_REQUIRED) when enforced.
    public var risk: RiskAssessment?
    public var riskMfa: String?
    /// The password was found in a breached-password list (password flows only).
    public var compromised = false
    /// DEVICE_SRP_AUTH: the remembered device, and the SECRET_BLOCK its proof must sign.
    public var deviceKey: String?
    public var secretBlock: String?
    /// Managed login: set for a sign-in begun on its pages (it ends in an authorization
    /// code, not tokens), and for the codes and single sign-on sessions it leaves.
    public var oauth: OAuthGrant?
    /// CUSTOM_AUTH: the challenges so far as DefineAuthChallenge sees them
    /// (`challengeName`, `challengeResult`, `challengeMetadata`), and what
    /// CreateAuthChallenge kept private for checking the answer.
    public var customSession: [JSONValue] = []
    public var privateChallenge: JSONValue?

    public init() {}
}

/// What managed login remembers between the sign-in and the tokens: for an authorization
/// code, whom it was for and what the app asked; for a single sign-on session, when the
/// user signed in.
public struct OAuthGrant: Codable, Sendable, Equatable {
    public var redirectUri: String?
    public var scopes: [String]?
    public var nonce: String?
    /// PKCE: base64url(SHA-256(code_verifier)).
    public var codeChallenge: String?
    public var authTime: Date?
    public var eventId: String?

    public init(
        redirectUri: String? = nil, scopes: [String]? = nil, nonce: String? = nil, codeChallenge: String? = nil, authTime: Date? = nil,
        eventId: String? = nil
    ) {
        self.redirectUri = redirectUri
        self.scopes = scopes
        self.nonce = nonce
        self.codeChallenge = codeChallenge
        self.authTime = authTime
        self.eventId = eventId
    }
}

/// One sign-in attempt, sign-up, confirmation, password change or forgotten password.
public struct AuthEventRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var poolKey: Int64
    public var userId: Int64?
    public var username: String
    public var eventId: String
    public var type: EventType
    public var created: Date
    public var response: EventResponseType
    public var clientId: String?
    public var context: RequestOrigin
    public var challenges: [ChallengeResponseType]
    public var detail: String?
    /// The risk judgement, when threat protection is on for the pool.
    public var risk: RiskAssessment?
    /// Valid or invalid, as the user or an admin said later.
    public var feedback: EventFeedbackType?

    public init(
        id: Int64? = nil, poolKey: Int64, userId: Int64?, username: String, eventId: String, type: EventType, created: Date,
        response: EventResponseType, clientId: String?, context: RequestOrigin, challenges: [ChallengeResponseType] = [],
        detail: String? = nil, risk: RiskAssessment? = nil, feedback: EventFeedbackType? = nil
    ) {
        self.risk = risk
        self.feedback = feedback
        self.id = id
        self.poolKey = poolKey
        self.userId = userId
        self.username = username
        self.eventId = eventId
        self.type = type
        self.created = created
        self.response = response
        self.clientId = clientId
        self.context = context
        self.challenges = challenges
        self.detail = detail
    }
}

/// Where a request came from, as far as the service can tell: from ContextData or
/// UserContextData, or from the HTTP request itself.
public struct RequestOrigin: Codable, Sendable, Equatable {
    public var ipAddress: String?
    public var userAgent: String?
    public var deviceName: String?
    /// Identifies the request; tokens carry it as `event_id`.
    public var requestId: String?
    /// The remembered device the sign-in names (DEVICE_KEY), if any.
    public var deviceKey: String?

    public init(
        ipAddress: String? = nil, userAgent: String? = nil, deviceName: String? = nil, requestId: String? = nil, deviceKey: String? = nil
    ) {
        self.deviceKey = deviceKey
        self.ipAddress = ipAddress
        self.userAgent = userAgent
        self.deviceName = deviceName
        self.requestId = requestId
    }
}

extension AuthSessionState {
    /// The state as JSON text, written by hand: one is stored and read back for every
    /// step of every sign-in.
    public func jsonText() -> String {
        var members: [String: JSONValue] = [:]
        members["typedUsername"] = typedUsername.map(JSONValue.string)
        members["flow"] = flow.map(JSONValue.string)
        members["srpPrivate"] = srpPrivate.map(JSONValue.string)
        members["srpPublic"] = srpPublic.map(JSONValue.string)
        members["srpClientPublic"] = srpClientPublic.map(JSONValue.string)
        members["codeHash"] = codeHash.map { .string($0.base64EncodedString()) }
        members["wrongAnswers"] = .int(wrongAnswers)
        members["passed"] = .array(passed.map(JSONValue.string))
        members["totpVerified"] = .bool(totpVerified)
        members["phantom"] = .bool(phantom)
        members["options"] = .array(options.map(JSONValue.string))
        members["eventId"] = eventId.map(JSONValue.string)
        members["risk"] = risk.flatMap { try? JSONCoding.encoder.encode($0) }.map { .string(String(decoding: $0, as: UTF8.self)) }
        members["riskMfa"] = riskMfa.map(JSONValue.string)
        members["compromised"] = .bool(compromised)
        members["deviceKey"] = deviceKey.map(JSONValue.string)
        members["secretBlock"] = secretBlock.map(JSONValue.string)
        if !customSession.isEmpty { members["customSession"] = .array(customSession) }
        members["privateChallenge"] = privateChallenge
        members["oauth"] = oauth.flatMap { try? JSONCoding.encoder.encode($0) }.map { .string(String(decoding: $0, as: UTF8.self)) }
        return (try? JSONValue.object(members).jsonString()) ?? "{}"
    }

    public init(jsonText: String) throws {
        let json = try JSONValue(json: Array(jsonText.utf8))
        guard case .object = json else { throw CognitoError.internalError("A stored session is damaged") }
        self.init()
        typedUsername = json["typedUsername"]?.stringValue
        flow = json["flow"]?.stringValue
        srpPrivate = json["srpPrivate"]?.stringValue
        srpPublic = json["srpPublic"]?.stringValue
        srpClientPublic = json["srpClientPublic"]?.stringValue
        codeHash = json["codeHash"]?.stringValue.flatMap { Data(base64Encoded: $0) }
        wrongAnswers = json["wrongAnswers"]?.intValue ?? 0
        passed = json["passed"]?.arrayValue?.compactMap(\.stringValue) ?? []
        totpVerified = json["totpVerified"]?.boolValue ?? false
        phantom = json["phantom"]?.boolValue ?? false
        options = json["options"]?.arrayValue?.compactMap(\.stringValue) ?? []
        eventId = json["eventId"]?.stringValue
        risk = json["risk"]?.stringValue.flatMap { try? JSONCoding.decoder.decode(RiskAssessment.self, from: Data($0.utf8)) }
        riskMfa = json["riskMfa"]?.stringValue
        compromised = json["compromised"]?.boolValue ?? false
        deviceKey = json["deviceKey"]?.stringValue
        secretBlock = json["secretBlock"]?.stringValue
        customSession = json["customSession"]?.arrayValue ?? []
        privateChallenge = json["privateChallenge"]
        oauth = try json["oauth"]?.stringValue.map { try JSONCoding.decoder.decode(OAuthGrant.self, from: Data($0.utf8)) }
    }
}
