import Foundation

/// A task executor whose jobs run on the threads that call `serve` (one, or a few), until
/// `finish`.
///
/// The store runs its transactions on a few threads of its own this way (SQLite's calls
/// block), and each transaction's body on the thread that holds the connection; the
/// console runs its engine calls on a thread of its own, so they go on while the threads
/// of Swift's shared pool are busy or blocked.
public final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var finished = false

    public init() {}

    /// An executor served by threads of its own (each job runs on one of them) for as long
    /// as the process lives.
    public static func dedicated(name: String, threads: Int = 1) -> ThreadExecutor {
        let executor = ThreadExecutor()
        for index in 0..<max(1, threads) {
            let thread = Thread {
                Thread.current.threadDictionary[mayBlockKey] = true
                executor.serve()
            }
            thread.name = threads > 1 ? "\(name).\(index + 1)" : name
            thread.start()
        }
        return executor
    }

    private static let mayBlockKey = "sigil.thread.mayBlock"

    /// Whether this thread is one of a dedicated executor's: work that blocks may run on it.
    public static var currentThreadMayBlock: Bool { Thread.current.threadDictionary[mayBlockKey] as? Bool ?? false }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs jobs as they come until `finish` is called and none is left.
    public func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty && !finished { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    public func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
