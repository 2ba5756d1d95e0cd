import Foundation

/// Storage for the directory, reached only through transactions.
///
/// `read` runs its body against a consistent snapshot of committed data; `write` runs its
/// body in one transaction that is committed whole or not at all. The promise a store
/// must keep is serializable isolation for writes: an operation's checks and changes
/// never interleave with another writer's. A store that serializes writers (SQLite) keeps
/// it by construction; one that runs them side by side (a networked database) may retry
/// a body that lost a conflict, so a body must do nothing but read and write the store:
/// no outside calls, no effects that a second run would repeat.
///
/// Bodies are async so that a store whose every query is a network round trip can run
/// them; the caller waits for the body to finish (it is called once per attempt and never
/// kept).
///
/// Keys (`poolKey`, user and event ids) are the store's own: the store hands them out
/// on insert, and the engine only passes them back, compares them for equality, and
/// uses them as paging cursors (group members and auth events are listed after a key).
/// They are 64-bit integers because every backend in view has such keys natively
/// (SQLite's rowids, PostgreSQL's `bigint` identity columns) and because the cursors
/// travel inside pagination tokens; a store must only keep them unique and hand them
/// out in increasing order within a table, so a cursor never skips a newer row.
public protocol DirectoryStore: Sendable {
    func read<T>(_ body: (any DirectoryReader) async throws -> T) async throws -> T
    func write<T>(_ body: (any DirectoryWriter) async throws -> T) async throws -> T
    /// Finishes with the store: everything written is made durable and connections
    /// closed. Nothing may use it after.
    func close() async throws
}

/// Queries over the directory. Pools are found by id; everything inside a pool by the
/// pool's store key.
public protocol DirectoryReader: IdentityPoolReader {
    func pool(id: String) async throws -> StoredPool?
    /// Pools ordered by id, starting after `id`.
    func pools(after id: String?, limit: Int) async throws -> [StoredPool]

    func client(id: String) async throws -> UserPoolClientType?
    /// App clients of a pool ordered by client id.
    func clients(poolKey: Int64, after id: String?, limit: Int) async throws -> [UserPoolClientType]
    func clientCount(poolKey: Int64) async throws -> Int

    func user(poolKey: Int64, usernameKey: String) async throws -> UserRecord?
    /// Users whose normalised value in `column` equals `value` (alias and sub lookups).
    func users(poolKey: Int64, column: SearchColumn, equalTo value: String, limit: Int) async throws -> [UserRecord]
    func users(matching query: UserQuery) async throws -> [UserRecord]

    func group(poolKey: Int64, name: String) async throws -> GroupType?
    /// Groups of a pool ordered by name.
    func groups(poolKey: Int64, after name: String?, limit: Int) async throws -> [GroupType]
    func groupCount(poolKey: Int64) async throws -> Int
    /// Groups of a user ordered by name.
    func groups(userId: Int64, after name: String?, limit: Int) async throws -> [GroupType]
    /// Members of a group ordered by row key.
    func members(poolKey: Int64, group: String, afterUserId: Int64?, limit: Int) async throws -> [UserRecord]

    /// The domain with this name (a prefix, or a custom domain's full name), in any pool.
    func domain(_ name: String) async throws -> StoredDomain?
    /// A pool's domains, prefix first.
    func domains(poolKey: Int64) async throws -> [StoredDomain]

    func resourceServer(poolKey: Int64, identifier: String) async throws -> ResourceServerType?
    /// Resource servers of a pool ordered by identifier, starting after `identifier`.
    func resourceServers(poolKey: Int64, after identifier: String?, limit: Int) async throws -> [ResourceServerType]
    func resourceServerCount(poolKey: Int64) async throws -> Int

    /// The pool's (`StoredUICustomization.wholePool`) or one client's customization.
    func uiCustomization(poolKey: Int64, clientId: String) async throws -> StoredUICustomization?

    func terms(poolKey: Int64, id: String) async throws -> TermsType?
    func terms(clientId: String, name: String) async throws -> TermsType?
    /// A pool's terms ordered by id, starting after `id`.
    func terms(poolKey: Int64, after id: String?, limit: Int) async throws -> [TermsType]

    func managedLoginBranding(poolKey: Int64, id: String) async throws -> ManagedLoginBrandingType?
    func managedLoginBranding(clientId: String) async throws -> ManagedLoginBrandingType?

    func functionMapping(arn: String) async throws -> FunctionMapping?
    /// Every mapping, by ARN.
    func functionMappings() async throws -> [FunctionMapping]

