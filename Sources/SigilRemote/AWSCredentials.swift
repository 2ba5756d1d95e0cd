import Foundation
import SigilCrypto

/// Where the console's requests to a remote endpoint get their credentials and region, as
/// the AWS CLI and SDKs look for them: an explicit profile, else the environment
/// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), else the `default` (or
/// AWS_PROFILE) profile of the shared credentials and config files.
public struct AWSCredentialSource: Sendable {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public var environment: [String: String]
    public var home: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, home: String = NSHomeDirectory()) {
        self.environment = environment
        self.home = home
    }

    /// The credentials for `profile` (nil: the environment first, then AWS_PROFILE or
    /// `default`).
    public func credentials(profile: String? = nil) throws -> SigV4.Credentials {
        if profile == nil, let key = nonEmpty("AWS_ACCESS_KEY_ID"), let secret = nonEmpty("AWS_SECRET_ACCESS_KEY") {
            return SigV4.Credentials(accessKeyId: key, secret: secret, sessionToken: nonEmpty("AWS_SESSION_TOKEN"))
        }
        let name = profile ?? nonEmpty("AWS_PROFILE") ?? "default"
        let sections = [
            try Self.ini(at: credentialsFile)[name], try Self.ini(at: configFile)[name == "default" ? "default" : "profile \(name)"],
        ]
        for section in sections.compactMap({ $0 }) {
            if let key = section["aws_access_key_id"], let secret = section["aws_secret_access_key"] {
                return SigV4.Credentials(accessKeyId: key, secret: secret, sessionToken: section["aws_session_token"])
            }
        }
        let known = (try? Self.ini(at: credentialsFile).keys.sorted()) ?? []
        if profile != nil || environment["AWS_PROFILE"] != nil {
            throw Failure(
                description: "The AWS profile \(name) has no aws_access_key_id and aws_secret_access_key in \(credentialsFile) or \(configFile)"
                    + (known.isEmpty ? "." : " (profiles there: \(known.joined(separator: ", "))).")
                    + " Roles, SSO and credential processes are not read; export keys (e.g. aws configure export-credentials) instead.")
        }
        throw Failure(
            description: "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for "
                + "temporary ones), or give --profile NAME with keys in \(credentialsFile).")
    }

    /// The region: the one given, else AWS_REGION, AWS_DEFAULT_REGION, or the profile's.
    public func region(_ given: String?, profile: String? = nil) throws -> String {
        if let given, !given.isEmpty { return given }
        if let region = nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION") { return region }
        let name = profile ?? nonEmpty("AWS_PROFILE") ?? "default"
        if let region = try Self.ini(at: configFile)[name == "default" ? "default" : "profile \(name)"]?["region"] { return region }
        throw Failure(description: "No AWS region: give --region (e.g. us-east-1), or set AWS_REGION.")
    }

    var credentialsFile: String { nonEmpty("AWS_SHARED_CREDENTIALS_FILE") ?? home + "/.aws/credentials" }
    var configFile: String { nonEmpty("AWS_CONFIG_FILE") ?? home + "/.aws/config" }

    private func nonEmpty(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// An INI file's sections (`[name]`) and their `key = value` lines; a missing file is empty.
    static func ini(at path: String) throws -> [String: [String: String]] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure(description: "\(path) cannot be read as text.")
        }
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                sections[current!, default: [:]] = sections[current!] ?? [:]
            } else if let current, let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                sections[current, default: [:]][key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return sections
    }
}
