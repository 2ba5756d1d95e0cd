import Foundation

// What the benchmark programs share: reading options, percentiles, and peak memory.

/// The integer after `name` on the command line, or `value`.
public func argument(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1]) else {
        return value
    }
    return number
}

/// The text after `name` on the command line, if given.
public func argument(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

public func milliseconds(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }

/// The `p` quantile (0…1) of values sorted ascending.
public func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
}

/// The most memory this process has had resident, in MB.
public func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Seconds since some fixed point, for timing.
public func now() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}
