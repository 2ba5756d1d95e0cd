import CNCurses
import Dispatch
import Foundation
import SigilCore
import Synchronization

/// Runs the console on the real terminal: takes it over, runs the event loop on the
/// calling thread, and gives the terminal back on quit, on SIGTERM, SIGHUP or SIGINT,
/// and (as far as a dying process can) on a crash signal.
public enum ConsoleRunner {
    public struct NotATerminal: Error, CustomStringConvertible {
        public var description: String {
            "sigil console needs a terminal (standard input and output must be a TTY); "
                + "for scripts use the other commands, e.g. sigil overview or sigil serve"
        }
    }

    public static func run(engine: any ConsoleBackend, clock: AdjustableClock?, settings: ConsoleSettings) throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw NotATerminal() }
        let stop = StopFlag()
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGHUP, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop.set() }
            source.resume()
            sources.append(source)
        }
        defer { for source in sources { source.cancel() } }
        let terminal = NCursesTerminal()
        CrashGuard.install()
        let app = ConsoleApp(engine: engine, terminal: terminal, clock: clock, settings: settings)
        app.run(shouldStop: { stop.isSet })
    }
}

/// Set from a signal handler's queue, read by the event loop.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .relaxed) }
    var isSet: Bool { flag.load(ordering: .relaxed) }
}

/// On a crash signal, puts the terminal back before the process dies: the handler that
/// was there before (the Swift runtime's backtracer) runs, then the signal's default
/// action ends the process, even when the signal was sent rather than a real fault.
enum CrashGuard {
    static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]
    /// The handlers found at install time, one per signal above; written once, before
    /// any handler can run.
    nonisolated(unsafe) static var previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 6)

    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { signalNumber, info, context in
            endwin()
            if let index = CrashGuard.signals.firstIndex(of: signalNumber) {
                let before = CrashGuard.previous[index]
                if before.sa_flags & SA_SIGINFO != 0 {
                    before.__sigaction_handler.sa_sigaction?(signalNumber, info, context)
                } else if let handler = before.__sigaction_handler.sa_handler,
                    unsafeBitCast(handler, to: Int.self) > 1  // neither SIG_DFL (0) nor SIG_IGN (1)
                {
                    handler(signalNumber)
                }
            }
            signal(signalNumber, SIG_DFL)
            raise(signalNumber)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_SIGINFO
        for (index, signalNumber) in signals.enumerated() { sigaction(signalNumber, &action, previous + index) }
    }
}
