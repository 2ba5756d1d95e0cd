import Foundation
import SigilAdapters
import SigilCore
import SigilCrypto
import Testing

@Suite struct ThreatProtectionFilesTests {
    func temporaryFile(_ text: String, name: String = "list.txt") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func hashLine(_ password: String, count: Int = 3) -> String {
        SHA1.hash(password).map { String(format: "%02X", $0) }.joined() + ":\(count)"
    }

    /// A sorted HIBP-style file of `filler` made-up hashes plus the given passwords.
    func pwnedFile(_ passwords: [String], filler: Int, lineEnd: String = "\n") throws -> String {
        var lines = passwords.map { Self.hashLine($0) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<filler {
            let bytes = (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
            lines.append(bytes.map { String(format: "%02X", $0) }.joined() + ":\(Int.random(in: 1...99_999, using: &generator))")
        }
        lines.sort()
        return try temporaryFile(lines.joined(separator: lineEnd) + lineEnd, name: "pwned.txt")
    }

    @Test func hashFilesAreSearchedOnDisk() async throws {
        let known = ["hunter2", "correct horse", "Tr0ub4dor&3", "zzzz", "a"]
        for (filler, ending) in [(0, "\n"), (40, "\r\n"), (60_000, "\n")] {
            let file = try PwnedPasswordsFile(path: try pwnedFile(known, filler: filler, lineEnd: ending))
            for password in known { #expect(try file.contains(password), "\(password) in a file of \(filler) lines") }
            for password in ["hunter3", "", "Correct horse", "not in the list at all"] {
                #expect(try !file.contains(password), "\(password) is not in the file")
            }
        }
    }

    @Test func theFirstAndLastLinesAreFound() async throws {
        let lines = (0..<10_000).map { "p\($0)" }.map { Self.hashLine($0) }.sorted()
        let path = try temporaryFile(lines.joined(separator: "\n") + "\n", name: "edges.txt")
        let file = try PwnedPasswordsFile(path: path)
        let first = (0..<10_000).first { Self.hashLine("p\($0)") == lines.first }!
        let last = (0..<10_000).first { Self.hashLine("p\($0)") == lines.last }!
        #expect(try file.contains("p\(first)") && file.contains("p\(last)"))
    }

    @Test func plainListsAndTheShippedOneWorkTogether() async throws {
        let path = try temporaryFile("Company2026!\nwinter-is-coming\n")
        let passwords = try ThreatProtectionFiles.breachedPasswords([path])
        #expect(passwords.source(of: "company2026!") == "list.txt")
        #expect(passwords.source(of: "P@ssw0rd") == "common passwords")
        #expect(passwords.source(of: "Corr3ct-Horse!") == nil)
    }

    @Test func badFilesAreNamedWithTheProblem() async throws {
        #expect(throws: ThreatProtectionFiles.Failure.self) { try ThreatProtectionFiles.breachedPasswords(["/nonexistent/pwned.txt"]) }
        let model = try temporaryFile(#"{"newDevice": 5, "colour": 3}"#, name: "model.json")
        do {
            _ = try ThreatProtectionFiles.riskModel(model)
            Issue.record("an unknown setting was accepted")
        } catch {
            #expect("\(error)".contains("unknown setting colour"))
        }
        let negative = try temporaryFile(#"{"highScore": -1}"#, name: "model.json")
        #expect(throws: ThreatProtectionFiles.Failure.self) { try ThreatProtectionFiles.riskModel(negative) }
        #expect(try ThreatProtectionFiles.riskModel(try temporaryFile(#"{"highScore": 80}"#, name: "model.json")).highScore == 80)
        let table = try temporaryFile("10.0.0.0/8,XX,Nowhere,0,0\n300.1.1.1/8,DE,Berlin,52.5,13.4\n", name: "places.csv")
        do {
            _ = try ThreatProtectionFiles.ipLocations(table)
            Issue.record("a bad range was accepted")
        } catch {
            #expect("\(error)".contains("line 2: 300.1.1.1/8 is not a CIDR range"))
        }
    }

    @Test func locationsPreferTheMostSpecificRange() async throws {
        let table = try ThreatProtectionFiles.ipLocations(
            try temporaryFile("10.0.0.0/8,DE,Berlin,52.5,13.4\n10.1.0.0/16,FR,Paris,48.9,2.35\n", name: "places.csv"))
        #expect(table.locate(IPAddress("10.1.2.3")!)?.city == "Paris")
        #expect(table.locate(IPAddress("10.9.2.3")!)?.city == "Berlin")
        #expect(table.locate(IPAddress("11.0.0.1")!) == nil)
        #expect(IPLocationTable.shipped.locate(IPAddress("2001:db8::1")!)?.country == "US")
        #expect(IPRange("2001:db8::/32")!.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(!IPRange("2001:db8::/32")!.contains(IPAddress("203.0.113.1")!))
        #expect(IPAddress("::ffff:203.0.113.9")!.description == "203.0.113.9")
    }
}
