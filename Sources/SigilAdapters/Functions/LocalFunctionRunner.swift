import Foundation
import SigilCore
import SigilJSON

/// Runs the functions of triggers on this machine: each mapped handler file in a warm
/// worker process (Sigil's bootstrap for Python or Node.js, or AWS's `awslambdaric`),
/// fed through the Lambda Runtime API on a loopback port of its own. A function starts on
/// its first call (a cold start), stays warm, is restarted after a crash or a timeout, and
/// stops with Sigil (its worker ends when the API goes away).
public actor LocalFunctionRunner: FunctionRunner {
    /// How Python handlers are run: Sigil's bootstrap, or `python -m awslambdaric`.
    public enum PythonRuntime: Sendable { case bootstrap, awslambdaric }

    /// One worker process, fed by its own Runtime API and queue.
    private struct Worker {
        let queue: InvocationQueue
        let server: Task<Void, Never>
        let port: Int
        var process: Process?
    }

    /// A function's mapping as its workers run it.
    private struct Running {
        let mapping: FunctionMapping
        var workers: [Worker]
    }

    /// At most this many workers run one function; more calls at once wait their turn.
    public static let maxWorkers = 3

    private var running: [String: Running] = [:]
    private let python: String
    private let node: String
    private let pythonRuntime: PythonRuntime
    private let region: String
    /// Where each function's output (what its handler prints, its errors) is appended, as
    /// `<function name>.log`; nil drops it.
    private let logDirectory: URL?

    /// `python` and `node` name the interpreters (looked up on the PATH).
    public init(
        region: String = "us-east-1", python: String = "python3", node: String = "node", pythonRuntime: PythonRuntime = .bootstrap,
        logDirectory: URL? = nil
    ) {
        self.logDirectory = logDirectory
        self.region = region
        self.python = python
        self.node = node
        self.pythonRuntime = pythonRuntime
    }

    public nonisolated func invoke(_ mapping: FunctionMapping, event: JSONValue, timeout: Duration) async throws(FunctionFailure)
        -> FunctionAnswer
    {
        guard case .handler = mapping.target else { throw .crashed("is mapped to an Invoke API, which this runner does not call") }
        let bytes: [UInt8]
        do { bytes = try event.jsonBytes() } catch { throw .badResponse("the event could not be written") }
        let worker: Worker
        let coldStart: Bool
        do { (worker, coldStart) = try await ready(mapping) } catch { throw error as? FunctionFailure ?? .crashed("could not start: \(error)") }
        let result = await worker.queue.submit(bytes, timeout: timeout)
        switch result {
        case .success(let answer):
            guard let json = try? JSONValue(json: answer) else { throw .badResponse("the answer is not JSON") }
            return FunctionAnswer(json, coldStart: coldStart)
        case .failure(let failure):
            if failure == .timedOut { await restart(mapping.arn, port: worker.port) }
            if case .crashed = failure { await stopWorker(mapping.arn, port: worker.port) }
            throw failure
        }
    }

    /// How many workers run a function now.
    public func workerCount(_ arn: String) -> Int {
        running[arn]?.workers.filter { $0.process?.isRunning == true }.count ?? 0
    }

    /// Stops every function and its workers.
    public func stopAll() {
        for arn in Array(running.keys) { stop(arn) }
    }

    /// The worker for the next call: an idle warm one, else a new one while the function
    /// has fewer than `maxWorkers` (a cold start), else the least busy. A changed mapping
    /// stops the old workers first.
    private func ready(_ mapping: FunctionMapping) async throws -> (Worker, coldStart: Bool) {
        if let current = running[mapping.arn], current.mapping != mapping { stop(mapping.arn) }
        var backlogs: [(port: Int, backlog: Int)] = []
        for worker in running[mapping.arn]?.workers ?? [] where worker.process?.isRunning == true {
            let backlog = await worker.queue.backlog
            if backlog == 0, let idle = self.worker(mapping.arn, port: worker.port) { return (idle, false) }
            backlogs.append((worker.port, backlog))
        }
        if let entry = running[mapping.arn], let dead = entry.workers.first(where: { $0.process?.isRunning != true }) {
            return (try startProcess(mapping.arn, port: dead.port), true)
        }
        if (running[mapping.arn]?.workers.count ?? 0) < Self.maxWorkers {
            return (try await addWorker(mapping), true)
        }
        let least = backlogs.min { $0.backlog < $1.backlog }
        guard let port = least?.port ?? running[mapping.arn]?.workers.first?.port, let busy = worker(mapping.arn, port: port) else {
            throw FunctionFailure.crashed("has no worker")
        }
        return (busy, false)
    }

    private func worker(_ arn: String, port: Int) -> Worker? {
        running[arn]?.workers.first { $0.port == port }
    }

    /// A new worker: its Runtime API on a port of its own, then its process.
    private func addWorker(_ mapping: FunctionMapping) async throws -> Worker {
        let queue = InvocationQueue()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task {
            do {
                try await RuntimeAPIServer(queue: queue, arn: mapping.arn).run { port in continuation.yield(port) }
            } catch {
                continuation.finish()
            }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            server.cancel()
            throw FunctionFailure.crashed("could not open its Runtime API")
        }
        var entry = running[mapping.arn] ?? Running(mapping: mapping, workers: [])
        guard entry.mapping == mapping, entry.workers.count < Self.maxWorkers else {
            // Another call changed things while the API opened.
            server.cancel()
            if let existing = running[mapping.arn]?.workers.first { return existing }
            throw FunctionFailure.crashed("has no worker")
        }
        entry.workers.append(Worker(queue: queue, server: server, port: port, process: nil))
        running[mapping.arn] = entry
        return try startProcess(mapping.arn, port: port)
    }

    private func startProcess(_ arn: String, port: Int) throws -> Worker {
        guard var entry = running[arn], let index = entry.workers.firstIndex(where: { $0.port == port }),
            case .handler(let path, let function, let runtime) = entry.mapping.target
        else { throw FunctionFailure.crashed("has no worker") }
        let file = URL(fileURLWithPath: path)
        let module = file.deletingPathExtension().lastPathComponent
        var environment = ProcessInfo.processInfo.environment.filter { ["PATH", "HOME", "LANG", "TZ", "NODE_PATH"].contains($0.key) }
        for (name, value) in entry.mapping.environment { environment[name] = value }
        environment["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:\(port)"
        environment["_HANDLER"] = "\(module).\(function)"
        environment["LAMBDA_TASK_ROOT"] = file.deletingLastPathComponent().path
        environment["AWS_REGION"] = region
        environment["AWS_DEFAULT_REGION"] = region
        environment["AWS_LAMBDA_FUNCTION_NAME"] = entry.mapping.functionName
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST"
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "128"
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/\(entry.mapping.functionName)"
        environment["AWS_LAMBDA_LOG_STREAM_NAME"] = "sigil/\(UUID().uuidString.lowercased())"
        environment["PYTHONUNBUFFERED"] = "1"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let client = entry.mapping.runtimeClient ?? (pythonRuntime == .awslambdaric ? .awslambdaric : .bootstrap)
        switch runtime {
        case .python:
            environment["PYTHONPATH"] = file.deletingLastPathComponent().path
            let interpreter = entry.mapping.interpreter ?? python
            process.arguments =
                client == .awslambdaric
                ? [interpreter, "-m", "awslambdaric", "\(module).\(function)"] : [interpreter, try Self.bootstrap("bootstrap", "py")]
        case .node:
            process.arguments = [entry.mapping.interpreter ?? node, try Self.bootstrap("bootstrap", "mjs")]
        }
        process.environment = environment
        process.currentDirectoryURL = file.deletingLastPathComponent()
        process.standardInput = FileHandle.nullDevice
        let output = logFile(entry.mapping.functionName) ?? FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        let queue = entry.workers[index].queue
        process.terminationHandler = { ended in
            let status = ended.terminationStatus
            Task { await queue.failAll(.crashed("exited with status \(status)")) }
        }
        do {
            try process.run()
        } catch {
            throw FunctionFailure.crashed("could not start \(process.arguments?.first ?? "its interpreter"): \(error.localizedDescription)")
        }
        entry.workers[index].process = process
        running[arn] = entry
        return entry.workers[index]
    }

    /// A stuck worker is killed; the next call starts it again.
    private func restart(_ arn: String, port: Int) {
        guard let process = worker(arn, port: port)?.process, process.isRunning else { return }
        process.terminate()
    }

    /// A worker that died is let go with its API.
    private func stopWorker(_ arn: String, port: Int) {
        guard var entry = running[arn], let index = entry.workers.firstIndex(where: { $0.port == port }) else { return }
        let worker = entry.workers.remove(at: index)
        running[arn] = entry.workers.isEmpty ? nil : entry
        Self.shutDown(worker)
    }

    private func stop(_ arn: String) {
        guard let entry = running.removeValue(forKey: arn) else { return }
        for worker in entry.workers { Self.shutDown(worker) }
    }

    private static func shutDown(_ worker: Worker) {
        if let process = worker.process, process.isRunning { process.terminate() }
        // The API closes once its last request (the worker's wait for work) is answered.
        Task {
            await worker.queue.close()
            try? await Task.sleep(for: .milliseconds(200))
            worker.server.cancel()
        }
    }

    /// The function's log, opened for appending (created, private to this user, if new).
    private func logFile(_ name: String) -> FileHandle? {
        guard let logDirectory else { return nil }
        try? FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = logDirectory.appendingPathComponent("\(name).log").path
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return nil }
        handle.seekToEndOfFile()
        return handle
    }

    private static func bootstrap(_ name: String, _ ext: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Runtimes") else {
            throw FunctionFailure.crashed("cannot run: Sigil's \(name).\(ext) is missing from this installation")
        }
        return url.path
    }
}
