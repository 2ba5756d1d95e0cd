import ArgumentParser
import Foundation
import SigilCore

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the users of a pool.",
        subcommands: [
            Create.self, Get.self, List.self, Update.self, DeleteAttributes.self, Disable.self, Enable.self, Delete.self,
            SetPassword.self, ResetPassword.self, Confirm.self,
        ])

    /// The pool and user every single-user command names.
    struct Target: ParsableArguments {
        @Option(help: "The pool id.") var pool: String
        @Option(name: .customLong("user"), help: "The username, or an alias or sub that names the user.") var username: String
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user (AdminCreateUser).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(name: .customLong("attribute"), help: "An attribute as name=value (repeatable).") var attributes: [AttributeArgument] = []
        @Option(help: "The temporary password (generated when left out).") var temporaryPassword: String?
        @Option(help: "Send the invitation by EMAIL and/or SMS, comma-separated.") var delivery: ListArgument<DeliveryMediumType>?
        @Flag(help: "Send no invitation.") var suppress = false
        @Flag(help: "Move a verified email or phone alias from the user who has it.") var forceAlias = false

        func run() async throws {
            let response = try await store.engine().adminCreateUser(
                AdminCreateUserRequest(
                    userPoolId: target.pool, username: target.username, userAttributes: attributes.map(\.attribute),
                    temporaryPassword: temporaryPassword, forceAliasCreation: forceAlias ? true : nil,
                    messageAction: suppress ? .suppress : nil, desiredDeliveryMediums: delivery?.values))
            if store.json { return try Output.json(response) }
            if let user = response.user { UserCommand.show(user.username, user.userStatus, user.enabled, user.attributes) }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a user (AdminGetUser).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target

        func run() async throws {
            let response = try await store.engine().adminGetUser(AdminGetUserRequest(userPoolId: target.pool, username: target.username))
            if store.json { return try Output.json(response) }
            UserCommand.show(response.username, response.userStatus, response.enabled, response.userAttributes)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List users (ListUsers), following pages.",
            discussion: """
                --filter takes Cognito's filter grammar: name = "value" or name ^= "value" (prefix), on username, \
                email, phone_number, name, given_name, family_name, preferred_username, cognito:user_status, status or sub.
                """)
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String
        @Option(help: "A Cognito filter, e.g. 'email ^= \"ann\"'.") var filter: String?
        @Option(help: "Print at most this many users (all when left out).") var limit: Int?
        @Option(help: "Only these attributes, comma-separated.") var attributes: String?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let engine = try await store.engine()
            let names = attributes.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            var users: [UserType] = []
            var token: String?
            repeat {
                let want = limit.map { min(60, $0 - users.count) } ?? 60
                let page = try await engine.listUsers(
                    ListUsersRequest(userPoolId: pool, attributesToGet: names, limit: want, paginationToken: token, filter: filter))
                users += page.users ?? []
                token = page.paginationToken
            } while token != nil && (limit.map { users.count < $0 } ?? true)
            if store.json { return try Output.json(ListUsersResponse(users: users)) }
            Output.table(
                ["USERNAME", "EMAIL", "STATUS", "ENABLED", "CREATED"],
                users.map { user in
                    let email = user.attributes?.first { $0.name == "email" }?.value ?? ""
                    return [
                        user.username ?? "", email, user.userStatus?.rawValue ?? "", user.enabled == false ? "no" : "yes",
                        Output.date(user.userCreateDate),
                    ]
                })
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set attributes (AdminUpdateUserAttributes); an empty value removes one.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(name: .customLong("attribute"), help: "An attribute as name=value (repeatable).") var attributes: [AttributeArgument]

        func run() async throws {
            _ = try await store.engine().adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(userPoolId: target.pool, username: target.username, userAttributes: attributes.map(\.attribute)))
            if store.json { return try Output.json(AdminUpdateUserAttributesResponse()) }
            print("Updated \(target.username)")
        }
    }

    struct DeleteAttributes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove attributes (AdminDeleteUserAttributes).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(name: .customLong("attribute"), help: "An attribute name (repeatable).") var names: [String]

        func run() async throws {
            _ = try await store.engine().adminDeleteUserAttributes(
                AdminDeleteUserAttributesRequest(userPoolId: target.pool, username: target.username, userAttributeNames: names))
            if !store.json { print("Updated \(target.username)") }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user (AdminDisableUser).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target

        func run() async throws {
            _ = try await store.engine().adminDisableUser(AdminDisableUserRequest(userPoolId: target.pool, username: target.username))
            if !store.json { print("Disabled \(target.username)") }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a user (AdminEnableUser).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target

        func run() async throws {
            _ = try await store.engine().adminEnableUser(AdminEnableUserRequest(userPoolId: target.pool, username: target.username))
            if !store.json { print("Enabled \(target.username)") }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user (AdminDeleteUser).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target

        func run() async throws {
            try await store.engine().adminDeleteUser(AdminDeleteUserRequest(userPoolId: target.pool, username: target.username))
            if !store.json { print("Deleted \(target.username)") }
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a password (AdminSetUserPassword).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "The new password.") var password: String
        @Flag(help: "Make it permanent (CONFIRMED) instead of temporary (FORCE_CHANGE_PASSWORD).") var permanent = false

        func run() async throws {
            _ = try await store.engine().adminSetUserPassword(
                AdminSetUserPasswordRequest(userPoolId: target.pool, username: target.username, password: password, permanent: permanent))
            if !store.json { print("Password set for \(target.username)") }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Require a password reset and send a code (AdminResetUserPassword).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target

        func run() async throws {
            _ = try await store.engine().adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: target.pool, username: target.username))
            if !store.json { print("Password reset for \(target.username); the code is in the outbox") }
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm a signed-up user (AdminConfirmSignUp).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target

        func run() async throws {
            _ = try await store.engine().adminConfirmSignUp(AdminConfirmSignUpRequest(userPoolId: target.pool, username: target.username))
            if !store.json { print("Confirmed \(target.username)") }
        }
    }

    static func show(_ username: String?, _ status: UserStatusType?, _ enabled: Bool?, _ attributes: [AttributeType]?) {
        Output.table(
            ["FIELD", "VALUE"],
            [["Username", username ?? ""], ["Status", status?.rawValue ?? ""], ["Enabled", enabled == false ? "no" : "yes"]]
                + Output.attributes(attributes))
    }
}
