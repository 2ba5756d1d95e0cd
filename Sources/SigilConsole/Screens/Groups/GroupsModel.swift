import Foundation
import SigilCore

/// The groups of the current pool and the members of the selected one.
public struct GroupsModel: Sendable {
    public enum Pane: Sendable, Equatable {
        case groups, members
    }

    public enum Reply: Sendable {
        case loaded(Result<[GroupType], ConsoleError>)
        case members(String, Result<[UserType], ConsoleError>)
        case submitCreate([String: String])
        case created(Result<String, ConsoleError>)
        case confirmedDelete(String)
        case confirmedRemove(group: String, username: String)
        case done(Result<String, ConsoleError>)
    }

    /// The most members read for the pane.
    static let memberLimit = 300

    public private(set) var poolId: String?
    public private(set) var groups: [GroupType] = []
    public private(set) var scroll = ScrollState()
    public private(set) var members: [UserType] = []
    public private(set) var membersFor: String?
    public private(set) var memberScroll = ScrollState()
    public private(set) var focus: Pane = .groups
    public private(set) var error: String?
    public private(set) var loaded = false
    private var loading = false
    private var stale = false

    public init() {}

    public var selectedGroup: GroupType? { groups.indices.contains(scroll.selected) ? groups[scroll.selected] : nil }

    public var keyHelp: [KeyHelp] {
        [
            KeyHelp("↑↓ jk", "move"), KeyHelp("Tab", "groups/members"), KeyHelp("Enter", "open member"),
            KeyHelp("c", "create group"), KeyHelp("x", focus == .groups ? "delete group" : "remove member"),
            KeyHelp("^R", "reload", inBar: false),
        ]
    }

    public static func layout(_ area: Rect) -> (groups: Rect, members: Rect) {
        let left = max(30, area.width * 2 / 5)
        return (
            Rect(x: area.x, y: area.y, width: left, height: area.height),
            Rect(x: area.x + left, y: area.y, width: area.width - left, height: area.height)
        )
    }

    static func visibleRows(_ rect: Rect) -> Int { max(1, rect.height - 3) }

    public mutating func open(poolId: String?) -> [Command] {
        if poolId != self.poolId {
            self.poolId = poolId
            groups = []
            members = []
            membersFor = nil
            scroll = ScrollState()
            memberScroll = ScrollState()
            focus = .groups
            loaded = false
        }
        return load()
    }

    mutating func load() -> [Command] {
        guard let poolId else { return [] }
        if loading {
            stale = true
            return []
        }
        loading = true
        stale = false
        return [
            .call({ engine -> [GroupType] in
                var all: [GroupType] = []
                var token: String?
                repeat {
                    let page = try await engine.listGroups(ListGroupsRequest(userPoolId: poolId, limit: 60, nextToken: token))
                    all += page.groups ?? []
                    token = page.nextToken
                } while token != nil && all.count < 10_000
                return all
            }) { .groups(.loaded($0)) }
        ]
    }

    mutating func loadMembers() -> [Command] {
        guard let poolId, let group = selectedGroup?.groupName else { return [] }
        if membersFor != group {
            members = []
            memberScroll = ScrollState()
        }
        membersFor = group
        return [
            .call({ engine -> [UserType] in
                var all: [UserType] = []
                var token: String?
                repeat {
                    let page = try await engine.listUsersInGroup(
                        ListUsersInGroupRequest(userPoolId: poolId, groupName: group, limit: 60, nextToken: token))
                    all += page.users ?? []
                    token = page.nextToken
                } while token != nil && all.count < Self.memberLimit
                return all
            }) { .groups(.members(group, $0)) }
        ]
    }

