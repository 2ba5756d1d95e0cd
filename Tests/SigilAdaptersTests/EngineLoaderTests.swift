import Foundation
import GRDB
import SigilCore
import Testing

@testable import SigilAdapters

/// Opening a store: its key must be the one its material is sealed with, and its files
/// are private to their owner.
@Suite struct EngineLoaderTests {
    let directory: URL
    let path: String
    var keyFile: String { path + ".key" }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-loader-\(UUID().uuidString)")
        path = directory.appendingPathComponent("store.db").path
    }

    func mode(_ file: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
    }

    /// A store with one pool and one user with a password: sealed material.
    func storeWithAUser() async throws {
        let engine = try await EngineLoader.open(databasePath: path)
        let poolId = try await engine.createUserPool(CreateUserPoolRequest(poolName: "p")).userPool!.id!
        _ = try await engine.adminCreateUser(
            AdminCreateUserRequest(userPoolId: poolId, username: "ann", temporaryPassword: "Passw0rd!", messageAction: .suppress))
        try await engine.store.close()
    }

    func otherKey() throws {
        try FileManager.default.removeItem(atPath: keyFile)
        _ = try AtRestKey.create(at: keyFile)
    }

    @Test func theStoreAndItsKeyArePrivate() async throws {
        let engine = try await EngineLoader.open(databasePath: path)
        _ = try await engine.createUserPool(CreateUserPoolRequest(poolName: "p"))
        for file in [path, path + "-wal", path + "-shm", keyFile] {
            #expect(try mode(file) == 0o600, "\(file)")
        }
        try await engine.store.close()
    }

    @Test func looseFilesAreNarrowedWhenOpened() async throws {
        try await storeWithAUser()
        chmod(path, 0o644)
        let engine = try await EngineLoader.open(databasePath: path)
        #expect(try mode(path) == 0o600)
        try await engine.store.close()
    }

    @Test func aMissingKeyFileStopsTheStoreFromOpening() async throws {
        try await storeWithAUser()
        try FileManager.default.removeItem(atPath: keyFile)
        await #expect(throws: EngineLoader.Failure.keyMissing(database: path, keyFile: keyFile)) {
            _ = try await EngineLoader.open(databasePath: path)
        }
        #expect(!FileManager.default.fileExists(atPath: keyFile), "no new key is made")
        let message = EngineLoader.Failure.keyMissing(database: path, keyFile: keyFile).description
        #expect(message.contains(keyFile) && message.contains(AtRestKey.environmentVariable))
    }

    @Test func anotherKeyStopsTheStoreFromOpening() async throws {
        try await storeWithAUser()
        try otherKey()
        await #expect(throws: EngineLoader.Failure.keyDifferent(database: path, keyFile: keyFile)) {
            _ = try await EngineLoader.open(databasePath: path)
        }
    }

    /// A store from before the check value was recorded is checked against what it has sealed.
    @Test func anotherKeyIsFoundInAnOlderStoreToo() async throws {
        try await storeWithAUser()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try db.execute(sql: "DELETE FROM store_settings") }
        try queue.close()
        try otherKey()
        await #expect(throws: EngineLoader.Failure.keyDifferent(database: path, keyFile: keyFile)) {
            _ = try await EngineLoader.open(databasePath: path)
        }
    }

    @Test func theRightKeyOpensAndSignsIn() async throws {
        try await storeWithAUser()
        let engine = try await EngineLoader.open(databasePath: path)
        let pool = try #require(try await engine.poolSummaries().first)
        #expect(try await engine.adminGetUser(AdminGetUserRequest(userPoolId: pool.id, username: "ann")).username == "ann")
        try await engine.store.close()
    }

    @Test func aStoreWithNothingSealedMayGetANewKey() async throws {
        let engine = try await EngineLoader.open(databasePath: path)
        _ = try await engine.createUserPool(CreateUserPoolRequest(poolName: "p"))
        try await engine.store.close()
        try FileManager.default.removeItem(atPath: keyFile)
        try await EngineLoader.open(databasePath: path).store.close()
        #expect(FileManager.default.fileExists(atPath: keyFile))
        try otherKey()
        try await EngineLoader.open(databasePath: path).store.close()
    }

    @Test func aKeyFileOthersCanReadIsRefused() async throws {
        try await storeWithAUser()
        chmod(keyFile, 0o644)
        await #expect(throws: AtRestKey.Failure.self) { _ = try await EngineLoader.open(databasePath: path) }
        #expect(try mode(keyFile) == 0o644, "the file is left as it was")
    }

    @Test func aURLIsNotAStorePath() async throws {
        let url = "postgres://user@host:5432/db"
        await #expect(throws: EngineLoader.Failure.notAFilePath(url)) { _ = try await EngineLoader.open(databasePath: url) }
        #expect(!FileManager.default.fileExists(atPath: "postgres:"))
    }
}
