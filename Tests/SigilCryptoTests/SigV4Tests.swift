import Foundation
import SigilCrypto
import Testing

/// The signer against AWS's published Signature Version 4 test suite (service
/// "service") and the S3 documentation's worked examples.
@Suite struct SigV4Tests {
    static let suite = SigV4.Credentials(accessKeyId: "AKIDEXAMPLE", secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let s3 = SigV4.Credentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let s3Date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    static let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    func authorization(
        _ method: String, _ url: String, credentials: SigV4.Credentials = suite, service: String = "service", date: Date = suiteDate,
        headers: [String: String] = [:], payload: String = empty
    ) -> String? {
        SigV4.sign(
            method: method, url: URL(string: url)!, headers: headers, payloadHash: payload, credentials: credentials, region: "us-east-1",
            service: service, date: date)["authorization"]
    }

    @Test func theTestSuitesVanillaRequests() {
        let prefix = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature="
        #expect(authorization("GET", "https://example.amazonaws.com/") == prefix + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(
            authorization("GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1")
                == prefix + "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
        #expect(
            authorization("POST", "https://example.amazonaws.com/") == prefix + "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
    }

    @Test func theS3DocumentationsExamples() {
        let prefix = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders="
        #expect(
            authorization(
                "GET", "https://examplebucket.s3.amazonaws.com/test.txt", credentials: Self.s3, service: "s3", date: Self.s3Date,
                headers: ["Range": "bytes=0-9", "X-Amz-Content-Sha256": Self.empty])
                == prefix + "host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        let body = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"
        #expect(SigV4.payloadHash(Array("Welcome to Amazon S3.".utf8)) == body)
        #expect(
            authorization(
                "PUT", "https://examplebucket.s3.amazonaws.com/test%24file.text", credentials: Self.s3, service: "s3", date: Self.s3Date,
                headers: ["Date": "Fri, 24 May 2013 00:00:00 GMT", "X-Amz-Storage-Class": "REDUCED_REDUNDANCY", "X-Amz-Content-Sha256": body],
                payload: body)
                == prefix
                + "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"
        )
        #expect(
            authorization(
                "GET", "https://examplebucket.s3.amazonaws.com/?lifecycle", credentials: Self.s3, service: "s3", date: Self.s3Date,
                headers: ["X-Amz-Content-Sha256": Self.empty])
                == prefix + "host;x-amz-content-sha256;x-amz-date, Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
        #expect(
            authorization(
                "GET", "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J", credentials: Self.s3, service: "s3", date: Self.s3Date,
                headers: ["X-Amz-Content-Sha256": Self.empty])
                == prefix + "host;x-amz-content-sha256;x-amz-date, Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test func temporaryCredentialsSignTheirToken() {
        let signed = SigV4.sign(
            method: "POST", url: URL(string: "http://localhost:9229/")!, payloadHash: Self.empty,
            credentials: SigV4.Credentials(accessKeyId: "ASIAEXAMPLE", secret: "secret", sessionToken: "token"), region: "us-east-1",
            service: "cognito-idp", date: Self.suiteDate)
        #expect(signed["host"] == "localhost:9229" && signed["x-amz-security-token"] == "token" && signed["x-amz-date"] == "20150830T123600Z")
        #expect(signed["authorization"]?.contains("SignedHeaders=host;x-amz-date;x-amz-security-token") == true)
    }
}
