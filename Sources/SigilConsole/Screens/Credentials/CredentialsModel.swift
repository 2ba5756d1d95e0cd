import Foundation
import SigilCore
import SigilCrypto

/// Credential inspection: pick an identity pool, get an identity (as a guest, from the
/// hosted sign-in's session, or from a pasted ID token), see GetId and
/// GetCredentialsForIdentity step by step (the identity, the role and why, the principal
/// tags, the credentials and their expiry), and ask the role's policies about an action
/// on a resource.
public struct CredentialsModel: Sendable {
    public enum Reply: Sendable {
        case pools(Result<[IdentityPoolSummary], ConsoleError>)
        case pick(String)
        case obtained(Result<Obtained, StepFailure>)
        case simulated(Result<Simulation, ConsoleError>)
        case submitRole([String: String])
        case roleAdded(Result<String, ConsoleError>)
        /// The hosted sign-in screen's session changed (nil: nobody is signed in).
        case session(SignInSession?)
    }

    /// Where the identity's login comes from.
    public enum Source: String, Sendable, CaseIterable {
        case guest = "guest"
        case session = "hosted sign-in session"
        case token = "pasted ID token"
    }

    /// What the two calls gave.
    public struct Obtained: Sendable {
        public var identityId: String
        public var grant: SessionGrant
        public var credentials: Credentials
        public var login: String?
    }

    /// The policies' answer, and whether Sigil holds the role at all.
    public struct Simulation: Sendable {
        public var decision: PolicyDecision
        public var roleKnown: Bool
    }

    /// A call that failed, and which one.
    public struct StepFailure: Error, Sendable {
        public var step: String
        public var error: ConsoleError
        public var identityId: String?
    }

    /// The fields that take typed text.
    public enum Focus: Sendable, Equatable {
        case none, token, action, resource
    }

    public private(set) var pools: [IdentityPoolSummary] = []
    public private(set) var poolId: String?
    public private(set) var source = Source.guest
    public private(set) var token = TextInput()
    public private(set) var action = TextInput("s3:GetObject")
    public private(set) var resource = TextInput("arn:aws:s3:::photos/${sub}/cat.jpg")
    public private(set) var focus = Focus.none
    public private(set) var obtained: Obtained?
    public private(set) var failure: StepFailure?
    public private(set) var decision: PolicyDecision?
    public private(set) var roleKnown = true
    public private(set) var simulatedResource: String?
    public private(set) var revealSecret = false
    public private(set) var busy = false
    public private(set) var error: String?
    /// The hosted sign-in's ID token and its user pool, when someone has signed in there.
    public private(set) var session: SignInSession?

    public init() {}

    public var pool: IdentityPoolSummary? { pools.first { $0.id == poolId } }

    public var capturesText: Bool { focus != .none }

    public var keyHelp: [KeyHelp] {
        if focus != .none {
            return [
                KeyHelp("Enter", focus == .token ? "get credentials" : "ask the policies"), KeyHelp("Tab", "next field"),
                KeyHelp("Esc", "done typing"),
            ]
        }
        return [
            KeyHelp("p", "identity pool"), KeyHelp("g s t", "guest, session, token"), KeyHelp("Enter", "get credentials"),
            KeyHelp("a", "simulate a request"), KeyHelp("r", revealSecret ? "hide secret" : "reveal secret"),
            KeyHelp("n", "add a role from a policy file", inBar: false), KeyHelp("^R", "reload pools", inBar: false),
        ]
    }

    // MARK: Loading

    public mutating func open(context: ScreenContext) -> [Command] {
        load()
    }

    mutating func load() -> [Command] {
        [.call({ engine in try await engine.identityPoolSummaries() }) { .credentials(.pools($0)) }]
    }

    /// Runs GetId then GetCredentialsForIdentity with the chosen login.
    mutating func obtain() -> [Command] {
        guard let poolId else { return [.toast(Toast("Choose an identity pool first (p)"))] }
        var logins: [String: String]?
        switch source {
        case .guest: logins = nil
        case .session:
            guard let session else { return [.toast(.error("Nobody has signed in on the hosted sign-in screen (5) yet"))] }
            logins = [Engine.loginKey(userPoolId: session.poolId): session.idToken]
        case .token:
            let text = token.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let issuer = (try? JWT.decode(text))?.claims["iss"]?.stringValue, let userPool = issuer.split(separator: "/").last else {
                return [.toast(.error("Paste a user pool ID token (a JWT) first"))]
            }
            logins = [Engine.loginKey(userPoolId: String(userPool)): text]
        }
        busy = true
        failure = nil
        decision = nil
        let login = logins?.keys.first
        let sent = logins
        return [
            .engine(
                EngineCall { engine in
                    let identityId: String
                    do {
                        identityId = try await engine.getId(GetIdInput(identityPoolId: poolId, logins: sent)).identityId ?? ""
                    } catch {
                        return .credentials(.obtained(.failure(StepFailure(step: "GetId", error: ConsoleError(error)))))
                    }
                    do {
                        let result = try await engine.credentialsForIdentity(GetCredentialsForIdentityInput(identityId: identityId, logins: sent))
                        return .credentials(
                            .obtained(.success(Obtained(identityId: identityId, grant: result.grant, credentials: result.credentials, login: login))))
                    } catch {
                        return .credentials(
                            .obtained(.failure(StepFailure(step: "GetCredentialsForIdentity", error: ConsoleError(error), identityId: identityId))))
                    }
                })
        ]
    }

