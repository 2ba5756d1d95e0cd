import Foundation
import SigilCore
import SigilCrypto
import SigilStore
import Testing

/// Two engines on one store file, as two processes (the console and a server, or two
/// servers) use it: neither may act on what it remembers when the store says otherwise.
@Suite struct SharedStoreTests {
    let path: String
    let key = Array(repeating: UInt8(7), count: 32)

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-shared-\(UUID().uuidString)/s.db").path
    }

    func engine() throws -> Engine {
        try Engine(store: try SQLiteStore(path: path), configuration: EngineConfiguration(atRestKey: key))
    }

    /// A pool with an app client and a user who can sign in; returns the pool and client ids.
    func poolWithUser(_ engine: Engine, name: String) async throws -> (pool: String, client: String) {
        let pool = try await engine.createUserPool(CreateUserPoolRequest(poolName: name)).userPool!.id!
        let client = try await engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: pool, clientName: "app", explicitAuthFlows: [.allowAdminUserPasswordAuth, .allowRefreshTokenAuth])
        ).userPoolClient!.clientId!
        _ = try await engine.adminCreateUser(AdminCreateUserRequest(userPoolId: pool, username: "ann", messageAction: .suppress))
        _ = try await engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: pool, username: "ann", password: "Passw0rd!", permanent: true))
        return (pool, client)
    }

    func kid(_ engine: Engine, _ ids: (pool: String, client: String)) async throws -> String {
        let result = try await engine.adminInitiateAuth(
            AdminInitiateAuthRequest(
                userPoolId: ids.pool, clientId: ids.client, authFlow: .adminUserPasswordAuth,
                authParameters: ["USERNAME": "ann", "PASSWORD": "Passw0rd!"]))
        let token = try #require(result.authenticationResult?.idToken)
        return try #require(try JWT.decode(token).header["kid"]?.stringValue)
    }

    func published(_ engine: Engine, _ pool: String) async throws -> Set<String> {
        Set((try await engine.jwks(poolId: pool)["keys"]?.arrayValue ?? []).compactMap { $0["kid"]?.stringValue })
    }

    @Test func aPoolMadeInAnotherProcessIsSignedWithItsOwnKeys() async throws {
        let first = try engine()
        let second = try engine()
        let old = try await poolWithUser(first, name: "old")
        _ = try await kid(first, old)
        // The other process deletes the pool and makes a new one (SQLite may reuse its row).
        try await second.deleteUserPool(DeleteUserPoolRequest(userPoolId: old.pool))
        let new = try await poolWithUser(second, name: "new")
        _ = try await kid(second, new)
        let signed = try await kid(first, new)
        await #expect(try published(second, new.pool).contains(signed))
        await #expect(try published(first, new.pool) == published(second, new.pool))
    }

    @Test func aRotationInAnotherProcessIsSeenAtOnce() async throws {
        let first = try engine()
        let second = try engine()
        let ids = try await poolWithUser(first, name: "p")
        let before = try await kid(first, ids)
        try await second.rotateSigningKeys(poolId: ids.pool)
        let after = try await kid(first, ids)
        #expect(after != before)
        await #expect(try published(second, ids.pool).isSuperset(of: [before, after]))
    }
}