    public mutating func receive(_ reply: Reply, context: ScreenContext) -> [Command] {
        let rects = Self.layout(context.area)
        switch reply {
        case .loaded(let result):
            loading = false
            loaded = true
            switch result {
            case .failure(let failure):
                error = failure.description
                return stale ? load() : []
            case .success(let list):
                error = nil
                let selectedName = selectedGroup?.groupName
                groups = list
                if let selectedName, let index = groups.firstIndex(where: { $0.groupName == selectedName }) { scroll.selected = index }
                scroll.follow(count: groups.count, visible: Self.visibleRows(rects.groups))
                if groups.isEmpty {
                    members = []
                    membersFor = nil
                }
                return (stale ? load() : []) + loadMembers()
            }
        case .members(let group, let result):
            guard group == membersFor else { return [] }
            switch result {
            case .success(let users):
                members = users
                memberScroll.follow(count: members.count, visible: Self.visibleRows(rects.members))
            case .failure(let failure): error = failure.description
            }
            return []
        case .submitCreate(let values):
            guard let poolId else { return [] }
            let name = values["name"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let description = values["description"].flatMap { $0.isEmpty ? nil : $0 }
            let precedenceText = values["precedence"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let precedence = Int(precedenceText)
            if !precedenceText.isEmpty && precedence == nil {
                return [.dialogError("Precedence must be a whole number, not \(precedenceText)")]
            }
            return [
                .call({ engine in
                    _ = try await engine.createGroup(
                        CreateGroupRequest(groupName: name, userPoolId: poolId, description: description, precedence: precedence))
                    return name
                }) { .groups(.created($0)) }
            ]
        case .created(let result):
            switch result {
            case .success(let name): return [.closeDialog, .toast(.success("Created group \(name)"))] + load()
            case .failure(let failure): return [.dialogError(failure.description)]
            }
        case .confirmedDelete(let name):
            guard let poolId else { return [] }
            return [
                .call({ engine in
                    try await engine.deleteGroup(DeleteGroupRequest(groupName: name, userPoolId: poolId))
                    return "Deleted group \(name)"
                }) { .groups(.done($0)) }
            ]
        case .confirmedRemove(let group, let username):
            guard let poolId else { return [] }
            return [
                .call({ engine in
                    try await engine.adminRemoveUserFromGroup(
                        AdminRemoveUserFromGroupRequest(userPoolId: poolId, username: username, groupName: group))
                    return "Removed \(username) from \(group)"
                }) { .groups(.done($0)) }
            ]
        case .done(let result):
            switch result {
            case .success(let text): return [.toast(.success(text))] + load()
            case .failure(let failure): return [.toast(.error(failure.description))]
            }
        }
    }

    public mutating func handle(_ key: Key, context: ScreenContext) -> [Command]? {
        let rects = Self.layout(context.area)
        if focus == .members {
            if memberScroll.handle(key, count: members.count, visible: Self.visibleRows(rects.members)) { return [] }
        } else {
            let before = selectedGroup?.groupName
            if scroll.handle(key, count: groups.count, visible: Self.visibleRows(rects.groups)) {
                return selectedGroup?.groupName == before ? [] : loadMembers()
            }
        }
        switch key {
        case .tab, .right, .left, .character("l"), .character("h"):
            focus = (key == .left || key == .character("h")) ? .groups : (key == .tab && focus == .members ? .groups : .members)
            return []
        case .escape where focus == .members:
            focus = .groups
            return []
        case .enter:
            if focus == .groups {
                focus = .members
                return []
            }
            guard members.indices.contains(memberScroll.selected), let name = members[memberScroll.selected].username else { return [] }
            return [.findUser(name)]
        case .character("c"):
            guard poolId != nil else { return [] }
            return [
                .form(
                    FormDialog(
                        title: "Create group",
                        form: Form([
                            Form.Field("name", "Group name"), Form.Field("description", "Description"),
                            Form.Field("precedence", "Precedence", hint: "a whole number; lower wins"),
                        ])
                    ) { .groups(.submitCreate($0)) })
            ]
        case .character("x"), .delete:
            if focus == .members {
                guard let group = membersFor, members.indices.contains(memberScroll.selected),
                    let name = members[memberScroll.selected].username
                else { return [] }
                return [
                    .confirm(
                        Confirmation(
                            title: "Remove from group", message: "Remove \(name) from \(group)?", action: "Remove",
                            onConfirm: .groups(.confirmedRemove(group: group, username: name))))
                ]
            }
            guard let group = selectedGroup?.groupName else { return [] }
            return [
                .confirm(
                    Confirmation(
                        title: "Delete group", message: "Delete group \(group)? Its members stay in the pool.", action: "Delete",
                        onConfirm: .groups(.confirmedDelete(group))))
            ]
        case .control("r"):
            return load()
        default:
            return nil
        }
    }

    public mutating func handle(_ mouse: MouseEvent, context: ScreenContext) -> [Command] {
        let rects = Self.layout(context.area)
        let inMembers = rects.members.contains(x: mouse.x, y: mouse.y)
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            let delta = mouse.kind == .wheelUp ? -3 : 3
            if inMembers {
                memberScroll.move(by: delta, count: members.count, visible: Self.visibleRows(rects.members))
                return []
            }
            scroll.move(by: delta, count: groups.count, visible: Self.visibleRows(rects.groups))
            return loadMembers()
        case .press:
            focus = inMembers ? .members : .groups
            let rect = (inMembers ? rects.members : rects.groups).inset(1)
            guard let row = Table.row(at: mouse.y, in: rect) else { return [] }
            if inMembers {
                if memberScroll.top + row < members.count { memberScroll.selected = memberScroll.top + row }
                return []
            }
            guard scroll.top + row < groups.count else { return [] }
            scroll.selected = scroll.top + row
            return loadMembers()
        }
    }

    public mutating func engineEvent(_ event: EngineEvent) -> [Command] {
        guard case .dataChanged = event else { return [] }
        return load()
    }
}
