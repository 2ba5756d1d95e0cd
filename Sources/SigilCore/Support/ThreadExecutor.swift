import Foundation

/// A task executor whose jobs run on whichever one thread calls `serve`, until `finish`.
///
/// The store runs a transaction's body this way on the database connection's thread; the
/// console runs its engine calls on a thread of its own, so they go on while the threads
/// of Swift's shared pool are busy or blocked.
public final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var finished = false

    public init() {}

    /// An executor served by a new thread of its own for as long as the process lives.
    public static func dedicated(name: String) -> ThreadExecutor {
        let executor = ThreadExecutor()
        let thread = Thread { executor.serve() }
        thread.name = name
        thread.start()
        return executor
    }

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
        condition.signal()
        condition.unlock()
    }
}
