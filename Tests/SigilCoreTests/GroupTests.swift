import Foundation
import SigilCore
import Testing

@Suite struct GroupTests {
    let test: TestEngine
    let poolId: String

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool()
        try await test.user("dana", in: poolId)
        try await test.user("erin", in: poolId)
    }

    @Test func createGetUpdateDelete() async throws {
        let created = try await test.engine.createGroup(
            CreateGroupRequest(
                groupName: "admins", userPoolId: poolId, description: "Ops", roleArn: "arn:aws:iam::000000000000:role/admin", precedence: 1)
        ).group!
        #expect(created.groupName == "admins" && created.userPoolId == poolId && created.precedence == 1)
        #expect(created.creationDate != nil)
        await expectError(.groupExistsException, "A group with the name admins already exists.") {
            _ = try await test.engine.createGroup(CreateGroupRequest(groupName: "admins", userPoolId: poolId))
        }
        test.clock.advance(by: 10)
        let updated = try await test.engine.updateGroup(UpdateGroupRequest(groupName: "admins", userPoolId: poolId, precedence: 5)).group!
        #expect(updated.precedence == 5 && updated.description == "Ops")
        #expect(updated.lastModifiedDate! > updated.creationDate!)
        #expect(try await test.engine.getGroup(GetGroupRequest(groupName: "admins", userPoolId: poolId)).group == updated)
        try await test.engine.deleteGroup(DeleteGroupRequest(groupName: "admins", userPoolId: poolId))
        await expectError(.resourceNotFoundException, "Group not found.") {
            _ = try await test.engine.getGroup(GetGroupRequest(groupName: "admins", userPoolId: poolId))
        }
        await expectError(.resourceNotFoundException, "Group not found.") {
            _ = try await test.engine.updateGroup(UpdateGroupRequest(groupName: "admins", userPoolId: poolId))
        }
        await expectError(.resourceNotFoundException) {
            try await test.engine.deleteGroup(DeleteGroupRequest(groupName: "admins", userPoolId: poolId))
        }
        await expectError(.invalidParameterException) {
            _ = try await test.engine.createGroup(CreateGroupRequest(groupName: "x", userPoolId: poolId, precedence: -1))
        }
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.createGroup(CreateGroupRequest(groupName: "x", userPoolId: "us-east-1_NotThere1"))
        }
    }

    @Test func membership() async throws {
        for name in ["a", "b", "c"] { _ = try await test.engine.createGroup(CreateGroupRequest(groupName: name, userPoolId: poolId)) }
        try await test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "dana", groupName: "a"))
        try await test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "dana", groupName: "c"))
        try await test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "dana", groupName: "c"))
        try await test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "erin", groupName: "a"))
        let groups = try await test.engine.adminListGroupsForUser(AdminListGroupsForUserRequest(username: "dana", userPoolId: poolId)).groups
        #expect(groups?.compactMap(\.groupName) == ["a", "c"])
        let firstPage = try await test.engine.adminListGroupsForUser(AdminListGroupsForUserRequest(username: "dana", userPoolId: poolId, limit: 1))
        #expect(firstPage.groups?.count == 1 && firstPage.nextToken != nil)
        let members = try await test.engine.listUsersInGroup(ListUsersInGroupRequest(userPoolId: poolId, groupName: "a")).users
        #expect(Set(members?.compactMap(\.username) ?? []) == ["dana", "erin"])

        try await test.engine.adminRemoveUserFromGroup(AdminRemoveUserFromGroupRequest(userPoolId: poolId, username: "dana", groupName: "a"))
        #expect(try await test.engine.listUsersInGroup(ListUsersInGroupRequest(userPoolId: poolId, groupName: "a")).users?.count == 1)

        await expectError(.resourceNotFoundException, "Group not found.") {
            try await test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "dana", groupName: "nope"))
        }
        await expectError(.userNotFoundException) {
            try await test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "ghost", groupName: "a"))
        }
        await expectError(.userNotFoundException) {
            _ = try await test.engine.adminListGroupsForUser(AdminListGroupsForUserRequest(username: "ghost", userPoolId: poolId))
        }
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.listUsersInGroup(ListUsersInGroupRequest(userPoolId: poolId, groupName: "nope"))
        }

        // Deleting a group or a user removes the membership, not the other side.
        try await test.engine.deleteGroup(DeleteGroupRequest(groupName: "c", userPoolId: poolId))
        #expect(try await test.engine.adminListGroupsForUser(AdminListGroupsForUserRequest(username: "dana", userPoolId: poolId)).groups == [])
        try await test.engine.adminDeleteUser(AdminDeleteUserRequest(userPoolId: poolId, username: "erin"))
        #expect(try await test.engine.listUsersInGroup(ListUsersInGroupRequest(userPoolId: poolId, groupName: "a")).users == [])
    }

    @Test func listGroupsPages() async throws {
        for index in 0..<5 { _ = try await test.engine.createGroup(CreateGroupRequest(groupName: "g\(index)", userPoolId: poolId)) }
        var names: [String] = []
        var token: String?
        repeat {
            let page = try await test.engine.listGroups(ListGroupsRequest(userPoolId: poolId, limit: 2, nextToken: token))
            names += (page.groups ?? []).compactMap(\.groupName)
            token = page.nextToken
        } while token != nil
        #expect(names == ["g0", "g1", "g2", "g3", "g4"])
        await expectError(.invalidParameterException) {
            _ = try await test.engine.listGroups(ListGroupsRequest(userPoolId: poolId, limit: 61))
        }
    }

    @Test func aUserBelongsToAtMostAHundredGroups() async throws {
        for index in 0..<101 { _ = try await test.engine.createGroup(CreateGroupRequest(groupName: "g\(index)", userPoolId: poolId)) }
        for index in 0..<100 {
            try await test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "dana", groupName: "g\(index)"))
        }
        await expectError(.limitExceededException) {
            try await test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "dana", groupName: "g100"))
        }
    }
}
