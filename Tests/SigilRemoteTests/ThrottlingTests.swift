import Foundation
import Hummingbird
import SigilCore
import Synchronization
import Testing

@testable import SigilRemote

/// A throttled API is tried again with backoff, and the console hears of it.
@Suite struct ThrottlingTests {
    @Test func throttledRequestsAreRetriedAndReported() async throws {
        let calls = Mutex(0)
        let router = Router()
        router.post("/") { _, _ -> Response in
            let count = calls.withLock { value -> Int in
                value += 1
                return value
            }
            guard count > 2 else {
                return Response(
                    status: .badRequest, headers: [.contentType: "application/x-amz-json-1.1"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#)))
            }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"UserPools":[]}"#)))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let running = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { running.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let backend = RemoteBackend(
            client: CognitoAPIClient(endpoint: URL(string: "http://127.0.0.1:\(port)/")!, region: "us-east-1", credentials: nil),
            location: .init(kind: .remote, address: "http://127.0.0.1:\(port)", region: "us-east-1"), issuerBase: "http://127.0.0.1:\(port)")
        let heard = Mutex<[String]>([])
        backend.watchNotices { text in heard.withLock { $0.append(text) } }
        #expect(try await backend.poolSummaries().isEmpty)
        #expect(calls.withLock { $0 } == 3)
        #expect(
            heard.withLock { $0 }.count == 2 && heard.withLock { $0 }.first?.contains("ListUserPools throttled (TooManyRequestsException)") == true)
    }
}
