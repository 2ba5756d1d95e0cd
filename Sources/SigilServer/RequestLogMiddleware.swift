import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One log line per request: method, path, operation, status, error name and time taken.
/// Bodies and other headers are never logged, so no password, code or token reaches it.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = SigilRequestContext

    static let target = HTTPField.Name("X-Amz-Target")!
    static let errorType = HTTPField.Name("x-amzn-ErrorType")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        var metadata: Logger.Metadata = [:]
        if let target = request.headers[Self.target] {
            metadata["operation"] = .string(String(target.split(separator: ".").last ?? ""))
        }
        do {
            let response = try await next(request, context)
            if let error = response.headers[Self.errorType] { metadata["error"] = .string(String(error.dropLast())) }
            metadata["ms"] = .string(String(format: "%.2f", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6))
            context.logger.info("\(request.method) \(request.uri.path) \(response.status.code)", metadata: metadata)
            return response
        } catch {
            metadata["error"] = .string("\(type(of: error))")
            context.logger.info("\(request.method) \(request.uri.path) failed", metadata: metadata)
            throw error
        }
    }
}
