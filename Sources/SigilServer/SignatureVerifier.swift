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

    func verify(_ request: SignedRequest, now: Date) throws {
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
        guard let secret = credentials[scope[0]] else {
            throw CognitoError(.unrecognizedClientException, "The security token included in the request is invalid.")
        }
        guard let amzDate = request.headers["x-amz-date"], let date = Self.parse(amzDate) else {
            throw CognitoError(.incompleteSignatureException, "The request needs an X-Amz-Date header.")
        }
        if abs(date.timeIntervalSince(now)) > allowedSkew {
            throw CognitoError(.invalidSignatureException, "Signature expired: \(amzDate) is too far from the server's time.")
        }
        let names = signedHeaders.split(separator: ";").map(String.init)
        let canonicalHeaders = names.map { name in
            "\(name):\((request.headers[name] ?? "").trimmingCharacters(in: .whitespaces))\n"
        }.joined()
        let payloadHash = request.headers["x-amz-content-sha256"] ?? Hex.encode(SHA256.hash([UInt8](request.body)))
        let canonicalRequest = [
            request.method, Self.canonicalPath(request.path), Self.canonicalQuery(request.query), canonicalHeaders, signedHeaders, payloadHash,
        ].joined(separator: "\n")
        let credentialScope = scope[1...4].joined(separator: "/")
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, credentialScope, Hex.encode(SHA256.hash(Array(canonicalRequest.utf8)))]
            .joined(separator: "\n")
        var key = Array("AWS4\(secret)".utf8)
        for component in scope[1...4] { key = HMACSHA256.authenticate(Array(component.utf8), key: key) }
        let expected = Hex.encode(HMACSHA256.authenticate(Array(stringToSign.utf8), key: key))
        guard constantTimeEquals(expected, signature) else {
            throw CognitoError(
                .invalidSignatureException,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.")
        }
    }

    static func parse(_ amzDate: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: amzDate)
    }

    static func canonicalPath(_ path: String) -> String { path.isEmpty ? "/" : path }

    static func canonicalQuery(_ query: String) -> String {
        query.split(separator: "&").map(String.init).sorted().joined(separator: "&")
    }
}
