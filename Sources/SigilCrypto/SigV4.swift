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

    /// The headers that sign a request to `url` (host, x-amz-date, x-amz-content-sha256,
    /// a session token if any, and Authorization).
    public static func signingHeaders(
        method: String, url: URL, body: [UInt8], accessKeyId: String, secret: String, sessionToken: String? = nil, region: String,
        service: String, date: Date
    ) -> [String: String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let amzDate = formatter.string(from: date)
        var host = url.host ?? ""
        if let port = url.port { host += ":\(port)" }
        var headers = ["host": host, "x-amz-date": amzDate, "x-amz-content-sha256": Hex.encode(SHA256.hash(body))]
        if let sessionToken { headers["x-amz-security-token"] = sessionToken }
        let names = headers.keys.sorted()
        let canonical = [
            method, canonicalPath(url.path, service: service), canonicalQuery(url.query ?? ""),
            names.map { "\($0):\(headers[$0] ?? "")\n" }.joined(), names.joined(separator: ";"), headers["x-amz-content-sha256"] ?? "",
        ].joined(separator: "\n")
        let scope = [String(amzDate.prefix(8)), region, service, "aws4_request"]
        let signature = signature(canonicalRequest: canonical, amzDate: amzDate, scope: scope, secret: secret)
        headers["authorization"] =
            "AWS4-HMAC-SHA256 Credential=\(accessKeyId)/\(scope.joined(separator: "/")), SignedHeaders=\(names.joined(separator: ";")), "
            + "Signature=\(signature)"
        return headers
    }
}
