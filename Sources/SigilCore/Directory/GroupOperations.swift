import Foundation

extension Engine {
    /// A pool holds at most this many groups, and a user belongs to at most 100.
    static let maxGroupsPerPool = 10_000
    static let maxGroupsPerUser = 100

    public func createGroup(_ request: CreateGroupRequest) async throws -> CreateGroupResponse {
        try validator.validate(request, operation: .createGroup)
        let now = clock.now
        let group = GroupType(
            groupName: request.groupName, userPoolId: request.userPoolId, description: request.description,
            roleArn: request.roleArn, precedence: request.precedence, lastModifiedDate: now, creationDate: now)
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            if try await writer.group(poolKey: stored.key, name: request.groupName) != nil {
                throw CognitoError(.groupExistsException, "A group with the name \(request.groupName) already exists.")
            }
            if try await writer.groupCount(poolKey: stored.key) >= Self.maxGroupsPerPool {
                throw CognitoError(.limitExceededException, "The user pool already has \(Self.maxGroupsPerPool) groups.")
            }
            try await writer.insertGroup(poolKey: stored.key, group)
        }
        return CreateGroupResponse(group: group)
    }

    public func getGroup(_ request: GetGroupRequest) async throws -> GetGroupResponse {
        try validator.validate(request, operation: .getGroup)
        let group = try await read { reader in try await requireGroup(request.groupName, poolId: request.userPoolId, in: reader).1 }
        return GetGroupResponse(group: group)
    }

    /// Changes the fields the request gives; the others keep their values.
    public func updateGroup(_ request: UpdateGroupRequest) async throws -> UpdateGroupResponse {
        try validator.validate(request, operation: .updateGroup)
        let group = try await write { writer -> GroupType in
            let (stored, existing) = try await requireGroup(request.groupName, poolId: request.userPoolId, in: writer)
            var group = existing
            if let description = request.description { group.description = description }
            if let roleArn = request.roleArn { group.roleArn = roleArn }
            if let precedence = request.precedence { group.precedence = precedence }
            group.lastModifiedDate = clock.now
            try await writer.updateGroup(poolKey: stored.key, group)
            return group
        }
        return UpdateGroupResponse(group: group)
    }

    public func deleteGroup(_ request: DeleteGroupRequest) async throws {
        try validator.validate(request, operation: .deleteGroup)
        try await write { writer in
            let (stored, _) = try await requireGroup(request.groupName, poolId: request.userPoolId, in: writer)
            try await writer.deleteGroup(poolKey: stored.key, name: request.groupName)
        }
    }

    public func listGroups(_ request: ListGroupsRequest) async throws -> ListGroupsResponse {
        try validator.validate(request, operation: .listGroups)
        let limit = pageLimit(request.limit)
        let after = try request.nextToken.map { try PageToken.decode($0, field: "NextToken") }
        let page = try await read { reader -> [GroupType] in
            let stored = try await requirePool(request.userPoolId, in: reader)
            return try await reader.groups(poolKey: stored.key, after: after, limit: limit + 1)
        }
        let shown = Array(page.prefix(limit))
        return ListGroupsResponse(
            groups: shown, nextToken: page.count > limit ? shown.last?.groupName.map(PageToken.encode) : nil)
    }

    public func adminAddUserToGroup(_ request: AdminAddUserToGroupRequest) async throws {
        try validator.validate(request, operation: .adminAddUserToGroup)
        try await write { writer in
            let (stored, _) = try await requireGroup(request.groupName, poolId: request.userPoolId, in: writer)
            let user = try await requireUser(request.username, in: stored, reader: writer)
            guard let userId = user.id else { return }
            let current = try await writer.groups(userId: userId, after: nil, limit: Self.maxGroupsPerUser + 1)
            if current.contains(where: { $0.groupName == request.groupName }) { return }
            if current.count >= Self.maxGroupsPerUser {
                throw CognitoError(.limitExceededException, "A user can be a member of at most \(Self.maxGroupsPerUser) groups.")
            }
            try await writer.addMember(poolKey: stored.key, group: request.groupName, userId: userId)
        }
    }

    public func adminRemoveUserFromGroup(_ request: AdminRemoveUserFromGroupRequest) async throws {
        try validator.validate(request, operation: .adminRemoveUserFromGroup)
        try await write { writer in
            let (stored, _) = try await requireGroup(request.groupName, poolId: request.userPoolId, in: writer)
            let user = try await requireUser(request.username, in: stored, reader: writer)
            guard let userId = user.id else { return }
            try await writer.removeMember(poolKey: stored.key, group: request.groupName, userId: userId)
        }
    }

    public func adminListGroupsForUser(_ request: AdminListGroupsForUserRequest) async throws -> AdminListGroupsForUserResponse {
        try validator.validate(request, operation: .adminListGroupsForUser)
        let limit = pageLimit(request.limit)
        let after = try request.nextToken.map { try PageToken.decode($0, field: "NextToken") }
        let page = try await read { reader -> [GroupType] in
            let stored = try await requirePool(request.userPoolId, in: reader)
            let user = try await requireUser(request.username, in: stored, reader: reader)
            return try await reader.groups(userId: user.id ?? 0, after: after, limit: limit + 1)
        }
        let shown = Array(page.prefix(limit))
        return AdminListGroupsForUserResponse(
            groups: shown, nextToken: page.count > limit ? shown.last?.groupName.map(PageToken.encode) : nil)
    }

    public func listUsersInGroup(_ request: ListUsersInGroupRequest) async throws -> ListUsersInGroupResponse {
        try validator.validate(request, operation: .listUsersInGroup)
        let limit = pageLimit(request.limit)
        let after = try request.nextToken.map { token -> Int64 in
            guard let id = Int64(try PageToken.decode(token, field: "NextToken")) else {
                throw CognitoError.invalidParameter("Invalid NextToken: the token was not issued by this service.")
            }
            return id
        }
        let (page, rules) = try await read { reader -> ([UserRecord], AttributeRules) in
            let (stored, _) = try await requireGroup(request.groupName, poolId: request.userPoolId, in: reader)
            let members = try await reader.members(poolKey: stored.key, group: request.groupName, afterUserId: after, limit: limit + 1)
            return (members, AttributeRules(pool: stored.pool))
        }
        let shown = Array(page.prefix(limit))
        return ListUsersInGroupResponse(
            users: shown.map { userType($0, rules: rules) },
            nextToken: page.count > limit ? shown.last?.id.map { PageToken.encode(String($0)) } : nil)
    }

    /// The pool and the group, or ResourceNotFoundException.
    func requireGroup(_ name: String, poolId: String, in reader: any DirectoryReader) async throws -> (StoredPool, GroupType) {
        let stored = try await requirePool(poolId, in: reader)
        guard let group = try await reader.group(poolKey: stored.key, name: name) else { throw CognitoError.groupNotFound() }
        return (stored, group)
    }

    /// Cognito's list limits: at most 60, and 0 or nothing means 60.
    func pageLimit(_ limit: Int?) -> Int {
        guard let limit, limit > 0 else { return 60 }
        return min(limit, 60)
    }
}
