import Foundation

/// Storage for the directory. `read` sees a consistent snapshot; `write` runs its body
/// in one transaction that is committed whole or not at all, so an operation's checks
/// and changes can't interleave with another writer's.
public protocol DirectoryStore: Sendable {
    func read<T>(_ body: (any DirectoryReader) throws -> T) throws -> T
    func write<T>(_ body: (any DirectoryWriter) throws -> T) throws -> T
    /// Finishes with the store: checkpoints and closes files. Nothing may use it after.
    func close() throws
}

/// Queries over the directory. Pools are found by id; everything inside a pool by the
/// pool's store key.
public protocol DirectoryReader: IdentityPoolReader {
    func pool(id: String) throws -> StoredPool?
    /// Pools ordered by id, starting after `id`.
    func pools(after id: String?, limit: Int) throws -> [StoredPool]

    func client(id: String) throws -> UserPoolClientType?
    /// App clients of a pool ordered by client id.
    func clients(poolKey: Int64, after id: String?, limit: Int) throws -> [UserPoolClientType]
    func clientCount(poolKey: Int64) throws -> Int

    func user(poolKey: Int64, usernameKey: String) throws -> UserRecord?
    /// Users whose normalised value in `column` equals `value` (alias and sub lookups).
    func users(poolKey: Int64, column: SearchColumn, equalTo value: String, limit: Int) throws -> [UserRecord]
    func users(matching query: UserQuery) throws -> [UserRecord]

    func group(poolKey: Int64, name: String) throws -> GroupType?
    /// Groups of a pool ordered by name.
    func groups(poolKey: Int64, after name: String?, limit: Int) throws -> [GroupType]
    func groupCount(poolKey: Int64) throws -> Int
    /// Groups of a user ordered by name.
    func groups(userId: Int64, after name: String?, limit: Int) throws -> [GroupType]
    /// Members of a group ordered by row key.
    func members(poolKey: Int64, group: String, afterUserId: Int64?, limit: Int) throws -> [UserRecord]

    func importJob(poolKey: Int64, id: String) throws -> ImportJobRecord?
    /// Import jobs of a pool, newest first, starting after the job with this id.
    func importJobs(poolKey: Int64, after id: String?, limit: Int) throws -> [ImportJobRecord]

    /// The CSV file uploaded for an import job.
    func importFile(jobId: String) throws -> Data?
    /// The rows of an import job that failed or were skipped, in line order.
    func importErrors(jobId: String, limit: Int) throws -> [ImportJobRecord.RowError]

    func verificationCode(userId: Int64, purpose: VerificationCode.Purpose) throws -> VerificationCode?

    /// Messages, newest first, optionally only for one pool and user.
    func messages(poolId: String?, username: String?, limit: Int) throws -> [OutboxMessage]

    func user(id: Int64) throws -> UserRecord?

    func signingKeys(poolKey: Int64) throws -> [SigningKeyRecord]
    /// Which keys a pool has and when each was retired: a cheap look to tell whether
    /// parsed keys are still the pool's.
    func signingKeyStates(poolKey: Int64) throws -> [SigningKeyState]
    func refreshToken(hash: Data) throws -> RefreshTokenRecord?
    /// Whether the sign-in that `originJti` names has had its refresh token revoked.
    func isRevoked(originJti: String) throws -> Bool
    func authSession(hash: Data) throws -> AuthSessionRecord?
    /// The newest unused session of a user for a challenge (for clients that answer
    /// DEVICE_SRP_AUTH without the session).
    func latestAuthSession(userId: Int64, challenge: String) throws -> AuthSessionRecord?
    func device(key: String) throws -> DeviceRecord?
    /// A user's devices by key, after `after`.
    func devices(userId: Int64, after: String?, limit: Int) throws -> [DeviceRecord]
    /// A user's auth events, newest first, starting after the event with row key `after`.
    func authEvents(userId: Int64, after: Int64?, limit: Int) throws -> [AuthEventRecord]
    /// A pool's auth events, newest first, starting after the event with row key `after`;
    /// only those from `address` when one is given.
    func poolAuthEvents(poolKey: Int64, address: String?, after: Int64?, limit: Int) throws -> [AuthEventRecord]
    /// The risk of a pool's events since a time (at most `limit`, newest first).
    func riskOutcomes(poolKey: Int64, since: Date, limit: Int) throws -> [ScoredOutcome]
    /// The addresses (or usernames) with the most failed sign-ins since a time, with the
    /// number of distinct users (or addresses) each involved.
    func failureLeaders(poolKey: Int64, since: Date, byAddress: Bool, limit: Int) throws -> [FailureCount]
    /// The event with this id, if it is the user's.
    func authEvent(userId: Int64, eventId: String) throws -> AuthEventRecord?
    /// The users whose sign-ins failed from `address` since `since` (one name per failure).
    func failedSignIns(poolKey: Int64, address: String, since: Date) throws -> [String]
    /// The risk configuration of a pool (`clientId` nil) or of one of its app clients.
    func riskConfiguration(poolKey: Int64, clientId: String?) throws -> RiskConfigurationType?
    /// The time and outcome of a pool's latest auth events (at most `limit`), newest first.
    func recentAuthOutcomes(poolKey: Int64, limit: Int) throws -> [(created: Date, response: EventResponseType)]
    /// A setting of the store itself (not of a pool), e.g. the at-rest key's check value.
    func storeSetting(_ name: String) throws -> String?
    /// One piece of sealed material, if the store holds any: to tell whether a key opens it.
    func sealedSample() throws -> SealedSample?
}