    /// The resource with `${sub}` filled in with the identity.
    var resolvedResource: String {
        resource.text.replacingOccurrences(of: "${sub}", with: obtained?.identityId ?? "${sub}")
    }

    mutating func simulate() -> [Command] {
        guard let grant = obtained?.grant else { return [.toast(Toast("Get credentials first (Enter)"))] }
        let action = action.text.trimmingCharacters(in: .whitespaces)
        let resource = resolvedResource.trimmingCharacters(in: .whitespaces)
        guard !action.isEmpty, !resource.isEmpty else { return [.toast(.error("Type an action and a resource"))] }
        simulatedResource = resource
        return [
            .call({ engine in
                await Simulation(
                    decision: try engine.authorize(grant, action: action, resource: resource), roleKnown: try engine.role(arn: grant.roleArn) != nil)
            }) { .credentials(.simulated($0)) }
        ]
    }

    public mutating func receive(_ reply: Reply) -> [Command] {
        switch reply {
        case .session(let session):
            self.session = session
            return []
        case .pools(.success(let list)):
            pools = list
            error = nil
            if poolId == nil || !list.contains(where: { $0.id == poolId }) { poolId = list.first?.id }
            return []
        case .pools(.failure(let failure)):
            error = failure.description
            return []
        case .pick(let choice):
            guard let pool = pools.first(where: { "\($0.name) (\($0.id))" == choice }) else { return [] }
            poolId = pool.id
            obtained = nil
            failure = nil
            decision = nil
            return []
        case .obtained(.success(let result)):
            busy = false
            obtained = result
            revealSecret = false
            return load()
        case .obtained(.failure(let failure)):
            busy = false
            obtained = nil
            self.failure = failure
            return []
        case .simulated(.success(let simulation)):
            decision = simulation.decision
            roleKnown = simulation.roleKnown
            return []
        case .simulated(.failure(let failure)):
            return [.toast(.error(failure.description))]
        case .submitRole(let values):
            let name = values["name"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let path = values["file"]?.trimmingCharacters(in: .whitespaces) ?? ""
            return [
                .call({ engine in
                    guard let text = try? String(contentsOfFile: (path as NSString).expandingTildeInPath, encoding: .utf8) else {
                        throw CognitoError.invalidParameter("Cannot read the policy file \(path).")
                    }
                    let policyName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                    return try await engine.putRole(name: name, policies: [policyName: text]).arn
                }) { .credentials(.roleAdded($0)) }
            ]
        case .roleAdded(.success(let arn)):
            return [.closeDialog, .toast(.success("Stored role \(arn)"))]
        case .roleAdded(.failure(let failure)):
            return [.dialogError(failure.description)]
        }
    }

    // MARK: Keys

    public mutating func handle(_ key: Key, context: ScreenContext) -> [Command]? {
        switch focus {
        case .none: break
        case .token, .action, .resource:
            switch key {
            case .escape:
                focus = .none
                return []
            case .tab:
                focus = focus == .action ? .resource : focus == .resource ? .action : .token
                return []
            case .enter:
                let wasToken = focus == .token
                focus = wasToken ? .none : focus
                return wasToken ? obtain() : simulate()
            default:
                switch focus {
                case .token: _ = token.handle(key)
                case .action: _ = action.handle(key)
                case .resource: _ = resource.handle(key)
                case .none: break
                }
                return []
            }
        }
        switch key {
        case .character("p"):
            guard !pools.isEmpty else { return [.toast(Toast("No identity pools yet: create one through the API or sigil"))] }
            return [.pick(Picker(title: "Identity pool", options: pools.map { "\($0.name) (\($0.id))" }) { .credentials(.pick($0)) })]
        case .character("g"):
            source = .guest
            return obtain()
        case .character("s"):
            source = .session
            return obtain()
        case .character("t"):
            source = .token
            focus = .token
            return []
        case .enter:
            return obtain()
        case .character("a"):
            focus = .action
            return []
        case .character("r"):
            revealSecret.toggle()
            return []
        case .character("n"):
            let suggested = obtained?.grant.roleName ?? ""
            return [
                .form(
                    FormDialog(
                        title: "Add a role",
                        form: Form([
                            Form.Field("name", "Role name", value: suggested),
                            Form.Field("file", "Policy file", hint: "a JSON permission policy"),
                        ])
                    ) { .credentials(.submitRole($0)) })
            ]
        case .control("r"):
            return load()
        default:
            return nil
        }
    }
}
