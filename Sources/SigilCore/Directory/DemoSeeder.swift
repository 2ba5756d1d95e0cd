import Foundation

/// Fills a new pool with realistic users for demos and benchmarks: names, emails,
/// phone numbers, groups and a mix of statuses. Password material costs about 0.5 ms
/// a user, so only the demo users (`alice`, `bob`, `carol`) get the demo password
/// unless `passwordsForAll` is set.
public struct DemoSeeder: Sendable {
    public static let demoPassword = "Sigil-demo-2026!"
    public static let demoUsers: [(username: String, given: String, family: String, group: String)] = [
        ("alice", "Alice", "Anders", "admins"),
        ("bob", "Bob", "Brennan", "editors"),
        ("carol", "Carol", "Castillo", "viewers"),
    ]

    public struct Options: Sendable {
        public var poolName: String
        public var users: Int
        public var passwordsForAll: Bool
        public var batchSize: Int
        /// Also an identity pool trusting the pool, with roles and policies to try.
        public var identityPool: Bool
        /// The pool's triggers (their functions mapped beforehand); the app client then
        /// allows CUSTOM_AUTH too.
        public var lambdaConfig: LambdaConfigType?

        public init(
            poolName: String = "demo", users: Int = 200, passwordsForAll: Bool = false, batchSize: Int = 50_000, identityPool: Bool = false,
            lambdaConfig: LambdaConfigType? = nil
        ) {
            self.lambdaConfig = lambdaConfig
            self.identityPool = identityPool
            self.poolName = poolName
            self.users = users
            self.passwordsForAll = passwordsForAll
            self.batchSize = batchSize
        }
    }

    /// What seeding made.
    public struct Result: Sendable {
        public var pool: UserPoolType
        public var client: UserPoolClientType
        public var users: Int
        public var identityPoolId: String?
        /// The prefix domain the demo client's managed login is served at.
        public var domain: String?

        /// The managed login address that signs a user in to the demo client (code flow).
        public func signInURL(endpoint: String) -> String {
            Engine.appending(
                [
                    ("client_id", client.clientId ?? ""), ("response_type", "code"), ("scope", "openid email profile"),
                    ("redirect_uri", DemoSeeder.callbackURL),
                ],
                to: endpoint + "/oauth2/authorize")
        }
    }

    public let engine: Engine

    public init(engine: Engine) {
        self.engine = engine
    }

    static let groups: [(name: String, description: String, precedence: Int)] = [
        ("admins", "Operators with full access", 1),
        ("editors", "People who change content", 2),
        ("viewers", "Read-only access", 3),
        ("beta-testers", "Early access to new features", 10),
    ]

    /// Where the demo app client's managed login sends users back, and after sign-out.
    public static let callbackURL = "http://localhost:3000/callback"
    public static let signOutURL = "http://localhost:3000/"

