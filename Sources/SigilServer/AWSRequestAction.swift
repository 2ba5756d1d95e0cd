import Foundation
import SigilCore
import SigilCrypto
import SigilJSON

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
    static func of(
        method: String, path: String, query: String, headers: [String: String], body: Data, service: String, region: String, account: String
    )
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
        let parameters = FormEncoding.decode(query, plusIsSpace: false)
        let bucketArn = "arn:aws:s3:::\(bucket)"
        // Sub-resources name their own actions; one Sigil does not know is refused.
        let known: [String: (bucket: [String: String], object: [String: String])] = [
            "acl": (["GET": "GetBucketAcl", "PUT": "PutBucketAcl"], ["GET": "GetObjectAcl", "PUT": "PutObjectAcl"]),
            "tagging": (
                ["GET": "GetBucketTagging", "PUT": "PutBucketTagging", "DELETE": "PutBucketTagging"],
                ["GET": "GetObjectTagging", "PUT": "PutObjectTagging", "DELETE": "DeleteObjectTagging"]
            ),
            "versions": (["GET": "ListBucketVersions"], [:]),
            "uploads": (["GET": "ListBucketMultipartUploads"], ["POST": "PutObject"]),
            "uploadId": ([:], ["PUT": "PutObject", "POST": "PutObject", "GET": "ListMultipartUploadParts", "DELETE": "AbortMultipartUpload"]),
            "location": (["GET": "GetBucketLocation"], [:]),
            "policy": (["GET": "GetBucketPolicy", "PUT": "PutBucketPolicy", "DELETE": "DeleteBucketPolicy"], [:]),
            "versioning": (["GET": "GetBucketVersioning", "PUT": "PutBucketVersioning"], [:]),
        ]
        let ordinary: Set<String> = [
            "prefix", "delimiter", "list-type", "max-keys", "continuation-token", "start-after", "encoding-type",
            "fetch-owner", "marker", "versionId", "partNumber", "x-id", "response-content-type", "response-content-disposition",
        ]
        let subresources = parameters.keys.filter { !ordinary.contains($0) }.sorted()
        let method = method == "HEAD" ? "GET" : method
        guard let key, !key.isEmpty else {
            if let name = subresources.first {
                guard let action = known[name]?.bucket[method] else {
                    throw Unknown(message: "Sigil does not know the S3 action for \(method) ?\(name) on a bucket.")
                }
                return AWSRequestAction(action: "s3:" + action, resource: bucketArn, context: [:])
            }
            switch method {
            case "GET":
                var context: [String: [String]] = [:]
                if let prefix = parameters["prefix"] { context["s3:prefix"] = [prefix] }
                if let delimiter = parameters["delimiter"] { context["s3:delimiter"] = [delimiter] }
                if let maxKeys = parameters["max-keys"] { context["s3:max-keys"] = [maxKeys] }
                return AWSRequestAction(action: "s3:ListBucket", resource: bucketArn, context: context)
            case "PUT": return AWSRequestAction(action: "s3:CreateBucket", resource: bucketArn, context: [:])
            case "DELETE": return AWSRequestAction(action: "s3:DeleteBucket", resource: bucketArn, context: [:])
            default: throw Unknown(message: "Sigil does not know the S3 action for \(method) on a bucket.")
            }
        }
        let objectArn = "\(bucketArn)/\(key)"
        if let name = subresources.first {
            guard let action = known[name]?.object[method] else {
                throw Unknown(message: "Sigil does not know the S3 action for \(method) ?\(name) on an object.")
            }
            return AWSRequestAction(action: "s3:" + action, resource: objectArn, context: [:])
        }
        let version = parameters["versionId"] != nil
        switch method {
        case "GET": return AWSRequestAction(action: version ? "s3:GetObjectVersion" : "s3:GetObject", resource: objectArn, context: [:])
        case "PUT": return AWSRequestAction(action: "s3:PutObject", resource: objectArn, context: [:])
        case "DELETE": return AWSRequestAction(action: version ? "s3:DeleteObjectVersion" : "s3:DeleteObject", resource: objectArn, context: [:])
        default: throw Unknown(message: "Sigil does not know the S3 action for \(method) on an object.")
        }
    }
}
