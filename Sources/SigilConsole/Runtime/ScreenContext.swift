import Foundation

/// What a screen knows of the world outside it: the current pool, the time, and the
/// part of the terminal it draws in.
public struct ScreenContext: Sendable, Equatable {
    public var poolId: String?
    public var poolName: String?
    public var now: Date
    /// Where the screen draws (the terminal less the status and key-hint bars).
    public var area: Rect
    /// Whether the terminal shows colours.
    public var colour: Bool

    public init(
        poolId: String? = nil, poolName: String? = nil, now: Date = Date(), area: Rect = Rect(x: 0, y: 1, width: 80, height: 22),
        colour: Bool = true
    ) {
        self.colour = colour
        self.poolId = poolId
        self.poolName = poolName
        self.now = now
        self.area = area
    }
}

/// Dates as the console prints them: UTC, to the second.
public enum ConsoleDate {
    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter
    }()
    private static let lock = NSLock()

    public static func string(_ date: Date?) -> String {
        guard let date else { return "—" }
        lock.lock()
        defer { lock.unlock() }
        return formatter.string(from: date)
    }

    /// `3m 05s`, `2h 10m`, `4d 2h` — for countdowns and ages.
    public static func duration(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded(.down))
        if total < 0 { return "-" + duration(-seconds) }
        if total < 60 { return "\(total)s" }
        if total < 3_600 { return total % 60 == 0 ? "\(total / 60)m" : "\(total / 60)m " + String(format: "%02ds", total % 60) }
        if total < 86_400 { return total % 3_600 < 60 ? "\(total / 3_600)h" : "\(total / 3_600)h " + String(format: "%02dm", (total % 3_600) / 60) }
        return total % 86_400 < 3_600 ? "\(total / 86_400)d" : "\(total / 86_400)d \((total % 86_400) / 3_600)h"
    }
}