    /// A prefix domain named after the pool (`demo`, then `demo-2` … if taken), so the
    /// demo app client can sign in through managed login.
    private func createDemoDomain(poolId: String, poolName: String) async throws -> String? {
        var base = String(poolName.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }.prefix(50))
        for word in Engine.reservedDomainWords { base = base.replacingOccurrences(of: word, with: "") }
        base = base.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        if base.isEmpty { base = "demo" }
        for attempt in 1...50 {
            let name = attempt == 1 ? base : "\(base)-\(attempt)"
            if try await engine.describeUserPoolDomain(DescribeUserPoolDomainRequest(domain: name)).domainDescription?.userPoolId != nil { continue }
            _ = try await engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: name, userPoolId: poolId))
            return name
        }
        return nil
    }

    /// Creates the pool, its app client and groups, then `options.users` users (the demo
    /// users first). `progress` gets (users done, users in all).
    /// The tag a pool carries while it is being seeded; a pool that still has it was left
    /// half-filled (the seeding process ended early).
    public static let unfinishedTag = "sigil:seed"

    public func seed(_ options: Options, progress: (Int, Int) throws -> Void = { _, _ in }) async throws -> Result {
        guard options.users >= 0 else { throw CognitoError.invalidParameter("The number of users can not be negative.") }
        try await refuseOverHalfFilledPool(named: options.poolName)
        let pool = try await engine.createUserPool(
            CreateUserPoolRequest(
                poolName: options.poolName, lambdaConfig: options.lambdaConfig, autoVerifiedAttributes: [.email], aliasAttributes: [.email],
                mfaConfiguration: .optional, userPoolTags: [Self.unfinishedTag: "incomplete: seeding \(options.users) users did not finish"],
                usernameConfiguration: UsernameConfigurationType(caseSensitive: false))
        ).userPool!
        let poolId = pool.id!
        _ = try await engine.setUserPoolMfaConfig(
            SetUserPoolMfaConfigRequest(
                userPoolId: poolId, smsMfaConfiguration: SmsMfaConfigType(),
                softwareTokenMfaConfiguration: SoftwareTokenMfaConfigType(enabled: true), emailMfaConfiguration: EmailMfaConfigType(),
                mfaConfiguration: .optional))
        let client = try await engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: poolId, clientName: "demo-app",
                explicitAuthFlows: [.allowUserSrpAuth, .allowUserPasswordAuth, .allowRefreshTokenAuth, .allowAdminUserPasswordAuth]
                    + (options.lambdaConfig?.defineAuthChallenge != nil ? [.allowCustomAuth] : []),
                supportedIdentityProviders: ["COGNITO"], callbackURLs: [Self.callbackURL], logoutURLs: [Self.signOutURL],
                allowedOAuthFlows: [.code], allowedOAuthScopes: ["openid", "email", "phone", "profile", Engine.adminScope],
                allowedOAuthFlowsUserPoolClient: true, preventUserExistenceErrors: .enabled)
        ).userPoolClient!
        let domain = try await createDemoDomain(poolId: poolId, poolName: options.poolName)
        for group in Self.groups {
            _ = try await engine.createGroup(
                CreateGroupRequest(groupName: group.name, userPoolId: poolId, description: group.description, precedence: group.precedence))
        }
        var done = 0
        try progress(0, options.users)
        while done < options.users {
            let count = min(options.batchSize, options.users - done)
            let start = done
            try await engine.store.write { writer in
                guard let stored = try await writer.pool(id: poolId) else { throw CognitoError.userPoolNotFound(poolId) }
                var users: [(user: UserRecord, group: String?)] = []
                users.reserveCapacity(count)
                for index in start..<(start + count) {
                    users.append(try await makeUser(index, pool: stored, options: options))
                }
                // In username order, the username and email index inserts of a batch
                // land near each other, which keeps large pools fast to load.
                users.sort { $0.user.usernameKey < $1.user.usernameKey }
                let ids = try await writer.insertUsers(users.map(\.user))
                for (id, entry) in zip(ids, users) {
                    if let group = entry.group { try await writer.addMember(poolKey: stored.key, group: group, userId: id) }
                }
            }
            done += count
            try progress(done, options.users)
        }
        let identityPoolId =
            await options.identityPool ? try seedIdentityPool(poolId: poolId, clientId: client.clientId ?? "", name: options.poolName) : nil
        try await engine.store.write { writer in
            guard var stored = try await writer.pool(id: poolId) else { throw CognitoError.userPoolNotFound(poolId) }
            stored.pool.userPoolTags?[Self.unfinishedTag] = nil
            if stored.pool.userPoolTags?.isEmpty == true { stored.pool.userPoolTags = nil }
            try await writer.updatePool(key: stored.key, stored.pool)
        }
        let described = try await engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool ?? pool
        return Result(pool: described, client: client, users: options.users, identityPoolId: identityPoolId, domain: domain)
    }

    /// A rerun after a seed that ended early says so, instead of making a second pool of
    /// the same name beside the half-filled one.
    private func refuseOverHalfFilledPool(named name: String) async throws {
        for summary in try await engine.poolSummaries() where summary.name == name {
            let pool = try await engine.describeUserPool(DescribeUserPoolRequest(userPoolId: summary.id)).userPool
            guard pool?.userPoolTags?[Self.unfinishedTag] != nil else { continue }
            throw CognitoError.invalidParameter(
                "An earlier seed left the pool \(name) (\(summary.id)) half-filled with \(pool?.estimatedNumberOfUsers ?? 0) users. "
                    + "Delete it (sigil pool delete --pool \(summary.id)) or seed under another --name.")
        }
    }

    /// The `index`th user and the group it joins, if any. Indexes below the number of
    /// demo users give the demo users.
    private func makeUser(_ index: Int, pool: StoredPool, options: Options) async throws -> (UserRecord, String?) {
        let now = engine.clock.now
        let username: String
        let given: String
        let family: String
        var group: String?
        var status = UserStatusType.confirmed
        var enabled = true
        var withPassword = options.passwordsForAll
        if index < Self.demoUsers.count {
            let demo = Self.demoUsers[index]
            (username, given, family, group) = (demo.username, demo.given, demo.family, demo.group)
            withPassword = true
        } else {
            let mix = Self.mix(index)
            given = Self.givenNames[mix % Self.givenNames.count]
            family = Self.familyNames[(mix / Self.givenNames.count) % Self.familyNames.count]
            username = "\(given).\(family).\(index)".lowercased()
            switch mix % 100 {
            case 0..<6: status = .unconfirmed
            case 6..<10: status = .forceChangePassword
            case 10..<13: status = .resetRequired
            case 13..<15: enabled = false
            default: break
            }
            if mix % 10 == 0 { group = Self.groups[(mix / 10) % Self.groups.count].name }
        }
        let domain = Self.domains[Self.mix(index &+ 7) % Self.domains.count]
        let email = index < Self.demoUsers.count ? "\(username)@example.com" : "\(username)@\(domain)"
        var attributes: [String: String] = [
            "sub": Identifiers.uuidV4(),
            "email": email,
            "email_verified": status == .unconfirmed ? "false" : "true",
            "given_name": given,
            "family_name": family,
            "name": "\(given) \(family)",
            "phone_number": Self.phoneNumber(index),
            "phone_number_verified": "false",
        ]
        if index % 4 == 0 { attributes["preferred_username"] = "\(given.lowercased())\(index)" }
        var material: Data?
        if withPassword {
            material = try await engine.vault.seal(poolId: pool.id, userIdForSRP: username, password: Self.demoPassword)
        }
        let user = UserRecord(
            poolKey: pool.key, username: username, usernameKey: engine.usernameKey(username, in: pool.pool), status: status,
            enabled: enabled, created: now, modified: now, attributes: attributes, passwordMaterial: material,
            temporaryPasswordExpires: status == .forceChangePassword ? engine.temporaryExpiry(pool.pool, now: now) : nil)
        return (user, group)
    }

    /// `+1555` and seven digits from the index.
    private static func phoneNumber(_ index: Int) -> String {
        let digits = String(index % 10_000_000)
        return "+1555" + String(repeating: "0", count: 7 - digits.count) + digits
    }

    /// A well-spread number from an index, so neighbouring users differ.
    private static func mix(_ index: Int) -> Int {
        var x = UInt64(truncatingIfNeeded: index) &+ 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: (x ^ (x >> 31)) >> 1)
    }

    public static let givenNames = [
        "Ann", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal", "Kira", "Liam", "Maya",
        "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe",
        "Amara", "Bruno", "Carmen", "Dmitri", "Emma", "Felix", "Gita", "Hannah", "Ivan", "Julia", "Kofi", "Lena",
        "Mateo", "Nina", "Omar", "Priya", "Rafael", "Sara", "Tomas", "Valentina", "William", "Yara", "Aisha", "Chen",
    ]

    public static let familyNames = [
        "Smith", "Garcia", "Nguyen", "Müller", "Kowalski", "Okafor", "Rossi", "Tanaka", "Silva", "Johansson",
        "Dubois", "Novak", "Haddad", "Kim", "Patel", "Ivanova", "O'Brien", "Costa", "Fischer", "Yilmaz",
        "Lopez", "Andersen", "Mensah", "Sato", "Moreau", "Horvat", "Cohen", "Singh", "Wright", "Petrov",
        "Ali", "Jansen", "Ferreira", "Brown", "Lindqvist", "Mwangi", "Park", "Romano", "Schmidt", "Walsh",
    ]

    static let domains = ["example.com", "example.org", "example.net", "mail.test", "corp.test"]
}
