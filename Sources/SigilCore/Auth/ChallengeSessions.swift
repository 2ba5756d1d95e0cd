import Foundation
import SigilCrypto

/// Challenge `Session` strings (and SRP SECRET_BLOCKs): opaque random handles whose state
/// stays on the server, known there only by hash. Each is single use and lives as long
/// as the client's AuthSessionValidity (3 minutes by default).
extension Engine {
    /// Creates a session for `challenge` and returns its handle (a new random one unless
    /// `handle` is given, as for an SRP SECRET_BLOCK).
    func openSession(
        challenge: String, user: UserRecord?, pool: StoredPool, client: UserPoolClientType, state: AuthSessionState,
        writer: any DirectoryWriter, handle: String? = nil
    ) async throws -> String {
        let now = clock.now
        let handle = handle ?? Base64URL.encode(SecureRandom.bytes(64))
        let minutes = client.authSessionValidity ?? 3
        try await writer.purgeAuthSessions(expiredBefore: now.addingTimeInterval(-3_600))
        try await writer.insertAuthSession(
            AuthSessionRecord(
                handleHash: Self.tokenHash(handle), poolKey: pool.key, userId: user?.id ?? 0, clientId: client.clientId ?? "",
                challenge: challenge, state: state, created: now, expires: now.addingTimeInterval(TimeInterval(minutes * 60))))
        return handle
    }

    /// The live session a handle names, checked as Cognito does: unknown, expired and
    /// already used sessions are each refused with their own message.
    func liveSession(_ handle: String?, clientId: String, reader: any DirectoryReader) async throws -> AuthSessionRecord {
        guard let handle, !handle.isEmpty else { throw CognitoError.invalidParameter("Missing required parameter Session") }
        return try await checkLive(try reader.authSession(hash: Self.tokenHash(handle)), clientId: clientId)
    }

    /// The session if it is for this client, unused and unexpired.
    func checkLive(_ found: AuthSessionRecord?, clientId: String) throws -> AuthSessionRecord {
        guard let session = found, session.clientId == clientId else {
            throw CognitoError.notAuthorized("Invalid session for the user.")
        }
        if session.used { throw CognitoError.notAuthorized("Invalid session for the user, session can only be used once.") }
        if clock.now >= session.expires { throw CognitoError.notAuthorized("Invalid session for the user, session is expired.") }
        return session
    }

    /// Marks a session spent.
    func spend(_ session: AuthSessionRecord, writer: any DirectoryWriter) async throws {
        try await writer.markAuthSessionUsed(hash: session.handleHash)
    }
}
