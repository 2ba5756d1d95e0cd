import Foundation
import SigilCore
import SigilCrypto
import SigilJSON

/// A Have I Been Pwned password file: uppercase SHA-1 hashes with counts, `HASH:count`
/// a line, sorted by hash (as PwnedPasswordsDownloader writes it). Looked up by binary
/// search with a few small reads, so a file of any size stays on disk.
public final class PwnedPasswordsFile: BreachedPasswordSource, @unchecked Sendable {
    public let name: String
    private let handle: FileHandle
    private let size: UInt64
    private let lock = NSLock()

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(description: "\(path) can't be opened for reading") }
        self.handle = handle
        size = try handle.seekToEnd()
        name = URL(fileURLWithPath: path).lastPathComponent
        guard Self.looksLikeHashes(try Self.read(handle, at: 0, count: 64)) else {
            throw Failure(description: "\(path) does not start with a SHA-1 hash line like 7C4A8D09CA3762AF61E59520943DC26494F8941B:24230577")
        }
    }

    deinit { try? handle.close() }

    /// Whether `bytes` starts with 40 uppercase hex digits and a colon.
    static func looksLikeHashes(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 40, bytes[40] == UInt8(ascii: ":") else { return false }
        return bytes.prefix(40).allSatisfy { (0x30...0x39).contains($0) || (0x41...0x46).contains($0) }
    }

    public func contains(_ password: String) throws -> Bool {
        try contains(hash: SHA1.hash(password).map { String(format: "%02X", $0) }.joined())
    }

    /// Whether the file holds this SHA-1 hash (40 uppercase hex digits).
    public func contains(hash: String) throws -> Bool {
        let target = Array(hash.utf8)
        lock.lock()
        defer { lock.unlock() }
        var low: UInt64 = 0
        var high = size
        // Invariant: a line holding the target starts in [low, high).
        while high - low > 4_096 {
            let middle = low + (high - low) / 2
            guard let (start, key) = try line(atOrAfter: middle), start < high else {
                high = middle
                continue
            }
            if key == target { return true }
            if key.lexicographicallyPrecedes(target) { low = start + 1 } else { high = start }
        }
        // A few kilobytes left: read them and look at each line that starts inside.
        let begin = low == 0 ? 0 : low - 1
        let window = try Self.read(handle, at: begin, count: Int(high - begin) + 64)
        var index = low == 0 ? 0 : (window.firstIndex(of: 0x0A).map { $0 + 1 } ?? window.count)
        while index + 40 <= window.count, UInt64(index) + begin < high {
            if Array(window[index..<index + 40]) == target { return true }
            guard let newline = window[index...].firstIndex(of: 0x0A) else { break }
            index = newline + 1
        }
        return false
    }

    /// The first line that starts at or after `offset`: where, and its hash.
    private func line(atOrAfter offset: UInt64) throws -> (UInt64, [UInt8])? {
        if offset == 0 { return (0, Array(try Self.read(handle, at: 0, count: 40))) }
        let bytes = try Self.read(handle, at: offset - 1, count: 160)
        guard let newline = bytes.firstIndex(of: 0x0A), newline + 41 <= bytes.count else { return nil }
        return (offset + UInt64(newline), Array(bytes[(newline + 1)..<(newline + 41)]))
    }

    private static func read(_ handle: FileHandle, at offset: UInt64, count: Int) throws -> [UInt8] {
        try handle.seek(toOffset: offset)
        return [UInt8](try handle.read(upToCount: count) ?? Data())
    }
}

/// Reads the operator's threat-protection files: breached-password lists (HIBP hash files
/// or plain lists, one password a line), an address → location table, and a risk model.
public enum ThreatProtectionFiles {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func breachedPasswords(_ paths: [String]) throws -> BreachedPasswords {
        var sources: [any BreachedPasswordSource] = [CommonPasswordList.shipped]
        for path in paths {
            guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(description: "Password list \(path) can't be opened") }
            let head = [UInt8]((try? handle.read(upToCount: 64)) ?? Data())
            try? handle.close()
            if PwnedPasswordsFile.looksLikeHashes(head) {
                sources.append(try PwnedPasswordsFile(path: path))
            } else {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw Failure(description: "Password list \(path) is neither a HASH:count file nor UTF-8 text")
                }
                sources.append(CommonPasswordList(text: text, name: URL(fileURLWithPath: path).lastPathComponent))
            }
        }
        return BreachedPasswords(sources: sources)
    }

    public static func ipLocations(_ path: String?) throws -> IPLocationTable {
        guard let path else { return .shipped }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure(description: "Location table \(path) can't be read")
        }
        do {
            return try IPLocationTable(csv: text, source: path)
        } catch {
            throw Failure(description: "\(error)")
        }
    }

    /// A JSON object with any of RiskModel's names and whole-number values.
    public static func riskModel(_ path: String?) throws -> RiskModel {
        guard let path else { return .standard }
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "Risk model \(path) can't be read") }
        guard let object = (try? JSONValue(json: [UInt8](data)))?.objectValue else {
            throw Failure(description: "Risk model \(path) is not a JSON object")
        }
        let known = Set(RiskModel.CodingKeys.allNames)
        for (key, value) in object {
            guard known.contains(key) else {
                throw Failure(description: "Risk model \(path): unknown setting \(key); settings are \(known.sorted().joined(separator: ", "))")
            }
            guard let number = value.intValue, number >= 0 else {
                throw Failure(description: "Risk model \(path): \(key) must be a whole number of at least 0")
            }
        }
        return try JSONDecoder().decode(RiskModel.self, from: data)
    }
}