/// Something the store keeps sealed under the at-rest key.
public enum SealedSample: Sendable {
    case signingKey(SigningKeyRecord)
    case password(poolId: String, userIdForSRP: String, material: Data)
}

/// Changes to the directory, available inside `DirectoryStore.write`.
public protocol DirectoryWriter: DirectoryReader, IdentityPoolWriter {
    /// Inserts a pool and returns its store key.
    func insertPool(_ pool: UserPoolType) throws -> Int64
    func updatePool(key: Int64, _ pool: UserPoolType) throws
    /// Deletes a pool with everything in it.
    func deletePool(key: Int64) throws

    func insertClient(poolKey: Int64, _ client: UserPoolClientType) throws
    func updateClient(_ client: UserPoolClientType) throws
    func deleteClient(id: String) throws

    /// Inserts a user and returns its row key. Fails on a duplicate username or sub.
    func insertUser(_ user: UserRecord) throws -> Int64
    /// Inserts many users at once (seeding); they must all be new. Returns their row keys.
    @discardableResult
    func insertUsers(_ users: [UserRecord]) throws -> [Int64]
    func updateUser(_ user: UserRecord) throws
    func deleteUser(_ user: UserRecord) throws

    func insertGroup(poolKey: Int64, _ group: GroupType) throws
    func updateGroup(poolKey: Int64, _ group: GroupType) throws
    func deleteGroup(poolKey: Int64, name: String) throws
    func addMember(poolKey: Int64, group: String, userId: Int64) throws
    func removeMember(poolKey: Int64, group: String, userId: Int64) throws

    func insertImportJob(_ job: ImportJobRecord) throws
    func updateImportJob(_ job: ImportJobRecord) throws
    func saveImportFile(jobId: String, _ csv: Data) throws
    func appendImportErrors(jobId: String, _ errors: [ImportJobRecord.RowError]) throws

    func saveVerificationCode(_ code: VerificationCode) throws
    func deleteVerificationCode(userId: Int64, purpose: VerificationCode.Purpose) throws

    func appendMessage(_ message: OutboxMessage) throws

    func updatePoolMfaConfig(key: Int64, _ config: GetUserPoolMfaConfigResponse) throws

    func insertSigningKey(poolKey: Int64, _ key: SigningKeyRecord) throws
    func retireSigningKey(kid: String, at date: Date) throws

    func insertRefreshToken(_ token: RefreshTokenRecord) throws
    func revokeRefreshToken(hash: Data) throws
    /// Shortens a refresh token's life (a rotated token lives on for the grace period).
    func expireRefreshToken(hash: Data, at date: Date) throws
    func revokeRefreshTokens(userId: Int64) throws

    func insertAuthSession(_ session: AuthSessionRecord) throws
    func updateAuthSession(_ session: AuthSessionRecord) throws
    func markAuthSessionUsed(hash: Data) throws
    /// Forgets sessions that expired before `date`.
    func purgeAuthSessions(expiredBefore date: Date) throws

    @discardableResult
    func insertAuthEvent(_ event: AuthEventRecord) throws -> Int64
    func insertDevice(_ device: DeviceRecord) throws
    func updateDevice(_ device: DeviceRecord) throws
    func deleteDevice(key: String) throws
    /// Revokes every refresh token issued to a sign-in from the device.
    func revokeRefreshTokens(deviceKey: String) throws
    func updateAuthEventFeedback(id: Int64, _ feedback: EventFeedbackType) throws
    func setRiskConfiguration(poolKey: Int64, clientId: String?, _ configuration: RiskConfigurationType?) throws
    func setStoreSetting(_ name: String, _ value: String) throws
}