    func importJob(poolKey: Int64, id: String) async throws -> ImportJobRecord?
    /// Import jobs of a pool, newest first, starting after the job with this id.
    func importJobs(poolKey: Int64, after id: String?, limit: Int) async throws -> [ImportJobRecord]

    /// The CSV file uploaded for an import job.
    func importFile(jobId: String) async throws -> Data?
    /// The rows of an import job that failed or were skipped, in line order.
    func importErrors(jobId: String, limit: Int) async throws -> [ImportJobRecord.RowError]

    func verificationCode(userId: Int64, purpose: VerificationCode.Purpose) async throws -> VerificationCode?

    /// Messages, newest first, optionally only for one pool and user.
    func messages(poolId: String?, username: String?, limit: Int) async throws -> [OutboxMessage]

    func user(id: Int64) async throws -> UserRecord?

    func signingKeys(poolKey: Int64) async throws -> [SigningKeyRecord]
    /// Which keys a pool has and when each was retired: a cheap look to tell whether
    /// parsed keys are still the pool's.
    func signingKeyStates(poolKey: Int64) async throws -> [SigningKeyState]
    func refreshToken(hash: Data) async throws -> RefreshTokenRecord?
    /// Whether the sign-in that `originJti` names has had its refresh token revoked.
    func isRevoked(originJti: String) async throws -> Bool
    func authSession(hash: Data) async throws -> AuthSessionRecord?
    /// The newest unused session of a user for a challenge (for clients that answer
    /// DEVICE_SRP_AUTH without the session).
    func latestAuthSession(userId: Int64, challenge: String) async throws -> AuthSessionRecord?
    func device(key: String) async throws -> DeviceRecord?
    /// A user's devices by key, after `after`.
    func devices(userId: Int64, after: String?, limit: Int) async throws -> [DeviceRecord]
    /// A user's auth events, newest first, starting after the event with row key `after`.
    func authEvents(userId: Int64, after: Int64?, limit: Int) async throws -> [AuthEventRecord]
    /// A pool's auth events, newest first, starting after the event with row key `after`;
    /// only those from `address` when one is given.
    func poolAuthEvents(poolKey: Int64, address: String?, after: Int64?, limit: Int) async throws -> [AuthEventRecord]
    /// The risk of a pool's events since a time (at most `limit`, newest first).
    func riskOutcomes(poolKey: Int64, since: Date, limit: Int) async throws -> [ScoredOutcome]
    /// The addresses (or usernames) with the most failed sign-ins since a time, with the
    /// number of distinct users (or addresses) each involved.
    func failureLeaders(poolKey: Int64, since: Date, byAddress: Bool, limit: Int) async throws -> [FailureCount]
    /// The event with this id, if it is the user's.
    func authEvent(userId: Int64, eventId: String) async throws -> AuthEventRecord?
    /// The users whose sign-ins failed from `address` since `since` (one name per failure).
    func failedSignIns(poolKey: Int64, address: String, since: Date) async throws -> [String]
    /// The risk configuration of a pool (`clientId` nil) or of one of its app clients.
    func riskConfiguration(poolKey: Int64, clientId: String?) async throws -> RiskConfigurationType?
    /// The time and outcome of a pool's latest auth events (at most `limit`), newest first.
    func recentAuthOutcomes(poolKey: Int64, limit: Int) async throws -> [(created: Date, response: EventResponseType)]
    /// A setting of the store itself (not of a pool), e.g. the at-rest key's check value.
    func storeSetting(_ name: String) async throws -> String?
    /// One piece of sealed material, if the store holds any: to tell whether a key opens it.
    func sealedSample() async throws -> SealedSample?
}

/// Something the store keeps sealed under the at-rest key.
public enum SealedSample: Sendable {
    case signingKey(SigningKeyRecord)
    case password(poolId: String, userIdForSRP: String, material: Data)
}

/// Changes to the directory, available inside `DirectoryStore.write`.
public protocol DirectoryWriter: DirectoryReader, IdentityPoolWriter {
    /// Inserts a pool and returns its store key.
    func insertPool(_ pool: UserPoolType) async throws -> Int64
    func updatePool(key: Int64, _ pool: UserPoolType) async throws
    /// Deletes a pool with everything in it.
    func deletePool(key: Int64) async throws

    func insertClient(poolKey: Int64, _ client: UserPoolClientType) async throws
    func updateClient(_ client: UserPoolClientType) async throws
    func deleteClient(id: String) async throws

