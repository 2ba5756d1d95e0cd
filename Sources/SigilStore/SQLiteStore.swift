import Foundation
import GRDB
import SigilCore

/// The directory in SQLite: a file in WAL mode, so readers run beside the one writer, or
/// a database in memory (for tests and throwaway runs) with the same schema. Every
/// `write` is one transaction, committed whole or not at all.
///
/// Isolation: writes are serialized (one writer at a time), and each read sees a
/// snapshot of committed data; that is the promise of the storage port.
public final class SQLiteStore: DirectoryStore {
    let database: any DatabaseWriter
    /// The database file, or `:memory:`.
    public let path: String

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public convenience init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.makePrivate(path)
        try self.init(database: try DatabasePool(path: path, configuration: Self.configuration()), path: path)
    }

    /// A store in memory, gone when it is closed: the same schema and behaviour, no file.
    public static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(database: try DatabaseQueue(configuration: configuration()), path: ":memory:")
    }

    private init(database: any DatabaseWriter, path: String) throws {
        self.database = database
        self.path = path
        try Migrations.migrator.migrate(database)
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // The writer may grow a page cache big enough to hold the user indexes of a
            // million-user pool while loading (SQLite allocates it only as pages are
            // used); readers need far less.
            let cacheKiB = db.configuration.readonly ? 16_384 : 524_288
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -\(cacheKiB)")
        }
        return configuration
    }

    // A transaction runs on a thread kept for blocking work (`BlockingWork`): in place
    // when the caller is on one already (a server request, the console), after a hop
    // otherwise; GRDB's synchronous read or write runs there with no further thread switch.
    // GRDB's own async reads and writes were measured at 70–80 µs for an empty transaction
    // (two dispatch jumps out and a continuation back) against about 10 µs in place.

    public func read<T>(_ body: (any DirectoryReader) async throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            let call = BodyCall(body)
            return try await BlockingWork.run { try readOnStoreThread(call) }
        }
    }

    public func write<T>(_ body: (any DirectoryWriter) async throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            let call = BodyCall(body)
            return try await BlockingWork.run { try writeOnStoreThread(call) }
        }
    }

    /// GRDB's synchronous read, with the body run to completion on this thread.
    private func readOnStoreThread<T>(_ call: BodyCall<any DirectoryReader, T>) throws -> T {
        try database.read { db in
            let db = UncheckedBox(db)
            return try ConnectionThread.run { try await call.take()(SQLiteDirectory(db: db.value)) }
        }
    }

    private func writeOnStoreThread<T>(_ call: BodyCall<any DirectoryWriter, T>) throws -> T {
        try database.write { db in
            let db = UncheckedBox(db)
            return try ConnectionThread.run { try await call.take()(SQLiteDirectory(db: db.value)) }
        }
    }

    /// The store holds password material, codes and the outbox's temporary passwords, so
    /// its files are its owner's alone: a new database file is created mode 0600 (SQLite
    /// gives its `-wal` and `-shm` files the database file's mode), and existing ones are
    /// narrowed to it.
    static func makePrivate(_ path: String) throws {
        let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor >= 0 {
            Foundation.close(descriptor)
        } else if errno != EEXIST {
            throw StoreFileError(path: path, code: errno)
        }
        for file in [path, path + "-wal", path + "-shm"] {
            var status = stat()
            if stat(file, &status) == 0, status.st_mode & 0o077 != 0 { chmod(file, 0o600) }
        }
    }

    /// Moves everything in the write-ahead log into the database file and closes it.
    public func close() async throws {
        if database is DatabasePool {
            try await database.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        }
        try database.close()
    }

    /// Where the database lives unless told otherwise: `$XDG_DATA_HOME/sigil/sigil.db`,
    /// or `~/.local/share/sigil/sigil.db`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            base = data
        } else {
            let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
            base = home + "/.local/share"
        }
        return base + "/sigil/sigil.db"
    }
}

/// A transaction body handed to GRDB's transaction closure and called there once. It lets go of the
/// body as it is called, so nothing holds it once the caller is answered.
private final class BodyCall<Argument, Result>: @unchecked Sendable {
    private var body: ((Argument) async throws -> Result)?

    init(_ body: @escaping (Argument) async throws -> Result) { self.body = body }

    func take() -> (Argument) async throws -> Result {
        defer { body = nil }
        return body!
    }
}

/// A database file that could not be created.
public struct StoreFileError: Error, CustomStringConvertible {
    public let path: String
    public let code: Int32

    public var description: String { "Could not create the database file \(path): \(String(cString: strerror(code)))" }
}
