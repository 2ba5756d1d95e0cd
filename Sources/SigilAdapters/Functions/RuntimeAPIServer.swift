import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SigilCore
import SigilJSON

/// The Lambda Runtime API for one function's workers, on a loopback port of its own:
/// `GET /2018-06-01/runtime/invocation/next`, `POST …/invocation/ID/response`,
/// `POST …/invocation/ID/error` and `POST …/init/error`, as AWS documents them.
struct RuntimeAPIServer {
    static let base = "/2018-06-01/runtime"
    /// Lambda's limit on a synchronous answer.
    static let maxResponseBytes = 6 * 1_024 * 1_024

    let queue: InvocationQueue
    let arn: String

    /// Serves until cancelled; `onRunning` gets the port.
    func run(onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        let router = Router()
        let queue = self.queue
        let arn = self.arn
        router.get("\(Self.base)/invocation/next") { _, _ -> Response in
            let invocation = await queue.next()
            guard !invocation.id.isEmpty else { return Response(status: .gone) }
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[HTTPField.Name("Lambda-Runtime-Aws-Request-Id")!] = invocation.id
            headers[HTTPField.Name("Lambda-Runtime-Deadline-Ms")!] = String(invocation.deadlineMs)
            headers[HTTPField.Name("Lambda-Runtime-Invoked-Function-Arn")!] = arn
            headers[HTTPField.Name("Lambda-Runtime-Trace-Id")!] =
                "Root=1-\(String(invocation.id.prefix(8)))-\(invocation.id.replacingOccurrences(of: "-", with: "").prefix(24))"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: invocation.event)))
        }
        router.post("\(Self.base)/invocation/:id/response") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.body.collect(upTo: Self.maxResponseBytes + 1)
            guard body.readableBytes <= Self.maxResponseBytes else {
                await queue.finish(id, .failure(.badResponse("the answer is larger than 6 MB")))
                return Response(status: .contentTooLarge)
            }
            let bytes = Array(buffer: body)
            guard (try? JSONValue(json: bytes)) != nil else {
                await queue.finish(id, .failure(.badResponse("the answer is not JSON")))
                return Response(status: .accepted)
            }
            return Response(status: await queue.finish(id, .success(bytes)) ? .accepted : .badRequest)
        }
        router.post("\(Self.base)/invocation/:id/error") { request, context -> Response in
            let id = try context.parameters.require("id")
            let failure = Self.failure(Array(buffer: try await request.body.collect(upTo: Self.maxResponseBytes)))
            return Response(status: await queue.finish(id, .failure(failure)) ? .accepted : .badRequest)
        }
        router.post("\(Self.base)/init/error") { request, _ -> Response in
            let body = Array(buffer: try await request.body.collect(upTo: Self.maxResponseBytes))
            if case .handled(let type, let message) = Self.failure(body) {
                await queue.failInit(.crashed("could not load its handler (\(type): \(message))"))
            }
            return Response(status: .accepted)
        }
        var logger = Logger(label: "sigil.functions")
        logger.logLevel = .warning
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: "Sigil"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) }, logger: logger)
        try await application.runService(gracefulShutdownSignals: [])
    }

    /// A handler's error as the runtime posts it: `{"errorMessage", "errorType"}`.
    static func failure(_ body: [UInt8]) -> FunctionFailure {
        let json = try? JSONValue(json: body)
        return .handled(
            type: json?["errorType"]?.stringValue ?? "Error",
            message: json?["errorMessage"]?.stringValue ?? String(decoding: body.prefix(1_000), as: UTF8.self))
    }
}
