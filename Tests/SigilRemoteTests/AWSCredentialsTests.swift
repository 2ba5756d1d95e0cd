import Foundation
import SigilCrypto
import Testing

@testable import SigilRemote

/// Credentials and region found where the AWS CLI finds them.
@Suite struct AWSCredentialsTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try """
        # keys
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = default-secret

        [ops]
        aws_access_key_id=AKIAOPS
        aws_secret_access_key=ops-secret
        aws_session_token=ops-token
        """.write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        try """
        [default]
        region = eu-west-1
        [profile ops]
        region = ap-southeast-2
        [profile configured]
        aws_access_key_id = AKIACONFIG
        aws_secret_access_key = config-secret
        """.write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
    }

    func source(_ environment: [String: String] = [:]) -> AWSCredentialSource {
        AWSCredentialSource(environment: environment, home: home.path)
    }

    @Test func theEnvironmentComesFirstUnlessAProfileIsNamed() throws {
        let environment = ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token"]
        #expect(try source(environment).credentials() == SigV4.Credentials(accessKeyId: "AKIAENV", secret: "env-secret", sessionToken: "env-token"))
        #expect(try source(environment).credentials(profile: "ops").accessKeyId == "AKIAOPS")
        #expect(try source().credentials() == SigV4.Credentials(accessKeyId: "AKIADEFAULT", secret: "default-secret"))
        #expect(try source(["AWS_PROFILE": "ops"]).credentials().sessionToken == "ops-token")
        #expect(try source().credentials(profile: "configured").accessKeyId == "AKIACONFIG")
    }

    @Test func regionsComeFromTheFlagTheEnvironmentOrTheProfile() throws {
        #expect(try source(["AWS_REGION": "us-west-2"]).region("eu-north-1") == "eu-north-1")
        #expect(try source(["AWS_REGION": "us-west-2"]).region(nil) == "us-west-2")
        #expect(try source().region(nil) == "eu-west-1")
        #expect(try source().region(nil, profile: "ops") == "ap-southeast-2")
        #expect(throws: AWSCredentialSource.Failure.self) { try AWSCredentialSource(environment: [:], home: "/nonexistent").region(nil) }
    }

    @Test func missingCredentialsSayWhatToDo() {
        #expect {
            try AWSCredentialSource(environment: [:], home: "/nonexistent").credentials()
        } throws: { error in
            "\(error)".contains("No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        #expect {
            try source().credentials(profile: "nobody")
        } throws: { error in
            "\(error)".contains("The AWS profile nobody has no aws_access_key_id") && "\(error)".contains("profiles there: default, ops")
        }
    }
}
