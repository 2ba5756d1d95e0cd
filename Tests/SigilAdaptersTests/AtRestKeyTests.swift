import Foundation
import Testing

@testable import SigilAdapters

@Suite struct AtRestKeyTests {
    @Test func createsAPrivateKeyFileOnceAndReusesIt() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-key-\(UUID().uuidString)/db.key").path
        let first = try AtRestKey.load(keyFile: path, environment: [:])
        #expect(first.count == 32)
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(try AtRestKey.load(keyFile: path, environment: [:]) == first)
    }

    @Test func theEnvironmentWins() async throws {
        let key = Data(repeating: 9, count: 32).base64EncodedString()
        #expect(try AtRestKey.load(keyFile: "/nonexistent/x", environment: [AtRestKey.environmentVariable: key]) == Array(repeating: 9, count: 32))
        #expect(throws: AtRestKey.Failure.self) {
            _ = try AtRestKey.load(keyFile: "/nonexistent/x", environment: [AtRestKey.environmentVariable: "c2hvcnQ="])
        }
    }

    @Test func aDamagedKeyFileIsAnError() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-key-\(UUID().uuidString)").path
        try "not a key".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        #expect(throws: AtRestKey.Failure.self) { _ = try AtRestKey.load(keyFile: path, environment: [:]) }
    }
}
