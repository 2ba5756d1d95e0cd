import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SigilCore
import SigilJSON

/// Sigil's own admin API, for a console attached over the network: what the Cognito API
/// has no operation for (the outbox, trigger runs, pools with their counts, users browsed
/// in any order) and a stream of the engine's events. `GET /_sigil/admin/info` says the
/// server is Sigil; `POST /_sigil/admin/<Operation>` takes and answers JSON (Sigil's own
/// field names); `GET /_sigil/admin/events` streams events as server-sent events. When the
/// server requires access keys, every call but `info` is signed with Signature V4 for the
/// service `sigil`.
enum AdminRoutes {
    static let base = "/_sigil/admin"

    static func add(to router: Router<SigilRequestContext>, engine: Engine, verifier: SignatureVerifier?, limit: Int) {
        router.get("\(base)/info") { _, _ -> Response in
            reply(["service": "sigil", "region": .string(engine.configuration.region), "issuerBase": .string(engine.configuration.issuerBase)])
        }
        router.post("\(base)/:operation") { request, context -> Response in
            guard let body = try await BoundedBody.collect(request, upTo: limit, channel: context.channel) else {
                return failure(CognitoError(.requestEntityTooLargeException, "The request body is larger than \(limit) bytes."))
            }
            let data = Data(buffer: body)
            do {
                try verify(request, body: data, verifier: verifier, region: engine.configuration.region)
                return try await perform(try context.parameters.require("operation"), data, engine: engine)
            } catch let error as CognitoError {
                return failure(error)
            } catch is DecodingError {
                return failure(CognitoError(.serializationException, "The request body is not what this operation takes."))
            }
        }
        router.get("\(base)/events") { request, _ -> Response in
            do {
                try verify(request, body: Data(), verifier: verifier, region: engine.configuration.region)
            } catch let error as CognitoError {
                return failure(error)
            }
            return events(engine)
        }
    }

    private static func perform(_ operation: String, _ body: Data, engine: Engine) async throws -> Response {
        let decoder = JSONCoding.decoder
        switch operation {
        case "PoolSummaries": return try reply(await engine.poolSummaries())
        case "IdentityPoolSummaries": return try reply(await engine.identityPoolSummaries())
        case "BrowseUsers":
            let input = try decoder.decode(AdminAPI.BrowseUsers.self, from: body)
            return try reply(
                await engine.browseUsers(input.browse, after: input.after, backwards: input.backwards, limit: min(max(input.limit, 1), 500)))
        case "OutboxMessages":
            let input = try decoder.decode(AdminAPI.Outbox.self, from: body)
            return try reply(await engine.outboxMessages(poolId: input.poolId, username: input.username, limit: min(max(input.limit, 1), 1_000)))
        case "FunctionMappings": return try reply(await engine.functionMappings())
        case "Invocations": return try reply(engine.invocations.recent)
        case "Rerun": return try reply(await engine.rerun(try decoder.decode(AdminAPI.Rerun.self, from: body).invocation))
        case "AuthEventRecords":
            let input = try decoder.decode(AdminAPI.AuthEvents.self, from: body)
            return try reply(
                await engine.authEventRecords(
                    poolId: input.poolId, username: input.username, address: input.address, before: input.before,
                    limit: min(max(input.limit, 1), 1_000)))
        case "AuthActivity":
            let input = try decoder.decode(AdminAPI.Activity.self, from: body)
            let counts = try await engine.authActivity(poolId: input.poolId, minutes: min(max(input.minutes, 1), 1_440))
            return try reply(AdminAPI.ActivityCounts(passed: counts.passed, failed: counts.failed))
        case "RiskOverview":
            let input = try decoder.decode(AdminAPI.RiskQuery.self, from: body)
            return try reply(await engine.riskOverview(poolId: input.poolId, window: input.window, leaders: min(max(input.leaders, 1), 100)))
        case "SetThreatProtectionMode":
            let input = try decoder.decode(AdminAPI.Protection.self, from: body)
            try await engine.setThreatProtectionMode(poolId: input.poolId, input.mode)
            return reply([:])
        default: throw CognitoError(.unknownOperationException, "The admin API has no operation \(operation).")
        }
    }

    /// The engine's events from now on, one `data:` line of JSON each, with a comment
    /// every 15 seconds so idle connections stay open.
    private static func events(_ engine: Engine) -> Response {
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingNewest(1_000))
        let encoder = JSONCoding.encoder
        let id = engine.events.observe { event in
            guard let data = try? encoder.encode(event) else { return }
            continuation.yield(ByteBuffer(string: "data: " + String(decoding: data, as: UTF8.self) + "\n\n"))
        }
        let heartbeat = Task {
            continuation.yield(ByteBuffer(string: ": sigil events\n\n"))
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                continuation.yield(ByteBuffer(string: ": keep-alive\n\n"))
            }
        }
        continuation.onTermination = { _ in
            engine.events.stopObserving(id)
            heartbeat.cancel()
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: ResponseBody(asyncSequence: stream))
    }

    private static func verify(_ request: Request, body: Data, verifier: SignatureVerifier?, region: String) throws {
        guard let verifier else { return }
        try verifier.verify(SigilHTTPServer.signedRequest(request, body: body), now: Date(), service: "sigil", region: region)
    }

    private static func reply(_ value: some Encodable) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONCoding.encoder.encode(value))))
    }

    private static func reply(_ value: JSONValue) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: (try? value.jsonBytes()) ?? [])))
    }

    private static func failure(_ error: CognitoError) -> Response {
        let status: HTTPResponse.Status =
            [.unrecognizedClientException, .invalidSignatureException, .missingAuthenticationTokenException, .incompleteSignatureException]
                .contains(error.name) ? .forbidden : HTTPResponse.Status(code: error.httpStatus)
        let body: JSONValue = ["__type": .string(error.name.rawValue), "message": .string(error.message)]
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: (try? body.jsonBytes()) ?? [])))
    }
}
