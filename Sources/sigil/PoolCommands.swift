import ArgumentParser
import Foundation
import SigilCore

struct PoolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool", abstract: "Create, list, describe and delete user pools, and set their MFA.",
        subcommands: [Create.self, List.self, Describe.self, Delete.self, MFA.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user pool.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool's name.") var name: String
        @Option(help: "Sign in with these instead of a username: email, phone_number.")
        var usernameAttributes: ListArgument<UsernameAttributeType>?
        @Option(help: "Also sign in with these: email, phone_number, preferred_username.")
        var aliasAttributes: ListArgument<AliasAttributeType>?
        @Option(help: "Send codes to verify these: email, phone_number.")
        var autoVerify: ListArgument<VerifiedAttributeType>?
        @Flag(help: "Compare usernames without regard to case.") var caseInsensitive = false
        @Option(help: "MFA: OFF, ON or OPTIONAL.") var mfa: UserPoolMfaType?
        @Option(help: "The MFA factors offered, comma-separated: totp, sms, email (default with --mfa ON or OPTIONAL: totp).")
        var mfaFactors: ListArgument<MFAFactor>?
        @Option(help: "The password policy's minimum length (6-99).") var minimumLength: Int?
        @Flag(help: "Refuse DeleteUserPool until this is turned off.") var deletionProtection = false

        func run() async throws {
            let engine = try await store.engine()
            let policies = minimumLength.map {
                UserPoolPolicyType(
                    passwordPolicy: PasswordPolicyType(
                        minimumLength: $0, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true))
            }
            let response = try await engine.createUserPool(
                CreateUserPoolRequest(
                    poolName: name, policies: policies, deletionProtection: deletionProtection ? .active : nil,
                    autoVerifiedAttributes: autoVerify?.values, aliasAttributes: aliasAttributes?.values,
                    usernameAttributes: usernameAttributes?.values, mfaConfiguration: mfa,
                    usernameConfiguration: caseInsensitive ? UsernameConfigurationType(caseSensitive: false) : nil))
            if let id = response.userPool?.id, let mode = mfa, mode != .off || mfaFactors != nil {
                let factors = Set(mfaFactors?.values ?? [.totp])
                _ = try await engine.setUserPoolMfaConfig(.factors(poolId: id, mode: mode, factors))
            }
            if store.json { return try Output.json(response) }
            print(response.userPool?.id ?? "")
        }
    }

    struct MFA: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a pool's MFA: OFF, OPTIONAL or ON, and the factors it offers (SetUserPoolMfaConfig).",
            discussion: "Example: sigil pool mfa --pool us-east-1_AbCdEf123 --mode ON --factors totp")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String
        @Option(help: "OFF, OPTIONAL or ON.") var mode: UserPoolMfaType
        @Option(help: "The factors offered, comma-separated: totp, sms, email.") var factors: ListArgument<MFAFactor>?

        func validate() throws {
            if mode != .off && (factors?.values ?? []).isEmpty {
                throw ValidationError("--mode \(mode.rawValue) needs --factors (totp, sms, email)")
            }
        }

        func run() async throws {
            let response = try await store.engine().setUserPoolMfaConfig(.factors(poolId: pool, mode: mode, Set(factors?.values ?? [])))
            if store.json { return try Output.json(response) }
            let offered = [
                response.softwareTokenMfaConfiguration?.enabled == true ? "totp" : nil, response.smsMfaConfiguration != nil ? "sms" : nil,
                response.emailMfaConfiguration != nil ? "email" : nil,
            ].compactMap { $0 }
            print("MFA \(response.mfaConfiguration?.rawValue ?? "OFF")" + (offered.isEmpty ? "" : " with \(offered.joined(separator: ", "))"))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List user pools.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let engine = try await store.engine()
            var pools: [UserPoolDescriptionType] = []
            var token: String?
            repeat {
                let page = try await engine.listUserPools(ListUserPoolsRequest(nextToken: token, maxResults: 60))
                pools += page.userPools ?? []
                token = page.nextToken
            } while token != nil
            if store.json { return try Output.json(ListUserPoolsResponse(userPools: pools)) }
            Output.table(["ID", "NAME", "CREATED"], pools.map { [$0.id ?? "", $0.name ?? "", Output.date($0.creationDate)] })
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a user pool's settings.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String

        func run() async throws {
            let response = try await store.engine().describeUserPool(DescribeUserPoolRequest(userPoolId: pool))
            if store.json { return try Output.json(response) }
            guard let pool = response.userPool else { return }
            let policy = pool.policies?.passwordPolicy
            var rows: [[String]] = [
                ["Id", pool.id ?? ""], ["Name", pool.name ?? ""], ["Arn", pool.arn ?? ""],
                ["Users", String(pool.estimatedNumberOfUsers ?? 0)],
                ["Created", Output.date(pool.creationDate)],
                ["Username attributes", (pool.usernameAttributes ?? []).map(\.rawValue).joined(separator: ", ")],
                ["Alias attributes", (pool.aliasAttributes ?? []).map(\.rawValue).joined(separator: ", ")],
                ["Case sensitive", pool.usernameConfiguration?.caseSensitive == false ? "no" : "yes"],
                ["Auto-verified", (pool.autoVerifiedAttributes ?? []).map(\.rawValue).joined(separator: ", ")],
                ["MFA", pool.mfaConfiguration?.rawValue ?? "OFF"],
                ["Deletion protection", pool.deletionProtection?.rawValue ?? "INACTIVE"],
            ]
            if let policy {
                let needs = [
                    policy.requireLowercase == true ? "lowercase" : nil, policy.requireUppercase == true ? "uppercase" : nil,
                    policy.requireNumbers == true ? "numbers" : nil, policy.requireSymbols == true ? "symbols" : nil,
                ].compactMap { $0 }
                rows.append(["Password policy", "at least \(policy.minimumLength ?? 8) characters; \(needs.joined(separator: ", "))"])
            }
            let custom = (pool.schemaAttributes ?? []).compactMap(\.name).filter { $0.contains("custom:") }
            if !custom.isEmpty { rows.append(["Custom attributes", custom.joined(separator: ", ")]) }
            Output.table(["SETTING", "VALUE"], rows)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user pool with all its users and its domains.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String

        func run() async throws {
            try await store.engine().deleteUserPoolAndDomains(pool)
            if !store.json { print("Deleted \(pool)") }
        }
    }
}
