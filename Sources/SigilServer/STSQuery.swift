import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SigilCore
import SigilCrypto

/// STS's AssumeRoleWithWebIdentity in the query protocol (a form POST to `/`, answered
/// in XML): the basic flow's second step, turning a token from GetOpenIdToken (or
/// GetOpenIdTokenForDeveloperIdentity) into credentials for the role named.
enum STSQuery {
    static func isQuery(_ headers: [String: String]) -> Bool {
        headers["x-amz-target"] == nil && (headers["content-type"] ?? "").hasPrefix("application/x-www-form-urlencoded")
    }

    static func handle(_ body: Data, engine: Engine, requestId: String) async -> Response {
        let form = FormEncoding.decode(String(decoding: body, as: UTF8.self), plusIsSpace: true)
        guard form["Action"] == "AssumeRoleWithWebIdentity" else {
            return error(
                "InvalidAction", "Sigil's STS answers AssumeRoleWithWebIdentity only, not \(form["Action"] ?? "(no Action)").", requestId: requestId)
        }
        for name in ["RoleArn", "RoleSessionName", "WebIdentityToken"] where (form[name] ?? "").isEmpty {
            return error(
                "ValidationError",
                "1 validation error detected: Value null at '\(name.prefix(1).lowercased() + name.dropFirst())' failed to satisfy constraint: Member must not be null",
                requestId: requestId)
        }
        guard let duration = form["DurationSeconds"].map({ Int($0) }) ?? 3_600 else {
            return error(
                "ValidationError", "DurationSeconds \(form["DurationSeconds"] ?? "") is not a whole number of seconds.", requestId: requestId)
        }
        let session = form["RoleSessionName"]!
        guard (2...64).contains(session.count), session.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_+=,.@-".contains($0)) }) else {
            return error(
                "ValidationError", "RoleSessionName \(session) must be 2 to 64 letters, digits and _+=,.@-", requestId: requestId)
        }
        if form["Policy"] != nil || form.keys.contains(where: { $0.hasPrefix("PolicyArns") }) {
            return error("ValidationError", "Sigil does not apply session policies (Policy, PolicyArns).", requestId: requestId)
        }
        do {
            let result = try await engine.assumeRoleWithWebIdentity(
                roleArn: form["RoleArn"]!, sessionName: form["RoleSessionName"]!, token: form["WebIdentityToken"]!, duration: duration)
            return success(result, requestId: requestId)
        } catch let failure as Engine.WebIdentityFailure {
            return error(failure.code, failure.message, requestId: requestId)
        } catch {
            return Self.error("InternalFailure", "\(error)", requestId: requestId, status: .internalServerError)
        }
    }

    private static func success(_ result: Engine.WebIdentityCredentials, requestId: String) -> Response {
        let formatter = ISO8601DateFormatter()
        let credentials = result.credentials
        let xml = """
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <SubjectFromWebIdentityToken>\(XMLText.escape(result.subject))</SubjectFromWebIdentityToken>
                <Audience>\(XMLText.escape(result.audience))</Audience>
                <AssumedRoleUser>
                  <Arn>\(XMLText.escape(result.assumedRoleArn))</Arn>
                  <AssumedRoleId>\(XMLText.escape(result.assumedRoleId))</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <SessionToken>\(XMLText.escape(credentials.sessionToken ?? ""))</SessionToken>
                  <SecretAccessKey>\(XMLText.escape(credentials.secretKey ?? ""))</SecretAccessKey>
                  <Expiration>\(formatter.string(from: credentials.expiration ?? Date()))</Expiration>
                  <AccessKeyId>\(XMLText.escape(credentials.accessKeyId ?? ""))</AccessKeyId>
                </Credentials>
                <Provider>\(XMLText.escape(result.provider))</Provider>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata>
                <RequestId>\(requestId)</RequestId>
              </ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """
        return Response(status: .ok, headers: [.contentType: "text/xml"], body: ResponseBody(byteBuffer: ByteBuffer(string: xml)))
    }

    private static func error(_ code: String, _ message: String, requestId: String, status: HTTPResponse.Status = .badRequest) -> Response {
        let xml = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error>
                <Type>Sender</Type>
                <Code>\(XMLText.escape(code))</Code>
                <Message>\(XMLText.escape(message))</Message>
              </Error>
              <RequestId>\(requestId)</RequestId>
            </ErrorResponse>
            """
        return Response(status: status, headers: [.contentType: "text/xml"], body: ResponseBody(byteBuffer: ByteBuffer(string: xml)))
    }

}
