import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SigilCore
import SigilCrypto
import SigilJSON

/// `/_sigil/aws/…`: point an AWS SDK client (S3 with path-style addressing, DynamoDB …)
/// here with credentials from GetCredentialsForIdentity, and Sigil checks the request's
/// signature, session token and expiry, then answers whether the role's policies allow
/// the action on the resource, and which statement decided. Nothing else is done.
enum CredentialCheckRoutes {
    static let prefix = "/_sigil/aws"

    static func add(to router: Router<SigilRequestContext>, engine: Engine, limit: Int) {
        let handler: @Sendable (Request, SigilRequestContext) async throws -> Response = { request, context in
            let body = try await BoundedBody.collect(request, upTo: limit, channel: context.channel).map { Data(buffer: $0) } ?? Data()
            let signed = SigilHTTPServer.signedRequest(request, body: body)
            let sourceIp = context.remoteAddress?.ipAddress
            return await check(signed, engine: engine, sourceIp: sourceIp)
        }
        for method in [HTTPRequest.Method.get, .head, .put, .post, .delete] {
            router.on("\(prefix)/**", method: method, use: handler)
        }
    }

    static func check(_ request: SignedRequest, engine: Engine, sourceIp: String?) async -> Response {
        var scope: SignatureVerifier.Scope?
        let service = { scope?.service ?? Self.service(of: request) }
        do {
            var grant: SessionGrant?
            scope = try SignatureVerifier.check(request, now: engine.clock.now) { accessKeyId in
                do {
                    grant = try engine.liveGrant(sessionToken: request.headers["x-amz-security-token"], accessKeyId: accessKeyId)
                } catch let problem as Engine.CredentialProblem {
                    throw Failure(problem: problem)
                }
                return grant?.secretKey ?? ""
            }
            guard let scope, let grant else { throw Failure(code: "AccessDenied", message: "The request could not be checked.") }
            let path = String(request.path.dropFirst(prefix.count))
            let wanted: AWSRequestAction
            do {
                wanted = try AWSRequestAction.of(
                    method: request.method, path: path, query: request.query, headers: request.headers, body: request.body, service: scope.service,
                    region: scope.region, account: engine.configuration.accountId)
            } catch {
                throw Failure(code: "InvalidRequest", message: error.message, status: .badRequest)
            }
            let decision = try await engine.authorize(
                grant, action: wanted.action, resource: wanted.resource, context: wanted.context, sourceIp: sourceIp)
            return answer(decision, wanted: wanted, grant: grant, service: scope.service, head: request.method == "HEAD")
        } catch let failure as Failure {
            return error(failure, service: service())
        } catch let error as CognitoError {
            let code =
                error.name == .invalidSignatureException ? (service() == "s3" ? "SignatureDoesNotMatch" : error.name.rawValue) : error.name.rawValue
            let status: HTTPResponse.Status = error.name == .internalErrorException ? .internalServerError : .forbidden
            return self.error(Failure(code: code, message: error.message, status: status), service: service())
        } catch {
            return self.error(Failure(code: "InternalError", message: "\(error)", status: .internalServerError), service: service())
        }
    }

    /// A refusal before any policy is asked.
    struct Failure: Error {
        var code: String
        var message: String
        var status: HTTPResponse.Status = .forbidden

        init(code: String, message: String, status: HTTPResponse.Status = .forbidden) {
            self.code = code
            self.message = message
            self.status = status
        }

        init(problem: Engine.CredentialProblem) {
            switch problem {
            case .missingToken: self.init(code: "InvalidToken", message: "The request has no session token (X-Amz-Security-Token).")
            case .invalidToken: self.init(code: "InvalidToken", message: "The provided token is malformed or otherwise invalid.")
            case .wrongAccessKey: self.init(code: "InvalidAccessKeyId", message: "The access key does not belong to the session token.")
            case .expired(let date):
                self.init(code: "ExpiredToken", message: "The provided token has expired (at \(ISO8601DateFormatter().string(from: date))).")
            }
        }
    }

    private static func service(of request: SignedRequest) -> String {
        let credential = request.headers["authorization"]?.components(separatedBy: "Credential=").last ?? ""
        let parts = credential.split(separator: "/")
        return parts.count >= 4 ? String(parts[3]) : "s3"
    }

    private static func answer(_ decision: PolicyDecision, wanted: AWSRequestAction, grant: SessionGrant, service: String, head: Bool) -> Response {
        let principal = grant.principalArn
        guard decision.allowed else {
            let reason =
                decision.outcome == .explicitDeny
                ? "with an explicit deny in \(decision.explanation)" : "because no identity-based policy allows the \(wanted.action) action"
            return error(
                Failure(
                    code: "AccessDenied",
                    message: "User: \(principal) is not authorized to perform: \(wanted.action) on resource: \(wanted.resource) \(reason)"),
                service: service, decision: decision)
        }
        var report: [String: JSONValue] = [
            "Decision": "Allow", "Action": .string(wanted.action), "Resource": .string(wanted.resource), "Role": .string(grant.roleArn),
            "IdentityId": .string(grant.identityId), "Explanation": .string(decision.explanation),
        ]
        if let statement = decision.statement { report["Statement"] = statement.source }
        var headers: HTTPFields = [:]
        headers[HTTPField.Name("x-sigil-decision")!] = decision.outcome.rawValue
        headers[HTTPField.Name("x-sigil-explanation")!] = decision.explanation
        let bytes = (try? JSONValue.object(report).jsonBytes()) ?? []
        // The report is the "object" a GetObject reads; other S3 answers are what the SDK
        // parses (an empty listing, or nothing).
        if service == "s3" && wanted.action != "s3:GetObject" || head {
            guard wanted.action == "s3:ListBucket", !head else { return Response(status: .ok, headers: headers) }
            headers[.contentType] = "application/xml"
            let bucket = wanted.resource.split(separator: ":").last ?? ""
            let xml =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Name>\(XMLText.escape(String(bucket)))</Name><Prefix>\(XMLText.escape(wanted.context["s3:prefix"]?.first ?? ""))</Prefix>"
                + "<KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: xml)))
        }
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// S3 answers errors in XML; the JSON services in JSON.
    private static func error(_ failure: Failure, service: String, decision: PolicyDecision? = nil) -> Response {
        var headers: HTTPFields = [:]
        if let decision { headers[HTTPField.Name("x-sigil-decision")!] = decision.outcome.rawValue }
        if service == "s3" {
            headers[.contentType] = "application/xml"
            let xml =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(XMLText.escape(failure.code))</Code><Message>\(XMLText.escape(failure.message))</Message>"
                + (decision.map { "<Explanation>\(XMLText.escape($0.explanation))</Explanation>" } ?? "") + "</Error>"
            return Response(status: failure.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: xml)))
        }
        headers[.contentType] = "application/x-amz-json-1.1"
        let code = failure.code == "AccessDenied" ? "AccessDeniedException" : failure.code
        let bytes = (try? JSONValue.object(["__type": .string(code), "message": .string(failure.message)]).jsonBytes()) ?? []
        return Response(status: failure.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

}

extension SigilHTTPServer {
    /// The parts of a request a signature covers, with header names in lower case.
    static func signedRequest(_ request: Request, body: Data) -> SignedRequest {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        // HTTP/1.1's Host header arrives as the request's authority.
        if headers["host"] == nil, let authority = request.head.authority { headers["host"] = authority }
        return SignedRequest(method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "", headers: headers, body: body)
    }
}
