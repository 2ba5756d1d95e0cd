import Foundation
import GRDB
import SigilCore

/// The directory's queries and changes inside one SQLite transaction.
struct SQLiteDirectory: DirectoryWriter {
    let db: Database

    static let pools = DecodedConfigCache<UserPoolType>()
    static let mfaConfigs = DecodedConfigCache<GetUserPoolMfaConfigResponse>()
    static let clients = DecodedConfigCache<UserPoolClientType>()

    // MARK: - Pools

    func pool(id: String) throws -> StoredPool? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Self.poolColumns) FROM pools WHERE id = ?"), arguments: [id])
            .map(Self.pool(from:))
    }

    func pools(after id: String?, limit: Int) throws -> [StoredPool] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT \(Self.poolColumns) FROM pools WHERE id > ? ORDER BY id LIMIT ?"),
            arguments: [id ?? "", limit]
        ).map(Self.pool(from:))
    }

    func insertPool(_ pool: UserPoolType) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT INTO pools (id, config) VALUES (?, ?)").execute(arguments: [pool.id, try StoredJSON.encode(pool)])
        return db.lastInsertedRowID
    }

    func updatePool(key: Int64, _ pool: UserPoolType) throws {
        try db.cachedStatement(sql: "UPDATE pools SET config = ? WHERE key = ?").execute(arguments: [try StoredJSON.encode(pool), key])
    }

    func deletePool(key: Int64) throws {
        if let id = try String.fetchOne(try db.cachedStatement(sql: "SELECT id FROM pools WHERE key = ?"), arguments: [key]) {
            try db.cachedStatement(sql: "DELETE FROM outbox WHERE pool_id = ?").execute(arguments: [id])
        }
        try db.cachedStatement(sql: "DELETE FROM memberships WHERE pool_key = ?").execute(arguments: [key])
        try db.cachedStatement(sql: "DELETE FROM users WHERE pool_key = ?").execute(arguments: [key])
        try db.cachedStatement(sql: "DELETE FROM pools WHERE key = ?").execute(arguments: [key])
    }

    private static let poolColumns = "key, config, user_count, mfa_config, id"

    private static func pool(from row: Row) throws -> StoredPool {
        let id: String = row["id"]
        return StoredPool(
            key: row["key"], pool: try pools.value(for: id, text: row["config"]) { try StoredJSON.decode(UserPoolType.self, from: $0) },
            userCount: row["user_count"],
            mfaConfig: try (row["mfa_config"] as String?).map { text in
                try mfaConfigs.value(for: id, text: text) { try StoredJSON.decode(GetUserPoolMfaConfigResponse.self, from: $0) }
            })
    }

    // MARK: - App clients

    func client(id: String) throws -> UserPoolClientType? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT config FROM clients WHERE id = ?"), arguments: [id]).map { text in
            try Self.clients.value(for: id, text: text) { try StoredJSON.decode(UserPoolClientType.self, from: $0) }
        }
    }

    func clients(poolKey: Int64, after id: String?, limit: Int) throws -> [UserPoolClientType] {
        try String.fetchAll(
            try db.cachedStatement(sql: "SELECT config FROM clients WHERE pool_key = ? AND id > ? ORDER BY id LIMIT ?"),
            arguments: [poolKey, id ?? "", limit]
        ).map { try StoredJSON.decode(UserPoolClientType.self, from: $0) }
    }

    func clientCount(poolKey: Int64) throws -> Int {
        try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM clients WHERE pool_key = ?"), arguments: [poolKey]) ?? 0
    }

    func insertClient(poolKey: Int64, _ client: UserPoolClientType) throws {
        try db.cachedStatement(sql: "INSERT INTO clients (id, pool_key, config) VALUES (?, ?, ?)").execute(arguments: [
            client.clientId, poolKey, try StoredJSON.encode(client),
        ])
    }

    func updateClient(_ client: UserPoolClientType) throws {
        try db.cachedStatement(sql: "UPDATE clients SET config = ? WHERE id = ?").execute(arguments: [try StoredJSON.encode(client), client.clientId])
    }

    func deleteClient(id: String) throws {
        try db.cachedStatement(sql: "DELETE FROM clients WHERE id = ?").execute(arguments: [id])
    }

    // MARK: - Users

    func user(poolKey: Int64, usernameKey: String) throws -> UserRecord? {
        try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT \(UserRows.columns) FROM users WHERE pool_key = ? AND username_key = ?"),
            arguments: [poolKey, usernameKey]
        ).map(UserRows.user(from:))
    }

    func users(poolKey: Int64, column: SearchColumn, equalTo value: String, limit: Int) throws -> [UserRecord] {
        let name = UserRows.columnName(column)
        return try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT \(UserRows.columns) FROM users WHERE pool_key = ? AND \(name) = ? ORDER BY id LIMIT ?"),
            arguments: [poolKey, value, limit]
        ).map(UserRows.user(from:))
    }

    func users(matching query: UserQuery) throws -> [UserRecord] {
        let (sql, arguments) = UserRows.select(query)
        return try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: arguments).map(UserRows.user(from:))
    }

    func insertUser(_ user: UserRecord) throws -> Int64 {
        try db.cachedStatement(sql: UserRows.insert).execute(arguments: try UserRows.arguments(for: user))
        let id = db.lastInsertedRowID
        try db.cachedStatement(sql: "UPDATE pools SET user_count = user_count + 1 WHERE key = ?").execute(arguments: [user.poolKey])
        return id
    }

    func insertUsers(_ users: [UserRecord]) throws -> [Int64] {
        let statement = try db.cachedStatement(sql: UserRows.insert)
        var counts: [Int64: Int] = [:]
        var ids: [Int64] = []
        ids.reserveCapacity(users.count)
        for user in users {
            try statement.execute(arguments: try UserRows.arguments(for: user))
            ids.append(db.lastInsertedRowID)
            counts[user.poolKey, default: 0] += 1
        }
        for (poolKey, count) in counts {
            try db.cachedStatement(sql: "UPDATE pools SET user_count = user_count + ? WHERE key = ?").execute(arguments: [count, poolKey])
        }
        return ids
    }

    func updateUser(_ user: UserRecord) throws {
        guard let id = user.id else { return }
        var arguments = try UserRows.arguments(for: user)
        _ = arguments.append(contentsOf: [id])
        try db.cachedStatement(sql: UserRows.update).execute(arguments: arguments)
    }

    func deleteUser(_ user: UserRecord) throws {
        guard let id = user.id else { return }
        try db.cachedStatement(sql: "DELETE FROM users WHERE id = ?").execute(arguments: [id])
        if db.changesCount > 0 {
            try db.cachedStatement(sql: "UPDATE pools SET user_count = user_count - 1 WHERE key = ?").execute(arguments: [user.poolKey])
        }
    }

    // MARK: - Groups

    func group(poolKey: Int64, name: String) throws -> GroupType? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT config FROM groups WHERE pool_key = ? AND name = ?"), arguments: [poolKey, name])
            .map { try StoredJSON.decode(GroupType.self, from: $0) }
    }

    func groups(poolKey: Int64, after name: String?, limit: Int) throws -> [GroupType] {
        try String.fetchAll(
            try db.cachedStatement(sql: "SELECT config FROM groups WHERE pool_key = ? AND name > ? ORDER BY name LIMIT ?"),
            arguments: [poolKey, name ?? "", limit]
        ).map { try StoredJSON.decode(GroupType.self, from: $0) }
    }

    func groupCount(poolKey: Int64) throws -> Int {
        try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM groups WHERE pool_key = ?"), arguments: [poolKey]) ?? 0
    }

    func groups(userId: Int64, after name: String?, limit: Int) throws -> [GroupType] {
        try String.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT g.config FROM memberships m JOIN groups g ON g.pool_key = m.pool_key AND g.name = m.group_name
                    WHERE m.user_id = ? AND m.group_name > ? ORDER BY m.group_name LIMIT ?
                    """),
            arguments: [userId, name ?? "", limit]
        ).map { try StoredJSON.decode(GroupType.self, from: $0) }
    }

    func members(poolKey: Int64, group: String, afterUserId: Int64?, limit: Int) throws -> [UserRecord] {
        try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT \(UserRows.columns) FROM memberships m JOIN users ON users.id = m.user_id
                    WHERE m.pool_key = ? AND m.group_name = ? AND m.user_id > ? ORDER BY m.user_id LIMIT ?
                    """),
            arguments: [poolKey, group, afterUserId ?? 0, limit]
        ).map(UserRows.user(from:))
    }

    func insertGroup(poolKey: Int64, _ group: GroupType) throws {
        try db.cachedStatement(sql: "INSERT INTO groups (pool_key, name, config) VALUES (?, ?, ?)").execute(arguments: [
            poolKey, group.groupName, try StoredJSON.encode(group),
        ])
    }

    func updateGroup(poolKey: Int64, _ group: GroupType) throws {
        try db.cachedStatement(sql: "UPDATE groups SET config = ? WHERE pool_key = ? AND name = ?").execute(arguments: [
            try StoredJSON.encode(group), poolKey, group.groupName,
        ])
    }

    func deleteGroup(poolKey: Int64, name: String) throws {
        try db.cachedStatement(sql: "DELETE FROM groups WHERE pool_key = ? AND name = ?").execute(arguments: [poolKey, name])
    }

    func addMember(poolKey: Int64, group: String, userId: Int64) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO memberships (pool_key, group_name, user_id) VALUES (?, ?, ?)").execute(arguments: [
            poolKey, group, userId,
        ])
    }

    func removeMember(poolKey: Int64, group: String, userId: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM memberships WHERE pool_key = ? AND group_name = ? AND user_id = ?").execute(arguments: [
            poolKey, group, userId,
        ])
    }

    // MARK: - Import jobs

    func importJob(poolKey: Int64, id: String) throws -> ImportJobRecord? {
        try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT config, heartbeat FROM import_jobs WHERE pool_key = ? AND id = ?"), arguments: [poolKey, id]
        )
        .map { try Self.importJob($0, poolKey: poolKey) }
    }

    func importJobs(poolKey: Int64, after id: String?, limit: Int) throws -> [ImportJobRecord] {
        let before = try id.flatMap { try Int64.fetchOne(try db.cachedStatement(sql: "SELECT seq FROM import_jobs WHERE id = ?"), arguments: [$0]) }
        return try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT config, heartbeat FROM import_jobs WHERE pool_key = ? AND seq < ? ORDER BY seq DESC LIMIT ?"),
            arguments: [poolKey, before ?? Int64.max, limit]
        ).map { try Self.importJob($0, poolKey: poolKey) }
    }

    private static func importJob(_ row: Row, poolKey: Int64) throws -> ImportJobRecord {
        ImportJobRecord(
            poolKey: poolKey, job: try StoredJSON.decode(UserImportJobType.self, from: row["config"]),
            heartbeat: (row["heartbeat"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    func importFile(jobId: String) throws -> Data? {
        try Data.fetchOne(try db.cachedStatement(sql: "SELECT file FROM import_jobs WHERE id = ?"), arguments: [jobId])
    }

    func importErrors(jobId: String, limit: Int) throws -> [ImportJobRecord.RowError] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT line, outcome, username, reason FROM import_errors WHERE job_id = ? ORDER BY line LIMIT ?"),
            arguments: [jobId, limit]
        ).map { row in
            ImportJobRecord.RowError(
                line: row["line"], outcome: ImportJobRecord.RowError.Outcome(rawValue: row["outcome"]) ?? .failed, username: row["username"],
                reason: row["reason"])
        }
    }

    func insertImportJob(_ job: ImportJobRecord) throws {
        try db.cachedStatement(sql: "INSERT INTO import_jobs (id, pool_key, config) VALUES (?, ?, ?)").execute(arguments: [
            job.job.jobId, job.poolKey, try StoredJSON.encode(job.job),
        ])
    }

    func updateImportJob(_ job: ImportJobRecord) throws {
        try db.cachedStatement(sql: "UPDATE import_jobs SET config = ?, heartbeat = ? WHERE id = ?").execute(
            arguments: [try StoredJSON.encode(job.job), job.heartbeat?.timeIntervalSince1970, job.job.jobId])
    }

    func saveImportFile(jobId: String, _ csv: Data) throws {
        try db.cachedStatement(sql: "UPDATE import_jobs SET file = ? WHERE id = ?").execute(arguments: [csv, jobId])
    }

    func appendImportErrors(jobId: String, _ errors: [ImportJobRecord.RowError]) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO import_errors (job_id, line, outcome, username, reason) VALUES (?, ?, ?, ?, ?)")
        for error in errors {
            try statement.execute(arguments: [jobId, error.line, error.outcome.rawValue, error.username, error.reason])
        }
    }

    // MARK: - Codes

    func verificationCode(userId: Int64, purpose: VerificationCode.Purpose) throws -> VerificationCode? {
        try Row.fetchOne(
            try db.cachedStatement(
                sql: "SELECT hash, expires, attempts, attribute, sends, window_start FROM codes WHERE user_id = ? AND purpose = ?"),
            arguments: [userId, purpose.rawValue]
        ).map { row in
            VerificationCode(
                userId: userId, purpose: purpose, codeHash: row["hash"], expires: Date(timeIntervalSince1970: row["expires"]),
                attempts: row["attempts"], attribute: row["attribute"], sends: row["sends"],
                windowStart: (row["window_start"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }

    func saveVerificationCode(_ code: VerificationCode) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO codes (user_id, purpose, hash, expires, attempts, attribute, sends, window_start)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            code.userId, code.purpose.rawValue, code.codeHash, code.expires.timeIntervalSince1970, code.attempts, code.attribute,
            code.sends, code.windowStart?.timeIntervalSince1970,
        ])
    }

    func deleteVerificationCode(userId: Int64, purpose: VerificationCode.Purpose) throws {
        try db.cachedStatement(sql: "DELETE FROM codes WHERE user_id = ? AND purpose = ?").execute(arguments: [userId, purpose.rawValue])
    }

    // MARK: - Outbox

    func messages(poolId: String?, username: String?, limit: Int) throws -> [OutboxMessage] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let poolId {
            conditions.append("pool_id = ?")
            arguments.append(poolId)
        }
        if let username {
            conditions.append("username = ?")
            arguments.append(username)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(limit)
        return try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT id, pool_id, username, channel, destination, purpose, subject, text, code, sent
                    FROM outbox \(filter) ORDER BY id DESC LIMIT ?
                    """),
            arguments: StatementArguments(arguments)
        ).map { row in
            OutboxMessage(
                id: row["id"], poolId: row["pool_id"], username: row["username"], channel: DeliveryMediumType(rawValue: row["channel"]) ?? .email,
                destination: row["destination"], purpose: OutboxMessage.Purpose(rawValue: row["purpose"]) ?? .invitation, subject: row["subject"],
                text: row["text"], code: row["code"], sent: Date(timeIntervalSince1970: row["sent"]))
        }
    }

    func appendMessage(_ message: OutboxMessage) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO outbox (pool_id, username, channel, destination, purpose, subject, text, code, sent)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            message.poolId, message.username, message.channel.rawValue, message.destination, message.purpose.rawValue,
            message.subject, message.text, message.code, message.sent.timeIntervalSince1970,
        ])
    }
}
