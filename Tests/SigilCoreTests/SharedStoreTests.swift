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
    func poolWithUser(_ engine: Engine, name: String) throws -> (pool: String, client: String) {
        let pool = try engine.createUserPool(CreateUserPoolRequest(poolName: name)).userPool!.id!
        let client = try engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: pool, clientName: "app", explicitAuthFlows: [.allowAdminUserPasswordAuth, .allowRefreshTokenAuth])
        ).userPoolClient!.clientId!
        _ = try engine.adminCreateUser(AdminCreateUserRequest(userPoolId: pool, username: "ann", messageAction: .suppress))
        _ = try engine.adminSetUserPassword(AdminSetUserPasswordRequest(userPoolId: pool, username: "ann", password: "Passw0rd!", permanent: true))
        return (pool, client)
    }

    func kid(_ engine: Engine, _ ids: (pool: String, client: String)) throws -> String {
        let result = try engine.adminInitiateAuth(
            AdminInitiateAuthRequest(
                userPoolId: ids.pool, clientId: ids.client, authFlow: .adminUserPasswordAuth,
                authParameters: ["USERNAME": "ann", "PASSWORD": "Passw0rd!"]))
        let token = try #require(result.authenticationResult?.idToken)
        return try #require(try JWT.decode(token).header["kid"]?.stringValue)
    }

    func published(_ engine: Engine, _ pool: String) throws -> Set<String> {
        Set((try engine.jwks(poolId: pool)["keys"]?.arrayValue ?? []).compactMap { $0["kid"]?.stringValue })
    }

    @Test func aPoolMadeInAnotherProcessIsSignedWithItsOwnKeys() throws {
        let first = try engine()
        let second = try engine()
        let old = try poolWithUser(first, name: "old")
        _ = try kid(first, old)
        // The other process deletes the pool and makes a new one (SQLite may reuse its row).
        try second.deleteUserPool(DeleteUserPoolRequest(userPoolId: old.pool))
        let new = try poolWithUser(second, name: "new")
        _ = try kid(second, new)
        let signed = try kid(first, new)
        #expect(try published(second, new.pool).contains(signed))
        #expect(try published(first, new.pool) == published(second, new.pool))
    }

    @Test func aRotationInAnotherProcessIsSeenAtOnce() throws {
        let first = try engine()
        let second = try engine()
        let ids = try poolWithUser(first, name: "p")
        let before = try kid(first, ids)
        try second.rotateSigningKeys(poolId: ids.pool)
        let after = try kid(first, ids)
        #expect(after != before)
        #expect(try published(second, ids.pool).isSuperset(of: [before, after]))
    }
}
