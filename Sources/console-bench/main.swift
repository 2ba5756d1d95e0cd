import BenchSupport
import Foundation
import SigilAdapters
import SigilConsole
import SigilCore
import SigilRemote

// The console benchmark: a pool of 1,000,000 users, the console on a headless terminal
// of 120×40, and the time from a key press to the frame that shows its result (engine
// calls included) while scrolling and while filtering; the time to the first frame; and
// the console's peak resident memory.
//
//   swift run -c release console-bench [--users N] [--db PATH]
//   console-bench --endpoint URL        (Benchmarks/console-remote/run: attached to a sigil serve)
//
// Attached to a server, each key is timed twice: to the first frame after it (which
// never waits on the network) and to the frame with the data it asked for.
// The pool is seeded by a child process (so seeding's memory is not counted) into PATH,
// or a temporary file; an existing PATH with a pool is used as it is.

let userCount = argument("--users", default: 1_000_000)
let keyCount = argument("--keys", default: 2_000)

if CommandLine.arguments.contains("--seed-only") {
    let engine = try await EngineLoader.open(databasePath: argument("--db")!)
    _ = try await DemoSeeder(engine: engine).seed(DemoSeeder.Options(poolName: "bench", users: userCount))
    try await local?.store.close()
    exit(0)
}

let temporary = argument("--db") == nil
let path = argument("--db") ?? FileManager.default.temporaryDirectory.appendingPathComponent("sigil-console-bench-\(getpid()).db").path
defer {
    if temporary {
        for suffix in ["", "-wal", "-shm", ".key"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
if !FileManager.default.fileExists(atPath: path) && argument("--endpoint") == nil {
    print("Seeding \(userCount) users into \(temporary ? "a temporary store" : path)…")
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    child.arguments = ["--seed-only", "--db", path, "--users", String(userCount)]
    try child.run()
    child.waitUntilExit()
    guard child.terminationStatus == 0 else { fatalError("seeding failed") }
}

/// A terminal that keeps frames in memory and compares each with the last, as the
/// ncurses terminal does before sending changed cells.
final class BenchTerminal: Terminal {
    let width = 120
    let height = 40
    let supportsColor = true
    var frames = 0
    var changedCells = 0
    private var previous: Canvas?
    var last: Canvas?

    func draw(_ canvas: Canvas) {
        if let previous {
            for y in 0..<canvas.height {
                for x in 0..<canvas.width where previous[x, y] != canvas[x, y] { changedCells += 1 }
            }
        }
        previous = canvas
        last = canvas
        frames += 1
    }

    func nextInput(timeout: Double) -> InputEvent? { nil }
    func restore() {}
}

let openStart = now()
let remote = argument("--endpoint").flatMap(URL.init(string:))
let local: Engine? = remote == nil ? try await EngineLoader.open(databasePath: path) : nil
var backend: any ConsoleBackend
if let local {
    backend = local
} else if let remote {
    let probe = await SigilAdminClient.probe(remote)
    let credentials = try? AWSCredentialSource().credentials()
    backend = RemoteBackend(
        client: CognitoAPIClient(endpoint: remote, region: probe.region ?? "us-east-1", credentials: credentials),
        location: BackendLocation(kind: probe.isSigil ? .sigil : .remote, address: remote.absoluteString, region: probe.region ?? "us-east-1"),
        issuerBase: remote.absoluteString,
        admin: probe.isSigil ? SigilAdminClient(endpoint: remote, region: probe.region ?? "us-east-1", credentials: credentials) : nil)
} else {
    fatalError("unreachable")
}
let opened = now() - openStart
let terminal = BenchTerminal()
let app = ConsoleApp(engine: backend, terminal: terminal, settings: ConsoleSettings(offerDemo: false))
app.settle()
let firstFrame = now() - openStart
let pool = app.model.pools.pools.first
print("Sigil console benchmark: \(TextLayout.count(pool?.users ?? 0)) users, \(terminal.width)×\(terminal.height), \(keyCount) keys per run")
guard app.model.screen == .directory, app.model.directory.rows.count > 0 else { fatalError("the directory did not open") }
print(
    "first frame:        \(milliseconds(firstFrame)) (opening the \(remote == nil ? "store" : "connection") \(milliseconds(opened)), then the pools and the first page of users)"
)

/// Times each key from the press to the frame with its result (and, attached to a
/// server, to the first frame after it).
@MainActor func run(_ label: String, _ keys: [Key]) {
    var latencies: [Double] = []
    var firstFrames: [Double] = []
    latencies.reserveCapacity(keys.count)
    for key in keys {
        let start = now()
        if remote != nil {
            app.press(.key(key))
            firstFrames.append(now() - start)
            app.settle()
        } else {
            app.send(.key(key))
        }
        latencies.append(now() - start)
    }
    latencies.sort()
    firstFrames.sort()
    if remote != nil {
        print(
            "\(label) key → frame p50 \(milliseconds(percentile(firstFrames, 0.5)))  p99 \(milliseconds(percentile(firstFrames, 0.99)));  "
                + "key → data p50 \(milliseconds(percentile(latencies, 0.5)))  p99 \(milliseconds(percentile(latencies, 0.99)))  "
                + "max \(milliseconds(latencies.last ?? 0))")
        return
    }
    print(
        "\(label) p50 \(milliseconds(percentile(latencies, 0.5)))  p99 \(milliseconds(percentile(latencies, 0.99)))  "
            + "max \(milliseconds(latencies.last ?? 0))")
}

// Scrolling: mostly rows and pages down, some back up, jumps to the end and the start.
var scrollKeys: [Key] = []
var generator = SystemRandomNumberGenerator()
for index in 0..<keyCount {
    switch index % 100 {
    case 50: scrollKeys.append(.end)
    case 75: scrollKeys.append(.home)
    default:
        let roll = Int.random(in: 0..<10, using: &generator)
        scrollKeys.append(roll < 5 ? .down : roll < 8 ? .pageDown : roll < 9 ? .up : .pageUp)
    }
}
run("scrolling:         ", scrollKeys)
print("                    \(TextLayout.count(app.model.directory.rows.count)) rows held at the end (of \(TextLayout.count(pool?.users ?? 0)))")

// Filtering: type prefixes of names and emails, erase them, type others; each key is a
// new query over the whole pool.
app.send(.key(.home))
app.send(.key(.character("/")))
var filterKeys: [Key] = []
let words = DemoSeeder.givenNames.map { $0.lowercased() } + ["alice@", "bob@ex", "email ^= \"ann\"", "name ^= \"Car\""]
var wordIndex = 0
while filterKeys.count < keyCount {
    let word = words[wordIndex % words.count]
    wordIndex += 1
    filterKeys += word.map { Key.character($0) }
    filterKeys += Array(repeating: .backspace, count: word.count)
}
run("filtering:         ", Array(filterKeys.prefix(keyCount)))

print(String(format: "peak memory:        %.0f MB resident", peakResidentMegabytes()))
try await local?.store.close()
