import Foundation
import SigilCore
import SigilCrypto

/// The IAM action and resource an AWS API request asks for, worked out from the request
/// as the service would: S3's REST paths and verbs, the JSON protocols' X-Amz-Target,
/// or (for anything else) the `X-Sigil-Action` and `X-Sigil-Resource` headers.
struct AWSRequestAction: Equatable {
    var action: String
    var resource: String
    /// Keys the service adds to the request context (`s3:prefix` …).
    var context: [String: [String]]

    struct Unknown: Error {
        var message: String
    }

    /// `path` is what follows the verifier's prefix, as sent (still percent-encoded).
    static func of(method: String, path: String, query: String, headers: [String: String], body: Data, service: String, region: String, account: String)
        throws(Unknown) -> AWSRequestAction
    {
        if let action = headers["x-sigil-action"], let resource = headers["x-sigil-resource"] {
            return AWSRequestAction(action: action, resource: resource, context: [:])
        }
        if service == "s3" { return try s3(method: method, path: path, query: query) }
        if let target = headers["x-amz-target"], let dot = target.lastIndex(of: ".") {
            let operation = String(target[target.index(after: dot)...])
            var resource = "*"
            if service == "dynamodb", let table = (try? JSONValue(json: [UInt8](body)))?["TableName"]?.stringValue {
                resource = "arn:aws:dynamodb:\(region):\(account):table/\(table)"
            }
            return AWSRequestAction(action: "\(service):\(operation)", resource: resource, context: [:])
        }
        throw Unknown(message: "Sigil can't tell which action this \(service) request is; send X-Sigil-Action and X-Sigil-Resource headers.")
    }

    private static func s3(method: String, path: String, query: String) throws(Unknown) -> AWSRequestAction {
        let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
        guard let bucket = parts.first.map(String.init) else { throw Unknown(message: "An S3 request needs a bucket in its path.") }
        let key = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : nil
        let parameters = Dictionary(
            query.split(separator: "&").map { item -> (String, String) in
                let pair = item.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                return (pair[0], pair.count > 1 ? pair[1] : "")
            }, uniquingKeysWith: { first, _ in first })
        let bucketArn = "arn:aws:s3:::\(bucket)"
        guard let key, !key.isEmpty else {
            switch method {
            case "GET", "HEAD":
                var context: [String: [String]] = [:]
                if let prefix = parameters["prefix"] { context["s3:prefix"] = [prefix] }
                if let delimiter = parameters["delimiter"] { context["s3:delimiter"] = [delimiter] }
                return AWSRequestAction(action: "s3:ListBucket", resource: bucketArn, context: context)
            case "PUT": return AWSRequestAction(action: "s3:CreateBucket", resource: bucketArn, context: [:])
            case "DELETE": return AWSRequestAction(action: "s3:DeleteBucket", resource: bucketArn, context: [:])
            default: throw Unknown(message: "Sigil does not know the S3 action for \(method) on a bucket.")
            }
        }
        let objectArn = "\(bucketArn)/\(key)"
        switch method {
        case "GET", "HEAD": return AWSRequestAction(action: "s3:GetObject", resource: objectArn, context: [:])
        case "PUT": return AWSRequestAction(action: "s3:PutObject", resource: objectArn, context: [:])
        case "DELETE": return AWSRequestAction(action: "s3:DeleteObject", resource: objectArn, context: [:])
        default: throw Unknown(message: "Sigil does not know the S3 action for \(method) on an object.")
        }
    }
}
