import Foundation

/// How many connections the server holds open at once. Each takes a file descriptor;
/// a server that runs out of them can't open its store or accept anything, so the limit
/// stays below the process's descriptor limit with room for the store and the rest.
public enum ConnectionLimit {
    public static let defaultMaximum = 4_096
    /// Descriptors kept for the store (database, WAL, readers), key files, logs and the terminal.
    static let reserve: rlim_t = 64

    /// Raises the soft descriptor limit to the hard one (as servers commonly do) and
    /// returns `wanted` or, if lower, what the limit leaves after the reserve.
    public static func allowed(_ wanted: Int) -> Int {
        var limits = rlimit()
        guard getrlimit(descriptorLimit, &limits) == 0 else { return wanted }
        // Where the hard limit is unlimited (macOS), a soft limit of "unlimited" is refused.
        let ceiling = limits.rlim_max == rlim_t.max ? max(limits.rlim_cur, 10_240) : limits.rlim_max
        if limits.rlim_cur < ceiling {
            var raised = limits
            raised.rlim_cur = ceiling
            if setrlimit(descriptorLimit, &raised) == 0 { limits = raised }
        }
        let available = limits.rlim_cur > reserve * 2 ? limits.rlim_cur - reserve : limits.rlim_cur / 2
        return max(1, min(wanted, Int(clamping: available)))
    }

    #if os(Linux)
        private static let descriptorLimit = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let descriptorLimit = RLIMIT_NOFILE
    #endif
}