    /// Inserts a user and returns its row key. Fails on a duplicate username or sub.
    func insertUser(_ user: UserRecord) async throws -> Int64
    /// Inserts many users at once (seeding); they must all be new. Returns their row keys.
    @discardableResult
    func insertUsers(_ users: [UserRecord]) async throws -> [Int64]
    func updateUser(_ user: UserRecord) async throws
    func deleteUser(_ user: UserRecord) async throws

    func insertGroup(poolKey: Int64, _ group: GroupType) async throws
    func updateGroup(poolKey: Int64, _ group: GroupType) async throws
    func deleteGroup(poolKey: Int64, name: String) async throws
    func addMember(poolKey: Int64, group: String, userId: Int64) async throws
    func removeMember(poolKey: Int64, group: String, userId: Int64) async throws

    /// Fails if a domain of that name exists, in any pool.
    func insertDomain(_ domain: StoredDomain) async throws
    func updateDomain(_ domain: StoredDomain) async throws
    func deleteDomain(_ name: String) async throws

    /// Fails if the pool has a resource server with that identifier.
    func insertResourceServer(poolKey: Int64, _ server: ResourceServerType) async throws
    func updateResourceServer(poolKey: Int64, _ server: ResourceServerType) async throws
    func deleteResourceServer(poolKey: Int64, identifier: String) async throws

    /// Replaces the pool's or the client's customization.
    func saveUICustomization(poolKey: Int64, _ customization: StoredUICustomization) async throws

    /// Fails if the client has terms of that name. Terms go with their client and pool.
    func insertTerms(poolKey: Int64, _ terms: TermsType) async throws
    func updateTerms(_ terms: TermsType) async throws
    func deleteTerms(id: String) async throws

    /// Fails if the client has a branding already. A branding goes with its client and pool.
    func insertManagedLoginBranding(poolKey: Int64, clientId: String, _ branding: ManagedLoginBrandingType) async throws
    func updateManagedLoginBranding(_ branding: ManagedLoginBrandingType) async throws
    func deleteManagedLoginBranding(id: String) async throws

    /// Adds or replaces the mapping of its ARN.
    func saveFunctionMapping(_ mapping: FunctionMapping) async throws
    func deleteFunctionMapping(arn: String) async throws

    func insertImportJob(_ job: ImportJobRecord) async throws
    func updateImportJob(_ job: ImportJobRecord) async throws
    func saveImportFile(jobId: String, _ csv: Data) async throws
    func appendImportErrors(jobId: String, _ errors: [ImportJobRecord.RowError]) async throws

    func saveVerificationCode(_ code: VerificationCode) async throws
    func deleteVerificationCode(userId: Int64, purpose: VerificationCode.Purpose) async throws

    func appendMessage(_ message: OutboxMessage) async throws

    func updatePoolMfaConfig(key: Int64, _ config: GetUserPoolMfaConfigResponse) async throws

    func insertSigningKey(poolKey: Int64, _ key: SigningKeyRecord) async throws
    func retireSigningKey(kid: String, at date: Date) async throws

    func insertRefreshToken(_ token: RefreshTokenRecord) async throws
    func revokeRefreshToken(hash: Data) async throws
    /// Shortens a refresh token's life (a rotated token lives on for the grace period).
    func expireRefreshToken(hash: Data, at date: Date) async throws
    func revokeRefreshTokens(userId: Int64) async throws

    func insertAuthSession(_ session: AuthSessionRecord) async throws
    func updateAuthSession(_ session: AuthSessionRecord) async throws
    func markAuthSessionUsed(hash: Data) async throws
    /// Forgets sessions that expired before `date`.
    func purgeAuthSessions(expiredBefore date: Date) async throws

    @discardableResult
    func insertAuthEvent(_ event: AuthEventRecord) async throws -> Int64
    func insertDevice(_ device: DeviceRecord) async throws
    func updateDevice(_ device: DeviceRecord) async throws
    func deleteDevice(key: String) async throws
    /// Revokes every refresh token issued to a sign-in from the device.
    func revokeRefreshTokens(deviceKey: String) async throws
    func updateAuthEventFeedback(id: Int64, _ feedback: EventFeedbackType) async throws
    func setRiskConfiguration(poolKey: Int64, clientId: String?, _ configuration: RiskConfigurationType?) async throws
    func setStoreSetting(_ name: String, _ value: String) async throws
}
