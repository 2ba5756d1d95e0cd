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

    private struct Running {
        let mapping: FunctionMapping
        let queue: InvocationQueue
        let server: Task<Void, Never>
        let port: Int
        var worker: Process?
    }

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

    public nonisolated func invoke(_ mapping: FunctionMapping, event: JSONValue, timeout: Duration) async throws(FunctionFailure) -> JSONValue {
        guard case .handler = mapping.target else { throw .crashed("is mapped to an Invoke API, which this runner does not call") }
        let bytes: [UInt8]
        do { bytes = try event.jsonBytes() } catch { throw .badResponse("the event could not be written") }
        let queue: InvocationQueue
        do { queue = try await ready(mapping) } catch { throw error as? FunctionFailure ?? .crashed("could not start: \(error)") }
        let result = await queue.submit(bytes, timeout: timeout)
        switch result {
        case .success(let answer):
            guard let json = try? JSONValue(json: answer) else { throw .badResponse("the answer is not JSON") }
            return json
        case .failure(let failure):
            if failure == .timedOut { await restart(mapping.arn) }
            if case .crashed = failure { await stop(mapping.arn) }
            throw failure
        }
    }

    /// Stops every function and its worker.
    public func stopAll() {
        for arn in Array(running.keys) { stop(arn) }
    }

    /// The function's queue, its API and worker started if they are not (or if the
    /// mapping changed since).
    private func ready(_ mapping: FunctionMapping) async throws -> InvocationQueue {
        if let current = running[mapping.arn] {
            if current.mapping == mapping {
                if current.worker?.isRunning != true { try startWorker(mapping.arn) }
                return current.queue
            }
            stop(mapping.arn)
        }
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
        if let raced = running[mapping.arn], raced.mapping == mapping {
            server.cancel()
            return raced.queue
        }
        running[mapping.arn] = Running(mapping: mapping, queue: queue, server: server, port: port, worker: nil)
        try startWorker(mapping.arn)
        return queue
    }

    private func startWorker(_ arn: String) throws {
        guard var entry = running[arn], case .handler(let path, let function, let runtime) = entry.mapping.target else { return }
        let file = URL(fileURLWithPath: path)
        let module = file.deletingPathExtension().lastPathComponent
        var environment = ProcessInfo.processInfo.environment.filter { ["PATH", "HOME", "LANG", "TZ", "NODE_PATH"].contains($0.key) }
        for (name, value) in entry.mapping.environment { environment[name] = value }
        environment["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:\(entry.port)"
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
        switch runtime {
        case .python:
            environment["PYTHONPATH"] = file.deletingLastPathComponent().path
            process.arguments =
                pythonRuntime == .awslambdaric
                ? [python, "-m", "awslambdaric", "\(module).\(function)"] : [python, try Self.bootstrap("bootstrap", "py")]
        case .node:
            process.arguments = [node, try Self.bootstrap("bootstrap", "mjs")]
        }
        process.environment = environment
        process.currentDirectoryURL = file.deletingLastPathComponent()
        process.standardInput = FileHandle.nullDevice
        let output = logFile(entry.mapping.functionName) ?? FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        let queue = entry.queue
        process.terminationHandler = { ended in
            let status = ended.terminationStatus
            Task { await queue.failAll(.crashed("exited with status \(status)")) }
        }
        do {
            try process.run()
        } catch {
            throw FunctionFailure.crashed("could not start \(process.arguments?.first ?? "its interpreter"): \(error.localizedDescription)")
        }
        entry.worker = process
        running[arn] = entry
    }

    /// A stuck worker is killed; the next call starts another.
    private func restart(_ arn: String) {
        guard let worker = running[arn]?.worker, worker.isRunning else { return }
        worker.terminate()
    }

    private func stop(_ arn: String) {
        guard let entry = running.removeValue(forKey: arn) else { return }
        if let worker = entry.worker, worker.isRunning { worker.terminate() }
        // The API closes once its last request (the worker's wait for work) is answered.
        Task {
            await entry.queue.close()
            try? await Task.sleep(for: .milliseconds(200))
            entry.server.cancel()
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
