import Foundation
import SigilCore
import SigilCrypto

/// The parts of an HTTP request a Signature Version 4 covers.
struct SignedRequest: Sendable {
    var method: String
    var path: String
    var query: String
    /// Header names in lower case.
    var headers: [String: String]
    var body: Data
}

/// Checks AWS Signature Version 4 on admin calls against configured access keys, as AWS
/// does (the end-user APIs are unsigned and never checked). Off unless keys are given.
struct SignatureVerifier: Sendable {
    /// Secret access keys by access key id.
    let credentials: [String: String]
    /// How far the request's time may be from the server's.
    let allowedSkew: TimeInterval = 15 * 60

    /// Checks the signature, and that its credential scope names this service and region:
    /// a signature made for another service or region vouches for nothing here.
    func verify(_ request: SignedRequest, now: Date, service: String, region: String) throws {
        let scope = try Self.check(request, now: now, allowedSkew: allowedSkew) { accessKeyId in
            guard let secret = credentials[accessKeyId] else {
                throw CognitoError(.unrecognizedClientException, "The security token included in the request is invalid.")
            }
            return secret
        }
        guard scope.service == service else {
            throw CognitoError(.invalidSignatureException, "Credential should be scoped to correct service: '\(service)'.")
        }
        guard scope.region == region else {
            throw CognitoError(.invalidSignatureException, "Credential should be scoped to a valid region, not '\(scope.region)'.")
        }
    }

    /// What a valid signature vouches for: the access key and the credential scope.
    struct Scope: Sendable, Equatable {
        var accessKeyId: String
        var region: String
        var service: String
    }

    /// Checks the signature with the secret `secretFor` gives for the request's access key.
    static func check(_ request: SignedRequest, now: Date, allowedSkew: TimeInterval = 15 * 60, secretFor: (String) throws -> String) throws -> Scope
    {
        guard let authorization = request.headers["authorization"], authorization.hasPrefix("AWS4-HMAC-SHA256 ") else {
            throw CognitoError(.missingAuthenticationTokenException, "Missing Authentication Token")
        }
        var parts: [String: String] = [:]
        for item in authorization.dropFirst("AWS4-HMAC-SHA256 ".count).split(separator: ",") {
            let pair = item.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { parts[String(pair[0])] = String(pair[1]) }
        }
        guard let credential = parts["Credential"], let signedHeaders = parts["SignedHeaders"], let signature = parts["Signature"] else {
            throw CognitoError(.incompleteSignatureException, "Authorization header requires Credential, SignedHeaders and Signature.")
        }
        let scope = credential.split(separator: "/").map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request" else {
            throw CognitoError(.incompleteSignatureException, "The Credential in the Authorization header is malformed.")
        }
        let secret = try secretFor(scope[0])
        guard let amzDate = request.headers["x-amz-date"], let date = Self.parse(amzDate) else {
            throw CognitoError(.incompleteSignatureException, "The request needs an X-Amz-Date header.")
        }
        if abs(date.timeIntervalSince(now)) > allowedSkew {
            throw CognitoError(.invalidSignatureException, "Signature expired: \(amzDate) is too far from the server's time.")
        }
        guard amzDate.hasPrefix(scope[1]), scope[1].count == 8 else {
            throw CognitoError(.invalidSignatureException, "The credential scope's date \(scope[1]) is not the request's date \(amzDate.prefix(8)).")
        }
        let names = signedHeaders.split(separator: ";").map(String.init)
        let canonicalHeaders = names.map { name in
            // Values trimmed, with runs of spaces as one.
            let value = (request.headers[name] ?? "").split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            return "\(name):\(value.trimmingCharacters(in: .whitespaces))\n"
        }.joined()
        let payloadHash = try Self.payloadHash(request, service: scope[3])
        let canonicalRequest = [
            request.method, SigV4.canonicalPath(request.path, service: scope[3]), SigV4.canonicalQuery(request.query), canonicalHeaders,
            signedHeaders, payloadHash,
        ].joined(separator: "\n")
        let expected = SigV4.signature(canonicalRequest: canonicalRequest, amzDate: amzDate, scope: Array(scope[1...4]), secret: secret)
        guard constantTimeEquals(expected, signature) else {
            throw CognitoError(
                .invalidSignatureException,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.")
        }
        return Scope(accessKeyId: scope[0], region: scope[2], service: scope[3])
    }

    static func parse(_ amzDate: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: amzDate)
    }

    /// The body's hash as signed. S3 may declare it unsigned or streamed; otherwise a
    /// declared hash must be the body's.
    static func payloadHash(_ request: SignedRequest, service: String) throws -> String {
        let actual = Hex.encode(SHA256.hash([UInt8](request.body)))
        guard let declared = request.headers["x-amz-content-sha256"] else { return actual }
        if service == "s3" && (declared == "UNSIGNED-PAYLOAD" || declared.hasPrefix("STREAMING-")) { return declared }
        guard declared.lowercased() == actual else {
            throw CognitoError(.invalidSignatureException, "The provided x-amz-content-sha256 header does not match what was computed.")
        }
        return declared
    }
}
