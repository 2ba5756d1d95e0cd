import Foundation
import SigilCore
import Testing

@Suite struct GroupTests {
    let test: TestEngine
    let poolId: String

    init() throws {
        test = try TestEngine()
        poolId = try test.pool()
        try test.user("dana", in: poolId)
        try test.user("erin", in: poolId)
    }

    @Test func createGetUpdateDelete() throws {
        let created = try test.engine.createGroup(
            CreateGroupRequest(
                groupName: "admins", userPoolId: poolId, description: "Ops", roleArn: "arn:aws:iam::000000000000:role/admin", precedence: 1)
        ).group!
        #expect(created.groupName == "admins" && created.userPoolId == poolId && created.precedence == 1)
        #expect(created.creationDate != nil)
        expectError(.groupExistsException, "A group with the name admins already exists.") {
            _ = try test.engine.createGroup(CreateGroupRequest(groupName: "admins", userPoolId: poolId))
        }
        test.clock.advance(by: 10)
        let updated = try test.engine.updateGroup(UpdateGroupRequest(groupName: "admins", userPoolId: poolId, precedence: 5)).group!
        #expect(updated.precedence == 5 && updated.description == "Ops")
        #expect(updated.lastModifiedDate! > updated.creationDate!)
        #expect(try test.engine.getGroup(GetGroupRequest(groupName: "admins", userPoolId: poolId)).group == updated)
        try test.engine.deleteGroup(DeleteGroupRequest(groupName: "admins", userPoolId: poolId))
        expectError(.resourceNotFoundException, "Group not found.") {
            _ = try test.engine.getGroup(GetGroupRequest(groupName: "admins", userPoolId: poolId))
        }
        expectError(.resourceNotFoundException, "Group not found.") {
            _ = try test.engine.updateGroup(UpdateGroupRequest(groupName: "admins", userPoolId: poolId))
        }
        expectError(.resourceNotFoundException) {
            try test.engine.deleteGroup(DeleteGroupRequest(groupName: "admins", userPoolId: poolId))
        }
        expectError(.invalidParameterException) {
            _ = try test.engine.createGroup(CreateGroupRequest(groupName: "x", userPoolId: poolId, precedence: -1))
        }
        expectError(.resourceNotFoundException) {
            _ = try test.engine.createGroup(CreateGroupRequest(groupName: "x", userPoolId: "us-east-1_NotThere1"))
        }
    }

    @Test func membership() throws {
        for name in ["a", "b", "c"] { _ = try test.engine.createGroup(CreateGroupRequest(groupName: name, userPoolId: poolId)) }
        try test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "dana", groupName: "a"))
        try test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "dana", groupName: "c"))
        try test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "dana", groupName: "c"))
        try test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "erin", groupName: "a"))
        let groups = try test.engine.adminListGroupsForUser(AdminListGroupsForUserRequest(username: "dana", userPoolId: poolId)).groups
        #expect(groups?.compactMap(\.groupName) == ["a", "c"])
        let firstPage = try test.engine.adminListGroupsForUser(AdminListGroupsForUserRequest(username: "dana", userPoolId: poolId, limit: 1))
        #expect(firstPage.groups?.count == 1 && firstPage.nextToken != nil)
        let members = try test.engine.listUsersInGroup(ListUsersInGroupRequest(userPoolId: poolId, groupName: "a")).users
        #expect(Set(members?.compactMap(\.username) ?? []) == ["dana", "erin"])

        try test.engine.adminRemoveUserFromGroup(AdminRemoveUserFromGroupRequest(userPoolId: poolId, username: "dana", groupName: "a"))
        #expect(try test.engine.listUsersInGroup(ListUsersInGroupRequest(userPoolId: poolId, groupName: "a")).users?.count == 1)

        expectError(.resourceNotFoundException, "Group not found.") {
            try test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "dana", groupName: "nope"))
        }
        expectError(.userNotFoundException) {
            try test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "ghost", groupName: "a"))
        }
        expectError(.userNotFoundException) {
            _ = try test.engine.adminListGroupsForUser(AdminListGroupsForUserRequest(username: "ghost", userPoolId: poolId))
        }
        expectError(.resourceNotFoundException) {
            _ = try test.engine.listUsersInGroup(ListUsersInGroupRequest(userPoolId: poolId, groupName: "nope"))
        }

        // Deleting a group or a user removes the membership, not the other side.
        try test.engine.deleteGroup(DeleteGroupRequest(groupName: "c", userPoolId: poolId))
        #expect(try test.engine.adminListGroupsForUser(AdminListGroupsForUserRequest(username: "dana", userPoolId: poolId)).groups == [])
        try test.engine.adminDeleteUser(AdminDeleteUserRequest(userPoolId: poolId, username: "erin"))
        #expect(try test.engine.listUsersInGroup(ListUsersInGroupRequest(userPoolId: poolId, groupName: "a")).users == [])
    }

    @Test func listGroupsPages() throws {
        for index in 0..<5 { _ = try test.engine.createGroup(CreateGroupRequest(groupName: "g\(index)", userPoolId: poolId)) }
        var names: [String] = []
        var token: String?
        repeat {
            let page = try test.engine.listGroups(ListGroupsRequest(userPoolId: poolId, limit: 2, nextToken: token))
            names += (page.groups ?? []).compactMap(\.groupName)
            token = page.nextToken
        } while token != nil
        #expect(names == ["g0", "g1", "g2", "g3", "g4"])
        expectError(.invalidParameterException) {
            _ = try test.engine.listGroups(ListGroupsRequest(userPoolId: poolId, limit: 61))
        }
    }

    @Test func aUserBelongsToAtMostAHundredGroups() throws {
        for index in 0..<101 { _ = try test.engine.createGroup(CreateGroupRequest(groupName: "g\(index)", userPoolId: poolId)) }
        for index in 0..<100 {
            try test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "dana", groupName: "g\(index)"))
        }
        expectError(.limitExceededException) {
            try test.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "dana", groupName: "g100"))
        }
    }
}
