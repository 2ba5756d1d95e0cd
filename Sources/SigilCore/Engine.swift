import Foundation
import SigilCrypto

/// Settings an engine is created with.
public struct EngineConfiguration: Sendable {
    /// The region in pool ids, ARNs and issuer URLs.
    public var region: String
    /// The account id in ARNs.
    public var accountId: String
    /// The 32-byte key that seals password material at rest. It lives outside the
    /// database file (a key file or the environment), so a copied database alone does
    /// not allow offline guessing.
    public var atRestKey: [UInt8]
    /// The address clients reach this service at; upload URLs for user import point here.
    public var endpoint: String
    /// What token issuers start with: `<issuerBase>/<poolId>`. By default the service's own
    /// address, so JWT and OIDC libraries find the discovery document and JWKS here;
    /// `https://cognito-idp.<region>.amazonaws.com` for apps that pin Cognito's issuer.
    public var issuerBase: String
    /// Weights and thresholds of the threat-protection risk scoring.
    public var riskModel: RiskModel
    /// Where addresses are, for the impossible-travel signal and event context.
    public var ipLocations: IPLocationTable
    /// Passwords known from breaches, for compromised-credential checks.
    public var breachedPasswords: BreachedPasswords
    /// Fetches outside issuers' keys for identity pool logins (none: such logins are refused).
    public var openIDKeys: (any OpenIDKeySource)?
    /// Asks providers about access-token logins (Facebook, Amazon); none: such logins are refused.
    public var providerAPI: (any IdentityProviderAPI)?
    /// How long GetCredentialsForIdentity's credentials last (an hour, as Cognito's).
    public var credentialLifetime: TimeInterval
    /// Runs the Lambda functions of triggers (none: a pool with triggers fails as when
    /// Cognito cannot invoke them).
    public var functions: (any FunctionRunner)?
    /// Delivers messages beyond the outbox (none: the outbox only).
    public var messages: (any MessageSender)?

    public init(
        region: String = "us-east-1", accountId: String = "000000000000", atRestKey: [UInt8],
        endpoint: String = "http://localhost:9229", issuerBase: String? = nil, riskModel: RiskModel = .standard,
        ipLocations: IPLocationTable = .shipped, breachedPasswords: BreachedPasswords = .shipped, openIDKeys: (any OpenIDKeySource)? = nil,
        credentialLifetime: TimeInterval = 3_600, providerAPI: (any IdentityProviderAPI)? = nil, functions: (any FunctionRunner)? = nil,
        messages: (any MessageSender)? = nil
    ) {
        self.messages = messages
        self.functions = functions
        self.providerAPI = providerAPI
        self.openIDKeys = openIDKeys
        self.credentialLifetime = credentialLifetime
        self.riskModel = riskModel
        self.ipLocations = ipLocations
        self.breachedPasswords = breachedPasswords
        self.region = region
        self.accountId = accountId
        self.atRestKey = atRestKey
        self.endpoint = endpoint
        self.issuerBase = issuerBase ?? endpoint
    }

    /// Cognito's own issuer base for a region.
    public static func cognitoIssuerBase(region: String) -> String {
        "https://cognito-idp.\(region).amazonaws.com"
    }
}

/// The Cognito engine: every operation of the service, over a store, a clock and a
/// source of randomness. Operations take and return the API's own request and response
/// shapes and throw `CognitoError`.
public final class Engine: Sendable {
    public let store: any DirectoryStore
    public let clock: any Clock
    public let configuration: EngineConfiguration
    let validator: RequestValidator
    /// Checks identity pools requests against the cognito-identity model.
    let identityValidator: RequestValidator
    let vault: PasswordVault
    /// Engine events for live screens.
    public let events = EngineEventBroadcaster()
    /// The latest runs of triggers' functions, for the console.
    public let invocations = InvocationLog()
    /// Parsed signing keys (pools' and the identity issuer's) by key id, so a sign-in does not parse PEM.
    let keyCache = SigningKeyCache()
    /// Seals identity pool session tokens; derived once from the at-rest key.
    let sessionTokenKey: [UInt8]

    public init(store: any DirectoryStore, clock: any Clock = SystemClock(), configuration: EngineConfiguration) throws {
        guard configuration.atRestKey.count == 32 else {
            throw CognitoError.internalError("The at-rest key must be 32 bytes, not \(configuration.atRestKey.count)")
        }
        self.store = store
        self.clock = clock
        self.configuration = configuration
        self.validator = RequestValidator()
        self.identityValidator = .identityPools
        self.vault = PasswordVault(key: configuration.atRestKey)
        self.sessionTokenKey = try HKDF.deriveKey(
            inputKeyMaterial: configuration.atRestKey, info: Self.sessionTokenContext, outputByteCount: AESGCM.keyByteCount)
    }

    /// Runs `body` in a read transaction, turning store failures into `InternalErrorException`.
    func read<T>(_ body: (any DirectoryReader) async throws -> T) async throws -> T {
        do {
            return try await store.read(body)
        } catch let error as any EngineRefusal {
            throw error
        } catch {
            throw CognitoError.internalError("Storage error: \(error)")
        }
    }

    /// Runs `body` in one write transaction; nothing is kept if it throws. Once it commits,
    /// live screens hear that the data changed.
    func write<T>(_ body: (any DirectoryWriter) async throws -> T) async throws -> T {
        do {
            let outgoing = Outgoing()
            let result = try await Outgoing.$current.withValue(outgoing) { try await store.write(body) }
            events.publish(.dataChanged)
            dispatch(outgoing.taken())
            return result
        } catch let error as any EngineRefusal {
            throw error
        } catch {
            throw CognitoError.internalError("Storage error: \(error)")
        }
    }

    /// The pool with this id, or ResourceNotFoundException.
    func requirePool(_ id: String, in reader: any DirectoryReader) async throws -> StoredPool {
        guard let pool = try await reader.pool(id: id) else { throw CognitoError.userPoolNotFound(id) }
        return pool
    }
}

/// An error the engine means to give its caller (a Cognito exception, an OAuth error, a
/// refused authorize request): it passes through a store transaction as it is, where any
/// other error is the store's own failure.
public protocol EngineRefusal: Error {}

extension CognitoError: EngineRefusal {}
extension OAuthError: EngineRefusal {}
extension AuthorizeRefusal: EngineRefusal {}
