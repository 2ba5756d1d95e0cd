import ArgumentParser
import Foundation
import SigilCore

/// `sigil role`: the IAM roles identity pools hand out, their permission policies, and
/// what those policies allow.
struct RoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "Manage the IAM roles identity pools give credentials for, and test their policies.",
        subcommands: [Put.self, Import.self, List.self, Show.self, Delete.self, Simulate.self])

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or replace a role with permission policies read from JSON files.",
            discussion: "Each --policy is NAME=FILE (or just FILE, named after the file). The role's ARN is printed.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The role name (the last part of its ARN).") var name: String
        @Option(help: "What the role is for.") var description: String?
        @Option(help: "A permission policy: NAME=FILE or FILE (repeatable).") var policy: [String] = []

        func run() async throws {
            var policies: [String: String] = [:]
            for item in policy {
                let (policyName, path) =
                    item.contains("=")
                    ? (String(item[..<item.firstIndex(of: "=")!]), String(item[item.index(after: item.firstIndex(of: "=")!)...]))
                    : (URL(fileURLWithPath: item).deletingPathExtension().lastPathComponent, item)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw CognitoError.invalidParameter("Cannot read the policy file \(path).")
                }
                policies[policyName] = text
            }
            let role = try await store.engine().putRole(name: name, description: description, policies: policies)
            print(role.arn)
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or replace roles from a JSON file.",
            discussion:
                #"The file: {"Roles": [{"RoleName": "photo-users", "Description": "…", "Policies": {"photos": {"Version": "2012-10-17", "Statement": […]}}}]}. Nothing is stored unless every role and policy is valid."#
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The roles file.") var file: String

        func run() async throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CognitoError.invalidParameter("Cannot read the roles file \(file).")
            }
            for role in try await store.engine().importRoles(json: text) { print(role.arn) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the roles.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let roles = try await store.engine().roles()
            Output.table(
                ["ARN", "Policies", "Description"], roles.map { [$0.arn, $0.policies.keys.sorted().joined(separator: ", "), $0.description ?? ""] })
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a role's policies.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The role name.") var name: String

        func run() async throws {
            let engine = try await store.engine()
            guard let role = try await engine.role(arn: engine.roleArn(name: name)) else {
                throw CognitoError.resourceNotFound("Role \(name) does not exist.")
            }
            print(role.arn)
            for (policyName, text) in role.policies.sorted(by: { $0.key < $1.key }) {
                print("\n# \(policyName)\n\(text)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a role.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The role name.") var name: String

        func run() async throws {
            try await store.engine().deleteRole(name: name)
            print("Deleted \(name)")
        }
    }

    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask whether a role may do an action on a resource, and which statement decides.",
            discussion:
                "Example: sigil role simulate --name photo-users --action s3:GetObject --resource 'arn:aws:s3:::photos/us-east-1:1234/cat.jpg' --context cognito-identity.amazonaws.com:sub=us-east-1:1234"
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "The role name.") var name: String
        @Option(help: "The action, e.g. s3:GetObject.") var action: String
        @Option(help: "The resource ARN.") var resource: String
        @Option(help: "A request context key: KEY=VALUE (repeatable; repeat a key for several values).") var context: [String] = []

        func run() async throws {
            var keys: [String: [String]] = [:]
            for item in context {
                guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                    throw CognitoError.invalidParameter("--context \(item) is not KEY=VALUE.")
                }
                keys[String(item[..<equals]), default: []].append(String(item[item.index(after: equals)...]))
            }
            let engine = try await store.engine()
            guard try await engine.role(arn: engine.roleArn(name: name)) != nil else {
                throw CognitoError.resourceNotFound("Role \(name) does not exist.")
            }
            let decision = try await engine.simulate(roleArn: engine.roleArn(name: name), action: action, resource: resource, context: keys)
            print(decision.explanation)
            if !decision.allowed { throw ExitCode(2) }
        }
    }
}
