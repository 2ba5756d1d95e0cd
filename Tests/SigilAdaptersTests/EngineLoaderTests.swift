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
    func storeWithAUser() throws {
        let engine = try EngineLoader.open(databasePath: path)
        let poolId = try engine.createUserPool(CreateUserPoolRequest(poolName: "p")).userPool!.id!
        _ = try engine.adminCreateUser(
            AdminCreateUserRequest(userPoolId: poolId, username: "ann", temporaryPassword: "Passw0rd!", messageAction: .suppress))
        try engine.store.close()
    }

    func otherKey() throws {
        try FileManager.default.removeItem(atPath: keyFile)
        _ = try AtRestKey.create(at: keyFile)
    }

    @Test func theStoreAndItsKeyArePrivate() throws {
        let engine = try EngineLoader.open(databasePath: path)
        _ = try engine.createUserPool(CreateUserPoolRequest(poolName: "p"))
        for file in [path, path + "-wal", path + "-shm", keyFile] {
            #expect(try mode(file) == 0o600, "\(file)")
        }
        try engine.store.close()
    }

    @Test func looseFilesAreNarrowedWhenOpened() throws {
        try storeWithAUser()
        chmod(path, 0o644)
        let engine = try EngineLoader.open(databasePath: path)
        #expect(try mode(path) == 0o600)
        try engine.store.close()
    }

    @Test func aMissingKeyFileStopsTheStoreFromOpening() throws {
        try storeWithAUser()
        try FileManager.default.removeItem(atPath: keyFile)
        #expect(throws: EngineLoader.Failure.keyMissing(database: path, keyFile: keyFile)) { _ = try EngineLoader.open(databasePath: path) }
        #expect(!FileManager.default.fileExists(atPath: keyFile), "no new key is made")
        let message = EngineLoader.Failure.keyMissing(database: path, keyFile: keyFile).description
        #expect(message.contains(keyFile) && message.contains(AtRestKey.environmentVariable))
    }

    @Test func anotherKeyStopsTheStoreFromOpening() throws {
        try storeWithAUser()
        try otherKey()
        #expect(throws: EngineLoader.Failure.keyDifferent(database: path, keyFile: keyFile)) { _ = try EngineLoader.open(databasePath: path) }
    }

    /// A store from before the check value was recorded is checked against what it has sealed.
    @Test func anotherKeyIsFoundInAnOlderStoreToo() throws {
        try storeWithAUser()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "DELETE FROM store_settings") }
        try queue.close()
        try otherKey()
        #expect(throws: EngineLoader.Failure.keyDifferent(database: path, keyFile: keyFile)) { _ = try EngineLoader.open(databasePath: path) }
    }

    @Test func theRightKeyOpensAndSignsIn() throws {
        try storeWithAUser()
        let engine = try EngineLoader.open(databasePath: path)
        let pool = try #require(try engine.poolSummaries().first)
        #expect(try engine.adminGetUser(AdminGetUserRequest(userPoolId: pool.id, username: "ann")).username == "ann")
        try engine.store.close()
    }

    @Test func aStoreWithNothingSealedMayGetANewKey() throws {
        let engine = try EngineLoader.open(databasePath: path)
        _ = try engine.createUserPool(CreateUserPoolRequest(poolName: "p"))
        try engine.store.close()
        try FileManager.default.removeItem(atPath: keyFile)
        try EngineLoader.open(databasePath: path).store.close()
        #expect(FileManager.default.fileExists(atPath: keyFile))
        try otherKey()
        try EngineLoader.open(databasePath: path).store.close()
    }

    @Test func aKeyFileOthersCanReadIsRefused() throws {
        try storeWithAUser()
        chmod(keyFile, 0o644)
        #expect(throws: AtRestKey.Failure.self) { _ = try EngineLoader.open(databasePath: path) }
        #expect(try mode(keyFile) == 0o644, "the file is left as it was")
    }

    @Test func aURLIsNotAStorePath() throws {
        let url = "postgres://user@host:5432/db"
        #expect(throws: EngineLoader.Failure.notAFilePath(url)) { _ = try EngineLoader.open(databasePath: url) }
        #expect(!FileManager.default.fileExists(atPath: "postgres:"))
    }
}
