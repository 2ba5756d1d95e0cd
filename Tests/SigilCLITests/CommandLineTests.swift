import Foundation
import GRDB
import Testing

/// Runs the real `sigil` binary, as scripts do.
struct SigilBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let url: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sigil")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/sigil")
    }()

    let directory: URL
    var db: String { directory.appendingPathComponent("cli.db").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func process(_ arguments: [String]) -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = Self.url
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        return (process, out, err)
    }

    @discardableResult
    func run(_ arguments: String...) throws -> Result { try run(arguments) }

    @discardableResult
    func run(_ arguments: [String]) throws -> Result {
        let (process, out, err) = process(arguments)
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    func json(_ arguments: String...) throws -> [String: Any] {
        let (process, out, _) = process(arguments)
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(arguments)")
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}

@Suite struct CommandLineTests {
    let sigil: SigilBinary
    init() throws { sigil = try SigilBinary() }

    func seededPool(users: Int = 50) throws -> String {
        let pool = try sigil.json("seed", "--db", sigil.db, "--users", String(users), "--json")
        return try #require(pool["Id"] as? String)
    }

    @Test func seedPrintsThePoolAndListPrintsUsers() async throws {
        let pool = try sigil.json("seed", "--db", sigil.db, "--users", "75", "--json")
        let id = try #require(pool["Id"] as? String)
        #expect(id.hasPrefix("us-east-1_"))
        #expect(pool["EstimatedNumberOfUsers"] as? Int == 75)
        let all = try sigil.json("user", "list", "--db", sigil.db, "--pool", id, "--json")
        #expect((all["Users"] as? [[String: Any]])?.count == 75)
        let some = try sigil.json("user", "list", "--db", sigil.db, "--pool", id, "--limit", "3", "--json")
        let users = try #require(some["Users"] as? [[String: Any]])
        #expect(users.count == 3)
        #expect(users[0]["Username"] is String && users[0]["Attributes"] is [[String: Any]] && users[0]["UserStatus"] is String)
        let filtered = try sigil.json("user", "list", "--db", sigil.db, "--pool", id, "--filter", "username = \"alice\"", "--json")
        #expect((filtered["Users"] as? [[String: Any]])?.first?["Username"] as? String == "alice")
    }

    @Test func errorsPrintTheExceptionNameAndMessage() async throws {
        let id = try seededPool()
        let missing = try sigil.run("user", "get", "--db", sigil.db, "--pool", id, "--user", "ghost")
        #expect(missing.status != 0)
        #expect(missing.stderr == "UserNotFoundException: User does not exist.\n")
        #expect(missing.stdout.isEmpty)
        let badFilter = try sigil.run("user", "list", "--db", sigil.db, "--pool", id, "--filter", "email ~ \"x\"")
        #expect(badFilter.status != 0)
        #expect(badFilter.stderr.hasPrefix("InvalidParameterException: Error while parsing filter."))
        let badPool = try sigil.run("pool", "describe", "--db", sigil.db, "--pool", "us-east-1_NotThere1")
        #expect(badPool.stderr == "ResourceNotFoundException: User pool us-east-1_NotThere1 does not exist.\n")
        let badArgument = try sigil.run("user", "list", "--db", sigil.db, "--pool", id, "--limit", "many")
        #expect(badArgument.status != 0)
        #expect(badArgument.stderr.contains("--limit"))
        let badAttribute = try sigil.run("user", "create", "--db", sigil.db, "--pool", id, "--user", "x", "--attribute", "noequals")
        #expect(badAttribute.status != 0)
        #expect(badAttribute.stderr.contains("--attribute"))
    }

    @Test func outboxLastPrintsTheCodeAlone() async throws {
        let id = try seededPool()
        try sigil.run(
            "user", "create", "--db", sigil.db, "--pool", id, "--user", "dana", "--attribute", "email=dana@example.com", "--delivery", "EMAIL")
        let code = try sigil.run("outbox", "last", "--db", sigil.db, "--pool", id, "--user", "dana")
        #expect(code.status == 0)
        #expect(code.stdout.wholeMatch(of: /\S{8,}\n/) != nil, "\(code.stdout)")
        let none = try sigil.run("outbox", "last", "--db", sigil.db, "--pool", id, "--user", "alice")
        #expect(none.status != 0)
    }

    @Test func importReportsRowsByLine() async throws {
        let id = try seededPool(users: 5)
        let file = sigil.directory.appendingPathComponent("users.csv")
        try "cognito:username,email,email_verified\nzed,zed@example.com,true\nyan,not-an-email,true\n".write(
            to: file, atomically: true, encoding: .utf8)
        let result = try sigil.run("import", "--db", sigil.db, "--pool", id, "--file", file.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Imported 1, skipped 0, failed 1"))
        #expect(result.stdout.contains("[FAILED] Line 3 (yan): Invalid email address format."))
        let missing = try sigil.run("import", "--db", sigil.db, "--pool", id, "--file", "/nonexistent.csv")
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent.csv"))
    }

    @Test func poolAndGroupCommands() async throws {
        let created = try sigil.run("pool", "create", "--db", sigil.db, "--name", "shop", "--alias-attributes", "email", "--case-insensitive")
        #expect(created.status == 0)
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let described = try sigil.json("pool", "describe", "--db", sigil.db, "--pool", id, "--json")
        #expect((described["UserPool"] as? [String: Any])?["AliasAttributes"] as? [String] == ["email"])
        #expect(try sigil.run("group", "create", "--db", sigil.db, "--pool", id, "--group", "staff").status == 0)
        #expect(try sigil.run("user", "create", "--db", sigil.db, "--pool", id, "--user", "Kim", "--suppress").status == 0)
        #expect(try sigil.run("group", "add-user", "--db", sigil.db, "--pool", id, "--group", "staff", "--user", "kim").status == 0)
        let members = try sigil.json("group", "members", "--db", sigil.db, "--pool", id, "--group", "staff", "--json")
        #expect((members["Users"] as? [[String: Any]])?.first?["Username"] as? String == "Kim")
        let bad = try sigil.run("pool", "create", "--db", sigil.db, "--name", "x", "--alias-attributes", "shoe_size")
        #expect(bad.status != 0)
    }

    @Test func domainAndResourceServerCommands() async throws {
        let id = try sigil.run("pool", "create", "--db", sigil.db, "--name", "shop").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try sigil.run("domain", "create", "--db", sigil.db, "--pool", id, "--domain", "shop-login").status == 0)
        let reserved = try sigil.run("domain", "create", "--db", sigil.db, "--pool", id, "--domain", "cognito-shop")
        #expect(reserved.status != 0 && reserved.stderr.contains("Domain cannot contain reserved word: cognito"))
        let listed = try sigil.run("domain", "list", "--db", sigil.db, "--pool", id)
        #expect(listed.stdout.contains("shop-login") && listed.stdout.contains("prefix"))
        let scopes = ["--scope", "read=Read orders", "--scope", "write=Place orders"]
        #expect(
            try sigil.run(["resource-server", "create", "--db", sigil.db, "--pool", id, "--identifier", "orders", "--name", "Orders"] + scopes).status
                == 0)
        let servers = try sigil.json("resource-server", "list", "--db", sigil.db, "--pool", id, "--json")
        let scopeNames = ((servers["ResourceServers"] as? [[String: Any]])?.first?["Scopes"] as? [[String: Any]])?.compactMap {
            $0["ScopeName"] as? String
        }
        #expect(scopeNames == ["read", "write"])
        let badScope = try sigil.run(
            "resource-server", "create", "--db", sigil.db, "--pool", id, "--identifier", "x", "--name", "X", "--scope", "read")
        #expect(badScope.status != 0 && badScope.stderr.contains("--scope read must be NAME=DESCRIPTION"))
        #expect(try sigil.run("domain", "delete", "--db", sigil.db, "--pool", id, "--domain", "shop-login").status == 0)
        let gone = try sigil.run("domain", "describe", "--db", sigil.db, "--domain", "shop-login")
        #expect(gone.status != 0 && gone.stderr.contains("No pool has the domain shop-login."))
    }

    /// A process killed in the middle of loading users leaves whole batches only: the
    /// pool's count matches its rows and the file is intact.
    @Test func functionCommands() async throws {
        let handler = sigil.directory.appendingPathComponent("confirm.py")
        try "def handler(event, context):\n    return event\n".write(to: handler, atomically: true, encoding: .utf8)
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:confirm"
        let mapped = try sigil.run("function", "map", arn, "--handler", handler.path + ":handler", "--env", "STAGE=test", "--db", sigil.db)
        #expect(mapped.status == 0 && mapped.stdout.contains("Mapped \(arn) to python \(handler.path):handler"))
        let listed = try sigil.run("function", "list", "--db", sigil.db)
        #expect(listed.stdout.contains("confirm") && listed.stdout.contains("5 s") && listed.stdout.contains("STAGE"))
        let bad = try sigil.run("function", "map", arn, "--handler", handler.path, "--env", "no-equals", "--db", sigil.db)
        #expect(bad.status != 0 && bad.stderr.contains("--env takes NAME=VALUE"))
        let runtime = try sigil.run("function", "map", arn, "--handler", handler.path, "--runtime", "ruby", "--db", sigil.db)
        #expect(runtime.status != 0)
        #expect(try sigil.run("function", "unmap", arn, "--db", sigil.db).status == 0)
        let again = try sigil.run("function", "unmap", arn, "--db", sigil.db)
        #expect(again.status != 0 && again.stderr.contains("No handler is mapped to \(arn)."))
        let ric = try sigil.run("function", "map", arn, "--handler", handler.path, "--runtime-client", "awslambdaric", "--db", sigil.db)
        #expect(ric.status == 0 && ric.stdout.contains("python (awslambdaric)"))
        let missing = try sigil.run("function", "map", arn, "--handler", handler.path, "--interpreter", "/nowhere/python", "--db", sigil.db)
        #expect(missing.status != 0 && missing.stderr.contains("The interpreter /nowhere/python does not exist"))
        let key = try sigil.run("function", "sender-key", "alias/sigil", "--db", sigil.db)
        #expect(key.status == 0 && Data(base64Encoded: key.stdout.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32)
    }

    @Test func demoWithTriggersMapsTheExampleHandlers() async throws {
        let seeded = try sigil.run("demo", "--triggers", "--users", "5", "--db", sigil.db)
        #expect(seeded.status == 0 && seeded.stdout.contains("Triggers: handlers in"))
        let listed = try sigil.run("function", "list", "--db", sigil.db).stdout
        for name in ["demo-auto-confirm", "demo-add-claims", "demo-migrate", "demo-one-time-code"] { #expect(listed.contains(name)) }
        let folder = sigil.directory.appendingPathComponent("triggers")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("node/one-time-code.mjs").path))
        let smtp = try sigil.run("serve", "--smtp", "mail.example:nope", "--db", sigil.db)
        #expect(smtp.status != 0 && smtp.stderr.contains("--smtp takes HOST:PORT"))
    }

    @Test func killedMidWriteLeavesNoHalfWrittenData() async throws {
        let (process, _, err) = sigil.process(["seed", "--db", sigil.db, "--users", "400000"])
        try process.run()
        let reader = err.fileHandleForReading
        var seen = ""
        let deadline = Date().addingTimeInterval(120)
        while !seen.contains("Seeding: 50000/") && Date() < deadline {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let queue = try DatabaseQueue(path: sigil.db)
        try await queue.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let recorded = try Int.fetchOne(db, sql: "SELECT user_count FROM pools") ?? -1
            let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM users") ?? -2
            #expect(recorded == rows)
            #expect(rows >= 50_000 && rows < 400_000)
            #expect(rows % 50_000 == 0, "only whole batches: \(rows)")
            let orphans = try Int.fetchOne(db, sql: "SELECT count(*) FROM memberships WHERE user_id NOT IN (SELECT id FROM users)")
            #expect(orphans == 0)
        }
    }
}
