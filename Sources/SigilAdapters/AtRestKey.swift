import Foundation
import SigilCore
import SigilCrypto

/// The key that seals password material, kept outside the database file: from the
/// environment (`SIGIL_AT_REST_KEY`, 32 bytes in base64) or from a key file beside the
/// database, created on first start readable by its owner only.
public enum AtRestKey {
    public static let environmentVariable = "SIGIL_AT_REST_KEY"

    public enum Failure: Error, CustomStringConvertible {
        case badEnvironmentValue
        case badKeyFile(String)
        case cannotCreate(String, Int32)
        case readableByOthers(String, mode_t)

        public var description: String {
            switch self {
            case .badEnvironmentValue:
                return "\(AtRestKey.environmentVariable) must be 32 bytes encoded in base64"
            case .badKeyFile(let path):
                return "The key file \(path) does not hold a 32-byte key"
            case .cannotCreate(let path, let code):
                return "Could not create the key file \(path): \(String(cString: strerror(code)))"
            case .readableByOthers(let path, let mode):
                return "The key file \(path) can be read by other users (mode \(String(mode & 0o777, radix: 8))); "
                    + "make it private with: chmod 600 \(path)"
            }
        }
    }

    /// The key file that belongs to a database.
    public static func defaultPath(forDatabase path: String) -> String { path + ".key" }

    /// The key from the environment or the key file, creating the file when there is none.
    public static func load(keyFile path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [UInt8] {
        try existing(keyFile: path, environment: environment) ?? create(at: path)
    }

    /// The key from the environment or the key file; nil when neither has one. A key file
    /// that others can read is refused: whoever reads it can open the store's passwords.
    public static func existing(keyFile path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [UInt8]? {
        if let encoded = environment[environmentVariable], !encoded.isEmpty {
            guard let data = Data(base64Encoded: encoded), data.count == 32 else { throw Failure.badEnvironmentValue }
            return [UInt8](data)
        }
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        if status.st_mode & 0o077 != 0 { throw Failure.readableByOthers(path, status.st_mode) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
            let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32
        else { throw Failure.badKeyFile(path) }
        return [UInt8](key)
    }

    /// A new key in a new key file readable by its owner only.
    public static func create(at path: String) throws -> [UInt8] {
        let key = SecureRandom.bytes(32)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            // Another process created it first: use theirs, with the same checks, once it
            // has been written.
            if code == EEXIST {
                for _ in 0..<50 {
                    if let theirs = try? Self.existing(keyFile: path, environment: [:]) { return theirs }
                    usleep(20_000)
                }
                if let theirs = try Self.existing(keyFile: path, environment: [:]) { return theirs }
            }
            throw Failure.cannotCreate(path, code)
        }
        defer { close(descriptor) }
        let text = Array((Data(key).base64EncodedString() + "\n").utf8)
        guard write(descriptor, text, text.count) == text.count, fsync(descriptor) == 0 else {
            let code = errno
            unlink(path)
            throw Failure.cannotCreate(path, code)
        }
        return key
    }
}
