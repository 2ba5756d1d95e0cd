import BenchSupport
import Foundation
import SigilAdapters

// The breached-password lookup benchmark: writes a sorted Have I Been Pwned style file of
// 10,000,000 lines (HASH:count), then times lookups of hashes that are in it and of
// passwords that are not (SHA-1 included), and prints the process's peak memory.
//
//   swift run -c release pwned-bench [--lines N] [--lookups N] [--file PATH]

let lineCount = argument("--lines", default: 10_000_000)
let lookupCount = argument("--lookups", default: 100_000)
let path = argument("--file") ?? FileManager.default.temporaryDirectory.appendingPathComponent("sigil-pwned-\(getpid()).txt").path
let keep = argument("--file") != nil
defer { if !keep { try? FileManager.default.removeItem(atPath: path) } }

func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: 16 - digits.count) + digits
}

var present: [String] = []
if !FileManager.default.fileExists(atPath: path) {
    // Evenly spread, strictly increasing first 64 bits, random rest: sorted without sorting.
    let started = now()
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = FileHandle(forWritingAtPath: path)!
    let step = UInt64.max / UInt64(lineCount)
    var generator = SystemRandomNumberGenerator()
    var buffer = ""
    buffer.reserveCapacity(1 << 20)
    for index in 0..<lineCount {
        let first = UInt64(index) * step + UInt64.random(in: 0..<step, using: &generator)
        let rest =
            hex(UInt64.random(in: 0...UInt64.max, using: &generator)) + String(hex(UInt64.random(in: 0...UInt64.max, using: &generator)).prefix(8))
        let line = hex(first) + rest
        if index % max(1, lineCount / 10_000) == 0 { present.append(line) }
        buffer += line + ":" + String(UInt32.random(in: 1...100_000, using: &generator)) + "\n"
        if buffer.utf8.count > 1 << 20 {
            handle.write(Data(buffer.utf8))
            buffer.removeAll(keepingCapacity: true)
        }
    }
    handle.write(Data(buffer.utf8))
    try handle.close()
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    print(String(format: "wrote %d lines (%.0f MB) in %.1f s", lineCount, Double(size) / 1_048_576, now() - started))
} else {
    print("using \(path)")
}

let file = try PwnedPasswordsFile(path: path)
var hits: [Double] = []
var misses: [Double] = []
var generator = SystemRandomNumberGenerator()
for index in 0..<lookupCount {
    if index % 2 == 0, !present.isEmpty {
        let hash = present[Int.random(in: 0..<present.count, using: &generator)]
        let start = now()
        let found = try file.contains(hash: hash)
        hits.append(now() - start)
        precondition(found, "a hash written to the file was not found")
    } else {
        let password = "not-breached-\(UInt64.random(in: 0...UInt64.max, using: &generator))"
        let start = now()
        let found = try file.contains(password)
        misses.append(now() - start)
        precondition(!found, "a random password was found")
    }
}
hits.sort()
misses.sort()
func micro(_ seconds: Double) -> String { String(format: "%.1f µs", seconds * 1_000_000) }
print("Sigil breached-password lookup on \(lineCount) lines, \(lookupCount) lookups")
if !hits.isEmpty {
    print("hash in the file:       p50 \(micro(percentile(hits, 0.5)))  p99 \(micro(percentile(hits, 0.99)))  max \(micro(hits.last!))")
}
print("password not in it:     p50 \(micro(percentile(misses, 0.5)))  p99 \(micro(percentile(misses, 0.99)))  max \(micro(misses.last!))")
print(String(format: "peak memory:            %.0f MB resident", peakResidentMegabytes()))
