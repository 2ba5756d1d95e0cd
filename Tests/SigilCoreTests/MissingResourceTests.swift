import Foundation
import SigilCore
import Testing

/// Every operation that names a pool or a user refuses one that does not exist, with
/// Cognito's exception, and changes nothing.
@Suite struct MissingResourceTests {
    static let missingPool = "us-east-1_NotThere1"

    static let poolOperations: [(String, @Sendable (Engine) async throws -> Void)] = [
        ("DescribeUserPool", { _ = try await $0.describeUserPool(DescribeUserPoolRequest(userPoolId: missingPool)) }),
        ("UpdateUserPool", { _ = try await $0.updateUserPool(UpdateUserPoolRequest(userPoolId: missingPool)) }),
        ("DeleteUserPool", { try await $0.deleteUserPool(DeleteUserPoolRequest(userPoolId: missingPool)) }),
        (
            "AddCustomAttributes",
            {
                _ = try await $0.addCustomAttributes(
                    AddCustomAttributesRequest(userPoolId: missingPool, customAttributes: [SchemaAttributeType(name: "x")]))
            }
        ),
        ("CreateUserPoolClient", { _ = try await $0.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: missingPool, clientName: "c")) }),
        ("ListUserPoolClients", { _ = try await $0.listUserPoolClients(ListUserPoolClientsRequest(userPoolId: missingPool)) }),
        (
            "DescribeUserPoolClient",
            {
                _ = try await $0.describeUserPoolClient(
                    DescribeUserPoolClientRequest(userPoolId: missingPool, clientId: "abcdefghijklmnopqrstuvwxyz"))
            }
        ),
        ("AdminCreateUser", { _ = try await $0.adminCreateUser(AdminCreateUserRequest(userPoolId: missingPool, username: "u")) }),
        ("AdminGetUser", { _ = try await $0.adminGetUser(AdminGetUserRequest(userPoolId: missingPool, username: "u")) }),
        ("ListUsers", { _ = try await $0.listUsers(ListUsersRequest(userPoolId: missingPool)) }),
        ("CreateGroup", { _ = try await $0.createGroup(CreateGroupRequest(groupName: "g", userPoolId: missingPool)) }),
        ("ListGroups", { _ = try await $0.listGroups(ListGroupsRequest(userPoolId: missingPool)) }),
        ("GetCSVHeader", { _ = try await $0.getCSVHeader(GetCSVHeaderRequest(userPoolId: missingPool)) }),
        (
            "CreateUserImportJob",
            {
                _ = try await $0.createUserImportJob(
                    CreateUserImportJobRequest(jobName: "j", userPoolId: missingPool, cloudWatchLogsRoleArn: "arn:aws:iam::000000000000:role/r"))
            }
        ),
        ("ListUserImportJobs", { _ = try await $0.listUserImportJobs(ListUserImportJobsRequest(userPoolId: missingPool, maxResults: 10)) }),
    ]

    @Test(arguments: poolOperations)
    func unknownPool(_ name: String, _ operation: @Sendable (Engine) async throws -> Void) async throws {
        let test = try TestEngine()
        await expectError(.resourceNotFoundException, "User pool \(Self.missingPool) does not exist.") { try await operation(test.engine) }
        #expect(try await test.engine.poolSummaries().isEmpty, "\(name) changed nothing")
    }

    static let userOperations: [(String, @Sendable (Engine, String) async throws -> Void)] = [
        ("AdminGetUser", { _ = try await $0.adminGetUser(AdminGetUserRequest(userPoolId: $1, username: "ghost")) }),
        (
            "AdminUpdateUserAttributes",
            {
                _ = try await $0.adminUpdateUserAttributes(
                    AdminUpdateUserAttributesRequest(userPoolId: $1, username: "ghost", userAttributes: [AttributeType(name: "locale", value: "en")]))
            }
        ),
        (
            "AdminDeleteUserAttributes",
            {
                _ = try await $0.adminDeleteUserAttributes(
                    AdminDeleteUserAttributesRequest(userPoolId: $1, username: "ghost", userAttributeNames: ["locale"]))
            }
        ),
        ("AdminDeleteUser", { try await $0.adminDeleteUser(AdminDeleteUserRequest(userPoolId: $1, username: "ghost")) }),
        ("AdminDisableUser", { _ = try await $0.adminDisableUser(AdminDisableUserRequest(userPoolId: $1, username: "ghost")) }),
        ("AdminEnableUser", { _ = try await $0.adminEnableUser(AdminEnableUserRequest(userPoolId: $1, username: "ghost")) }),
        (
            "AdminSetUserPassword",
            {
                _ = try await $0.adminSetUserPassword(AdminSetUserPasswordRequest(userPoolId: $1, username: "ghost", password: "Passw0rd!"))
            }
        ),
        ("AdminResetUserPassword", { _ = try await $0.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: $1, username: "ghost")) }),
        ("AdminConfirmSignUp", { _ = try await $0.adminConfirmSignUp(AdminConfirmSignUpRequest(userPoolId: $1, username: "ghost")) }),
        ("AdminAddUserToGroup", { try await $0.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: $1, username: "ghost", groupName: "g")) }),
        (
            "AdminRemoveUserFromGroup",
            {
                try await $0.adminRemoveUserFromGroup(AdminRemoveUserFromGroupRequest(userPoolId: $1, username: "ghost", groupName: "g"))
            }
        ),
        ("AdminListGroupsForUser", { _ = try await $0.adminListGroupsForUser(AdminListGroupsForUserRequest(username: "ghost", userPoolId: $1)) }),
    ]

    @Test(arguments: userOperations)
    func unknownUser(_ name: String, _ operation: @Sendable (Engine, String) async throws -> Void) async throws {
        let test = try TestEngine()
        let poolId = try await test.pool()
        _ = try await test.engine.createGroup(CreateGroupRequest(groupName: "g", userPoolId: poolId))
        await expectError(.userNotFoundException, "User does not exist.") { try await operation(test.engine, poolId) }
        #expect(try await test.engine.listUsers(ListUsersRequest(userPoolId: poolId)).users == [], "\(name) changed nothing")
    }
}
