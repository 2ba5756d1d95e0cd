import Foundation
import SigilCrypto
import Testing

@testable import SigilServer

/// The request parsing behind `/_sigil/aws` and STS: hostile input is read, never a crash.
@Suite struct CredentialCheckTests {
    @Test func formsWithoutNamesOrValuesAreRead() async {
        #expect(FormEncoding.decode("=&a=&=x&b=1&b=2&c", plusIsSpace: false) == ["a": "", "b": "1", "c": ""])
        #expect(FormEncoding.decode("Action=Assume+Role%21", plusIsSpace: true) == ["Action": "Assume Role!"])
        #expect(FormEncoding.decode("k=a+b", plusIsSpace: false) == ["k": "a+b"])
    }

    @Test func canonicalQueryStringsSortByNameThenValue() async {
        #expect(
            SigV4.canonicalQuery("b=2&a=1&Filter.1.Value.10=y&Filter.1.Value.1=x&acl")
                == "Filter.1.Value.1=x&Filter.1.Value.10=y&a=1&acl=&b=2")
        #expect(SigV4.canonicalQuery("prefix=us-east-1%3aabc%2F&list-type=2") == "list-type=2&prefix=us-east-1%3Aabc%2F")
        #expect(SigV4.canonicalQuery("") == "")
    }

    func action(_ method: String, _ path: String, _ query: String = "") throws -> AWSRequestAction {
        try AWSRequestAction.of(
            method: method, path: path, query: query, headers: [:], body: Data(), service: "s3", region: "us-east-1", account: "1")
    }

    @Test func s3RequestsNameTheirActions() async throws {
        #expect(
            try action("GET", "/photos/a%3Ab/cat.jpg", "x-id=GetObject")
                == AWSRequestAction(action: "s3:GetObject", resource: "arn:aws:s3:::photos/a:b/cat.jpg", context: [:]))
        #expect(try action("PUT", "/photos/k", "acl").action == "s3:PutObjectAcl")
        #expect(try action("GET", "/photos", "list-type=2&prefix=a%2F").context == ["s3:prefix": ["a/"]])
        #expect(try action("GET", "/photos", "versions").action == "s3:ListBucketVersions")
        #expect(try action("DELETE", "/photos/k", "versionId=3").action == "s3:DeleteObjectVersion")
        #expect(throws: AWSRequestAction.Unknown.self) { try action("GET", "/photos/k", "torrent") }
        #expect(throws: AWSRequestAction.Unknown.self) { try action("GET", "/") }
        // Nameless query items are ignored, not a crash.
        #expect(try action("GET", "/photos", "=&=x").action == "s3:ListBucket")
    }
}
