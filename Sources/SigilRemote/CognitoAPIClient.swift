import Foundation
import SigilCore
import SigilCrypto
import SigilJSON

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A client of the Cognito APIs (cognito-idp and cognito-identity) over AWS JSON 1.1: the
/// operation in `X-Amz-Target`, the request and response shapes as JSON, Signature V4
/// when it has credentials. Throttling is retried with backoff (and reported); errors come
/// back as `CognitoError` with the service's exception name and message.
public struct CognitoAPIClient: Sendable {
    public enum Service: Sendable {
        case identityProvider, identity

        var target: String { self == .identityProvider ? "AWSCognitoIdentityProviderService" : "AWSCognitoIdentityService" }
        var signingName: String { self == .identityProvider ? "cognito-idp" : "cognito-identity" }
    }

    /// Where each service is: one base URL for a Sigil server (it serves both), or AWS's
    /// regional endpoints.
    public let endpoints: [Service: URL]
    public let region: String
    public let credentials: SigV4.Credentials?
    public var timeout: TimeInterval = 15
    public var attempts = 4
    /// Told each time a request is throttled and will be tried again (for the status bar).
    public var onThrottle: @Sendable (String) -> Void = { _ in }

    public init(endpoints: [Service: URL], region: String, credentials: SigV4.Credentials?) {
        self.endpoints = endpoints
        self.region = region
        self.credentials = credentials
    }

    /// A Sigil server or another Cognito-compatible API at one address.
    public init(endpoint: URL, region: String, credentials: SigV4.Credentials?) {
        self.init(endpoints: [.identityProvider: endpoint, .identity: endpoint], region: region, credentials: credentials)
    }

    /// Amazon Cognito's public endpoints in `region`.
    public static func aws(region: String, credentials: SigV4.Credentials) -> CognitoAPIClient {
        CognitoAPIClient(
            endpoints: [
                .identityProvider: URL(string: "https://cognito-idp.\(region).amazonaws.com/")!,
                .identity: URL(string: "https://cognito-identity.\(region).amazonaws.com/")!,
            ], region: region, credentials: credentials)
    }

    /// Exceptions worth trying again after a pause.
    static let throttles: Set<String> = ["TooManyRequestsException", "LimitExceededException", "ThrottlingException"]

    public func call<Request: Encodable, Response: Decodable>(
        _ operation: String, _ request: Request, as response: Response.Type = Response.self, service: Service = .identityProvider
    ) async throws -> Response {
        let body = try JSONCoding.encoder.encode(request)
        let data = try await send(operation, body: [UInt8](body), service: service)
        do {
            return try JSONCoding.decoder.decode(Response.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch {
            throw CognitoError.internalError("\(operation): the answer is not what the API defines (\(error))")
        }
    }

    /// The raw answer of an operation, throttling retried.
    func send(_ operation: String, body: [UInt8], service: Service) async throws -> Data {
        guard let endpoint = endpoints[service] else { throw CognitoError.internalError("No endpoint for \(service.signingName)") }
        var delay = 0.2
        for attempt in 1...attempts {
            var request = URLRequest(url: endpoint, timeoutInterval: timeout)
            request.httpMethod = "POST"
            request.httpBody = Data(body)
            request.setValue("application/x-amz-json-1.1", forHTTPHeaderField: "Content-Type")
            request.setValue("\(service.target).\(operation)", forHTTPHeaderField: "X-Amz-Target")
            if let credentials {
                let hash = SigV4.payloadHash(body)
                let headers = ["content-type": "application/x-amz-json-1.1", "x-amz-target": "\(service.target).\(operation)"]
                let signed = SigV4.sign(
                    method: "POST", url: endpoint, headers: headers, payloadHash: hash, credentials: credentials, region: region,
                    service: service.signingName, date: Date())
                for (name, value) in signed where name != "host" { request.setValue(value, forHTTPHeaderField: name) }
            }
            let (data, status) = try await Self.exchange(request, endpoint: endpoint)
            if (200..<300).contains(status) { return data }
            let error = Self.error(data, status: status)
            if Self.throttles.contains(error.name.rawValue) || status == 429 || status == 503, attempt < attempts {
                onThrottle("\(operation) throttled (\(error.name.rawValue)); trying again in \(String(format: "%.1f", delay)) s")
                try await Task.sleep(for: .milliseconds(Int(delay * 1_000)))
                delay *= 2
                continue
            }
            throw error
        }
        throw CognitoError.internalError("\(operation) was throttled \(attempts) times")
    }

    /// The service's error: `__type` (after any `#`) and `message`/`Message`.
    static func error(_ data: Data, status: Int) -> CognitoError {
        let json = try? JSONValue(json: [UInt8](data))
        let type = (json?["__type"]?.stringValue ?? "").split(separator: "#").last.map(String.init) ?? ""
        let message = json?["message"]?.stringValue ?? json?["Message"]?.stringValue ?? "HTTP \(status)"
        if let name = ExceptionName(rawValue: type) { return CognitoError(name, message) }
        if status == 403 || type.contains("Signature") || type.contains("Token") || type.contains("AccessDenied") {
            return CognitoError(.notAuthorizedException, "\(type.isEmpty ? "HTTP \(status)" : type): \(message)")
        }
        return CognitoError.internalError("\(type.isEmpty ? "HTTP \(status)" : type): \(message)")
    }

    private static func exchange(_ request: URLRequest, endpoint: URL) async throws -> (Data, Int) {
        try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    let text = (error as? URLError)?.code == .timedOut ? "timed out" : error.localizedDescription
                    return continuation.resume(throwing: CognitoError.internalError("\(endpoint.absoluteString) \(text)"))
                }
                continuation.resume(returning: (data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0))
            }.resume()
        }
    }
}
