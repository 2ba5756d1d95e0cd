import Foundation
import SigilCore
import SigilCrypto
import SigilJSON

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A client of a Sigil server's admin API (`/_sigil/admin/…`): the outbox, trigger runs,
/// pools with their counts, users browsed in any order, and the engine's event stream.
public struct SigilAdminClient: Sendable {
    public let base: URL
    public let region: String
    public let credentials: SigV4.Credentials?
    var timeout: TimeInterval = 15

    public init(endpoint: URL, region: String, credentials: SigV4.Credentials?) {
        base = endpoint.appendingPathComponent("_sigil/admin")
        self.region = region
        self.credentials = credentials
    }

    /// Whether the endpoint is a Sigil server, and the region it runs in.
    public static func probe(_ endpoint: URL) async -> (isSigil: Bool, region: String?) {
        let url = endpoint.appendingPathComponent("_sigil/admin/info")
        guard let (data, status) = try? await exchange(URLRequest(url: url, timeoutInterval: 5)), status == 200,
            let json = try? JSONValue(json: [UInt8](data)), json["service"] == "sigil"
        else { return (false, nil) }
        return (true, json["region"]?.stringValue)
    }

    public func call<Response: Decodable>(_ operation: String, _ body: some Encodable = [String: String]()) async throws -> Response {
        let bytes = [UInt8](try JSONCoding.encoder.encode(body))
        var request = signed(URLRequest(url: base.appendingPathComponent(operation), timeoutInterval: timeout), method: "POST", body: bytes)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, status) = try await Self.exchange(request)
        guard status == 200 else { throw CognitoAPIClient.error(data, status: status) }
        do {
            return try JSONCoding.decoder.decode(Response.self, from: data)
        } catch {
            throw CognitoError.internalError("\(operation): the admin API's answer could not be read (\(error))")
        }
    }

    /// `request` with SigV4 headers for the service `sigil`, when there are credentials.
    func signed(_ request: URLRequest, method: String, body: [UInt8]) -> URLRequest {
        var request = request
        request.httpMethod = method
        if method != "GET" { request.httpBody = Data(body) }
        guard let credentials, let url = request.url else { return request }
        let hash = SigV4.payloadHash(body)
        let headers = SigV4.sign(
            method: method, url: url, headers: ["x-amz-content-sha256": hash], payloadHash: hash, credentials: credentials, region: region,
            service: "sigil", date: Date())
        request.setValue(hash, forHTTPHeaderField: "x-amz-content-sha256")
        for (name, value) in headers where name != "host" { request.setValue(value, forHTTPHeaderField: name) }
        return request
    }

    static func exchange(_ request: URLRequest) async throws -> (Data, Int) {
        try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    return continuation.resume(
                        throwing: CognitoError.internalError("\(request.url?.absoluteString ?? "") \(error.localizedDescription)"))
                }
                continuation.resume(returning: (data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0))
            }.resume()
        }
    }
}

/// The engine's events from a Sigil server (`GET /_sigil/admin/events`, server-sent
/// events), handed to `handler` as they arrive; the stream is opened again after a drop.
final class AdminEventStream: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let client: SigilAdminClient
    private let handler: @Sendable (EngineEvent) -> Void
    private let lock = NSLock()
    private var buffer = Data()
    private var session: URLSession?
    private var stopped = false

    init(client: SigilAdminClient, handler: @escaping @Sendable (EngineEvent) -> Void) {
        self.client = client
        self.handler = handler
    }

    func start() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        let session = URLSession(configuration: .default, delegate: self, delegateQueue: nil)
        self.session = session
        var request = URLRequest(url: client.base.appendingPathComponent("events"), timeoutInterval: 3_600)
        request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
        session.dataTask(with: client.signed(request, method: "GET", body: [])).resume()
    }

    func stop() {
        lock.lock()
        stopped = true
        let session = self.session
        lock.unlock()
        session?.invalidateAndCancel()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        buffer.append(data)
        var events: [EngineEvent] = []
        while let end = buffer.range(of: Data("\n\n".utf8)) {
            let block = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
            buffer.removeSubrange(buffer.startIndex..<end.upperBound)
            for line in block.split(separator: "\n") where line.hasPrefix("data: ") {
                if let event = try? JSONCoding.decoder.decode(EngineEvent.self, from: Data(line.dropFirst(6).utf8)) { events.append(event) }
            }
        }
        lock.unlock()
        for event in events { handler(event) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.lock()
        let again = !stopped
        buffer = Data()
        lock.unlock()
        session.finishTasksAndInvalidate()
        guard again else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) { [weak self] in self?.start() }
    }
}
