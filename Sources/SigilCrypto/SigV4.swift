import Foundation

/// AWS Signature Version 4: the canonical request, the signing key and the signature,
/// for checking requests (the server) and signing them (calls to a Lambda Invoke API).
public enum SigV4 {
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// The hex signature of `canonicalRequest` made at `amzDate` (yyyyMMdd'T'HHmmss'Z')
    /// within the scope `date/region/service/aws4_request`.
    public static func signature(canonicalRequest: String, amzDate: String, scope: [String], secret: String) -> String {
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope.joined(separator: "/"), Hex.encode(SHA256.hash(Array(canonicalRequest.utf8)))]
            .joined(separator: "\n")
        var key = Array("AWS4\(secret)".utf8)
        for component in scope { key = HMACSHA256.authenticate(Array(component.utf8), key: key) }
        return Hex.encode(HMACSHA256.authenticate(Array(stringToSign.utf8), key: key))
    }

    /// The path as signed: S3 signs it as sent; the other services encode each segment
    /// once more.
    public static func canonicalPath(_ path: String, service: String) -> String {
        guard !path.isEmpty else { return "/" }
        guard service != "s3" else { return path }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: unreserved) ?? String($0) }.joined(separator: "/")
    }

    /// Each name and value decoded and encoded again as SigV4 wants (RFC 3986's unreserved
    /// characters kept, upper-case hex), sorted by name then value.
    public static func canonicalQuery(_ query: String) -> String {
        func normalised(_ text: Substring) -> String {
            let decoded = text.removingPercentEncoding ?? String(text)
            return decoded.addingPercentEncoding(withAllowedCharacters: unreserved) ?? decoded
        }
        return query.split(separator: "&").map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (normalised(parts[0]), parts.count > 1 ? normalised(parts[1]) : "")
        }
        .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Who signs: an access key, its secret, and a session token for temporary credentials.
    public struct Credentials: Sendable, Equatable {
        public var accessKeyId: String
        public var secret: String
        public var sessionToken: String?

        public init(accessKeyId: String, secret: String, sessionToken: String? = nil) {
            self.accessKeyId = accessKeyId
            self.secret = secret
            self.sessionToken = sessionToken
        }
    }

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
    public static func amzDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// Signs a request to `url`: every header given (names in any case) is signed, with
    /// `host`, `x-amz-date` and, for temporary credentials, `x-amz-security-token` added.
    /// Returns the headers to send besides the given ones, `authorization` among them.
    public static func sign(
        method: String, url: URL, headers: [String: String] = [:], payloadHash: String, credentials: Credentials, region: String,
        service: String, date: Date
    ) -> [String: String] {
        let stamp = amzDate(date)
        var host = url.host ?? ""
        if let port = url.port { host += ":\(port)" }
        var signed = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        var added = ["host": host, "x-amz-date": stamp]
        if let token = credentials.sessionToken { added["x-amz-security-token"] = token }
        signed.merge(added) { $1 }
        let names = signed.keys.sorted()
        let canonicalHeaders = names.map { name -> String in
            let value = (signed[name] ?? "").split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            return "\(name):\(value.trimmingCharacters(in: .whitespaces))\n"
        }.joined()
        // The path and query as sent (percent-encoded).
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let path = components?.percentEncodedPath ?? url.path
        let canonical = [
            method, canonicalPath(path.isEmpty ? "/" : path, service: service), canonicalQuery(components?.percentEncodedQuery ?? ""),
            canonicalHeaders, names.joined(separator: ";"), payloadHash,
        ].joined(separator: "\n")
        let scope = [String(stamp.prefix(8)), region, service, "aws4_request"]
        let signature = signature(canonicalRequest: canonical, amzDate: stamp, scope: scope, secret: credentials.secret)
        added["authorization"] =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope.joined(separator: "/")), SignedHeaders=\(names.joined(separator: ";")), "
            + "Signature=\(signature)"
        return added
    }

    /// The hex SHA-256 of a body, as `x-amz-content-sha256` and the canonical request carry it.
    public static func payloadHash(_ body: [UInt8]) -> String { Hex.encode(SHA256.hash(body)) }
}
