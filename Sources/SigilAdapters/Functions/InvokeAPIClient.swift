import Foundation
import SigilCore
import SigilCrypto
import SigilJSON

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Calls a function through the Lambda Invoke API
/// (`POST {endpoint}/2015-03-31/functions/NAME/invocations`, SigV4-signed for `lambda`),
/// as LocalStack and `sam local start-lambda` serve it. Credentials come from
/// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when set (LocalStack's `test` otherwise);
/// the region is the ARN's.
public struct InvokeAPIClient: Sendable {
    let accessKeyId: String
    let secret: String
    let sessionToken: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        accessKeyId = environment["AWS_ACCESS_KEY_ID"] ?? "test"
        secret = environment["AWS_SECRET_ACCESS_KEY"] ?? "test"
        sessionToken = environment["AWS_SESSION_TOKEN"]
    }

    public func invoke(_ mapping: FunctionMapping, endpoint: String, event: JSONValue, timeout: Duration) async throws(FunctionFailure)
        -> FunctionAnswer
    {
        let name = mapping.functionName
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/:"))
        guard
            let url = URL(
                string: "\(endpoint)/2015-03-31/functions/\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name)/invocations")
        else { throw .crashed("has an Invoke API address that is not a URL") }
        let body: [UInt8]
        do { body = try event.jsonBytes() } catch { throw .badResponse("the event could not be written") }
        let parts = mapping.arn.split(separator: ":", omittingEmptySubsequences: false)
        let region = parts.count > 3 ? String(parts[3]) : "us-east-1"
        var request = URLRequest(url: url, timeoutInterval: Double(timeout.components.seconds) + 0.5)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("RequestResponse", forHTTPHeaderField: "X-Amz-Invocation-Type")
        let hash = SigV4.payloadHash(body)
        let signed = SigV4.sign(
            method: "POST", url: url, headers: ["x-amz-content-sha256": hash], payloadHash: hash,
            credentials: SigV4.Credentials(accessKeyId: accessKeyId, secret: secret, sessionToken: sessionToken), region: region,
            service: "lambda", date: Date())
        request.setValue(hash, forHTTPHeaderField: "x-amz-content-sha256")
        for (name, value) in signed where name != "host" { request.setValue(value, forHTTPHeaderField: name) }
        let outcome = await Self.send(request)
        switch outcome {
        case .failure(let error as URLError) where error.code == .timedOut:
            throw .timedOut
        case .failure(let error):
            throw .crashed("could not be reached at \(endpoint): \(error.localizedDescription)")
        case .success(let (data, response)):
            let json = try? JSONValue(json: [UInt8](data))
            guard response.statusCode == 200 else {
                // The API's own errors: {"Type"/"__type", "Message"/"message"}.
                let message = json?["Message"]?.stringValue ?? json?["message"]?.stringValue ?? String(decoding: data.prefix(300), as: UTF8.self)
                throw .crashed("was refused by the Invoke API (HTTP \(response.statusCode)): \(message)")
            }
            if response.value(forHTTPHeaderField: "X-Amz-Function-Error") != nil {
                throw .handled(
                    type: json?["errorType"]?.stringValue ?? "Error",
                    message: json?["errorMessage"]?.stringValue ?? String(decoding: data.prefix(1_000), as: UTF8.self))
            }
            guard let json else { throw .badResponse("the answer is not JSON") }
            return FunctionAnswer(json)
        }
    }

    private static func send(_ request: URLRequest) async -> Result<(Data, HTTPURLResponse), Error> {
        await withCheckedContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error { return continuation.resume(returning: .failure(error)) }
                guard let response = response as? HTTPURLResponse else {
                    return continuation.resume(returning: .failure(URLError(.badServerResponse)))
                }
                continuation.resume(returning: .success((data ?? Data(), response)))
            }.resume()
        }
    }
}

/// Runs trigger functions wherever they are mapped: handler files in local workers,
/// remote functions through the Invoke API.
public struct TriggerFunctions: FunctionRunner {
    public let local: LocalFunctionRunner
    public let remote: InvokeAPIClient

    public init(local: LocalFunctionRunner, remote: InvokeAPIClient = InvokeAPIClient()) {
        self.local = local
        self.remote = remote
    }

    public func invoke(_ mapping: FunctionMapping, event: JSONValue, timeout: Duration) async throws(FunctionFailure) -> FunctionAnswer {
        switch mapping.target {
        case .handler: return try await local.invoke(mapping, event: event, timeout: timeout)
        case .invoke(let endpoint): return try await remote.invoke(mapping, endpoint: endpoint, event: event, timeout: timeout)
        }
    }
}
