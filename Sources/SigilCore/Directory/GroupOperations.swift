import Foundation

extension Engine {
    /// A pool holds at most this many groups, and a user belongs to at most 100.
    static let maxGroupsPerPool = 10_000
    static let maxGroupsPerUser = 100

    public func createGroup(_ request: CreateGroupRequest) throws -> CreateGroupResponse {
        try validator.validate(request, operation: .createGroup)
        let now = clock.now
        let group = GroupType(
            groupName: request.groupName, userPoolId: request.userPoolId, description: request.description,
            roleArn: request.roleArn, precedence: request.precedence, lastModifiedDate: now, creationDate: now)
        try write { writer in
            let stored = try requirePool(request.userPoolId, in: writer)
            if try writer.group(poolKey: stored.key, name: request.groupName) != nil {
                throw CognitoError(.groupExistsException, "A group with the name \(request.groupName) already exists.")
            }
            if try writer.groupCount(poolKey: stored.key) >= Self.maxGroupsPerPool {
                throw CognitoError(.limitExceededException, "The user pool already has \(Self.maxGroupsPerPool) groups.")
            }
            try writer.insertGroup(poolKey: stored.key, group)
        }
        return CreateGroupResponse(group: group)
    }

    public func getGroup(_ request: GetGroupRequest) throws -> GetGroupResponse {
        try validator.validate(request, operation: .getGroup)
        let group = try read { reader in try requireGroup(request.groupName, poolId: request.userPoolId, in: reader).1 }
        return GetGroupResponse(group: group)
    }

    /// Changes the fields the request gives; the others keep their values.
    public func updateGroup(_ request: UpdateGroupRequest) throws -> UpdateGroupResponse {
        try validator.validate(request, operation: .updateGroup)
        let group = try write { writer -> GroupType in
            let (stored, existing) = try requireGroup(request.groupName, poolId: request.userPoolId, in: writer)
            var group = existing
            if let description = request.description { group.description = description }
            if let roleArn = request.roleArn { group.roleArn = roleArn }
            if let precedence = request.precedence { group.precedence = precedence }
            group.lastModifiedDate = clock.now
            try writer.updateGroup(poolKey: stored.key, group)
            return group
        }
        return UpdateGroupResponse(group: group)
    }

    public func deleteGroup(_ request: DeleteGroupRequest) throws {
        try validator.validate(request, operation: .deleteGroup)
        try write { writer in
            let (stored, _) = try requireGroup(request.groupName, poolId: request.userPoolId, in: writer)
            try writer.deleteGroup(poolKey: stored.key, name: request.groupName)
        }
    }

    public func listGroups(_ request: ListGroupsRequest) throws -> ListGroupsResponse {
        try validator.validate(request, operation: .listGroups)
        let limit = pageLimit(request.limit)
        let after = try request.nextToken.map { try PageToken.decode($0, field: "NextToken") }
        let page = try read { reader -> [GroupType] in
            let stored = try requirePool(request.userPoolId, in: reader)
            return try reader.groups(poolKey: stored.key, after: after, limit: limit + 1)
        }
        let shown = Array(page.prefix(limit))
        return ListGroupsResponse(
            groups: shown, nextToken: page.count > limit ? shown.last?.groupName.map(PageToken.encode) : nil)
    }

    public func adminAddUserToGroup(_ request: AdminAddUserToGroupRequest) throws {
        try validator.validate(request, operation: .adminAddUserToGroup)
        try write { writer in
            let (stored, _) = try requireGroup(request.groupName, poolId: request.userPoolId, in: writer)
            let user = try requireUser(request.username, in: stored, reader: writer)
            guard let userId = user.id else { return }
            let current = try writer.groups(userId: userId, after: nil, limit: Self.maxGroupsPerUser + 1)
            if current.contains(where: { $0.groupName == request.groupName }) { return }
            if current.count >= Self.maxGroupsPerUser {
                throw CognitoError(.limitExceededException, "A user can be a member of at most \(Self.maxGroupsPerUser) groups.")
            }
            try writer.addMember(poolKey: stored.key, group: request.groupName, userId: userId)
        }
    }

    public func adminRemoveUserFromGroup(_ request: AdminRemoveUserFromGroupRequest) throws {
        try validator.validate(request, operation: .adminRemoveUserFromGroup)
        try write { writer in
            let (stored, _) = try requireGroup(request.groupName, poolId: request.userPoolId, in: writer)
            let user = try requireUser(request.username, in: stored, reader: writer)
            guard let userId = user.id else { return }
            try writer.removeMember(poolKey: stored.key, group: request.groupName, userId: userId)
        }
    }

    public func adminListGroupsForUser(_ request: AdminListGroupsForUserRequest) throws -> AdminListGroupsForUserResponse {
        try validator.validate(request, operation: .adminListGroupsForUser)
        let limit = pageLimit(request.limit)
        let after = try request.nextToken.map { try PageToken.decode($0, field: "NextToken") }
        let page = try read { reader -> [GroupType] in
            let stored = try requirePool(request.userPoolId, in: reader)
            let user = try requireUser(request.username, in: stored, reader: reader)
            return try reader.groups(userId: user.id ?? 0, after: after, limit: limit + 1)
        }
        let shown = Array(page.prefix(limit))
        return AdminListGroupsForUserResponse(
            groups: shown, nextToken: page.count > limit ? shown.last?.groupName.map(PageToken.encode) : nil)
    }

    public func listUsersInGroup(_ request: ListUsersInGroupRequest) throws -> ListUsersInGroupResponse {
        try validator.validate(request, operation: .listUsersInGroup)
        let limit = pageLimit(request.limit)
        let after = try request.nextToken.map { token -> Int64 in
            guard let id = Int64(try PageToken.decode(token, field: "NextToken")) else {
                throw CognitoError.invalidParameter("Invalid NextToken: the token was not issued by this service.")
            }
            return id
        }
        let (page, rules) = try read { reader -> ([UserRecord], AttributeRules) in
            let (stored, _) = try requireGroup(request.groupName, poolId: request.userPoolId, in: reader)
            let members = try reader.members(poolKey: stored.key, group: request.groupName, afterUserId: after, limit: limit + 1)
            return (members, AttributeRules(pool: stored.pool))
        }
        let shown = Array(page.prefix(limit))
        return ListUsersInGroupResponse(
            users: shown.map { userType($0, rules: rules) },
            nextToken: page.count > limit ? shown.last?.id.map { PageToken.encode(String($0)) } : nil)
    }

    /// The pool and the group, or ResourceNotFoundException.
    func requireGroup(_ name: String, poolId: String, in reader: any DirectoryReader) throws -> (StoredPool, GroupType) {
        let stored = try requirePool(poolId, in: reader)
        guard let group = try reader.group(poolKey: stored.key, name: name) else { throw CognitoError.groupNotFound() }
        return (stored, group)
    }

    /// Cognito's list limits: at most 60, and 0 or nothing means 60.
    func pageLimit(_ limit: Int?) -> Int {
        guard let limit, limit > 0 else { return 60 }
        return min(limit, 60)
    }
}
