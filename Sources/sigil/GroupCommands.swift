import ArgumentParser
import Foundation
import SigilCore

struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group", abstract: "Manage groups and their members.",
        subcommands: [Create.self, List.self, Get.self, Update.self, Delete.self, AddUser.self, RemoveUser.self, Members.self, OfUser.self])

    struct Target: ParsableArguments {
        @Option(help: "The pool id.") var pool: String
        @Option(help: "The group name.") var group: String
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a group.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "What the group is for.") var description: String?
        @Option(help: "Lower numbers win when a user is in several groups with roles.") var precedence: Int?
        @Option(help: "The IAM role for members.") var roleArn: String?

        func run() async throws {
            let response = try await store.engine().createGroup(
                CreateGroupRequest(
                    groupName: target.group, userPoolId: target.pool, description: description, roleArn: roleArn, precedence: precedence))
            if store.json { return try Output.json(response) }
            print("Created \(target.group)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a pool's groups.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String

        func run() async throws {
            let engine = try await store.engine()
            var groups: [GroupType] = []
            var token: String?
            repeat {
                let page = try await engine.listGroups(ListGroupsRequest(userPoolId: pool, limit: 60, nextToken: token))
                groups += page.groups ?? []
                token = page.nextToken
            } while token != nil
            if store.json { return try Output.json(ListGroupsResponse(groups: groups)) }
            GroupCommand.table(groups)
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a group.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target

        func run() async throws {
            let response = try await store.engine().getGroup(GetGroupRequest(groupName: target.group, userPoolId: target.pool))
            if store.json { return try Output.json(response) }
            GroupCommand.table([response.group].compactMap { $0 })
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a group's description, precedence or role.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "What the group is for.") var description: String?
        @Option(help: "Lower numbers win.") var precedence: Int?
        @Option(help: "The IAM role for members.") var roleArn: String?

        func run() async throws {
            let response = try await store.engine().updateGroup(
                UpdateGroupRequest(
                    groupName: target.group, userPoolId: target.pool, description: description, roleArn: roleArn, precedence: precedence))
            if store.json { return try Output.json(response) }
            print("Updated \(target.group)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a group (its members stay in the pool).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target

        func run() async throws {
            try await store.engine().deleteGroup(DeleteGroupRequest(groupName: target.group, userPoolId: target.pool))
            if !store.json { print("Deleted \(target.group)") }
        }
    }

    struct AddUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user to a group.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "The username.") var user: String

        func run() async throws {
            try await store.engine().adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: target.pool, username: user, groupName: target.group))
            if !store.json { print("Added \(user) to \(target.group)") }
        }
    }

    struct RemoveUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user from a group.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "The username.") var user: String

        func run() async throws {
            try await store.engine().adminRemoveUserFromGroup(
                AdminRemoveUserFromGroupRequest(userPoolId: target.pool, username: user, groupName: target.group))
            if !store.json { print("Removed \(user) from \(target.group)") }
        }
    }

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a group's members.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target

        func run() async throws {
            let engine = try await store.engine()
            var users: [UserType] = []
            var token: String?
            repeat {
                let page = try await engine.listUsersInGroup(
                    ListUsersInGroupRequest(userPoolId: target.pool, groupName: target.group, limit: 60, nextToken: token))
                users += page.users ?? []
                token = page.nextToken
            } while token != nil
            if store.json { return try Output.json(ListUsersInGroupResponse(users: users)) }
            Output.table(["USERNAME", "STATUS"], users.map { [$0.username ?? "", $0.userStatus?.rawValue ?? ""] })
        }
    }

    struct OfUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "of-user", abstract: "List the groups a user is in.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String
        @Option(help: "The username.") var user: String

        func run() async throws {
            let engine = try await store.engine()
            var groups: [GroupType] = []
            var token: String?
            repeat {
                let page = try await engine.adminListGroupsForUser(
                    AdminListGroupsForUserRequest(username: user, userPoolId: pool, limit: 60, nextToken: token))
                groups += page.groups ?? []
                token = page.nextToken
            } while token != nil
            if store.json { return try Output.json(AdminListGroupsForUserResponse(groups: groups)) }
            GroupCommand.table(groups)
        }
    }

    static func table(_ groups: [GroupType]) {
        Output.table(
            ["NAME", "PRECEDENCE", "DESCRIPTION"],
            groups.map { [$0.groupName ?? "", $0.precedence.map(String.init) ?? "-", $0.description ?? ""] })
    }
}
