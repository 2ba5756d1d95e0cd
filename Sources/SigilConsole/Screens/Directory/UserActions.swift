import Foundation
import SigilCore

/// What an operator can do to users from the directory.
public enum UserAction: Sendable, Equatable {
    case create
    case edit(String)
    case setPassword(String)
    case disable(String)
    case enable(String)
    case resetPassword(String)
    case confirmSignUp(String)
    case signOut(String)
    case delete(String)
    case addToGroup(String, String)
    case removeFromGroup(String, String)

    /// Whether the action was started from a form dialog (its errors show in the form).
    var usesDialog: Bool {
        switch self {
        case .create, .edit, .setPassword: return true
        default: return false
        }
    }
}

extension DirectoryModel {
    /// The action keys; nil for keys the screen does not use.
    mutating func actionKey(_ key: Key) -> [Command]? {
        if key == .character("c") { return [createForm()] }
        guard case .character(let character) = key, "edprCo+-x".contains(character) || key == .delete else { return nil }
        guard let user = selectedUser else { return [.toast(Toast("No user selected"))] }
        let name = user.username
        switch key {
        case .character("e"):
            guard let detail, detail.user.username == name else {
                return loadDetail(name) + [.toast(Toast("Reading \(name)… press e again"))]
            }
            return [editForm(detail)]
        case .character("d"):
            if !user.enabled { return perform(.enable(name), values: [:]) }
            return [
                .confirm(
                    Confirmation(
                        title: "Disable user", message: "Disable \(name)? They can't sign in and their tokens stop working.",
                        action: "Disable", onConfirm: .directory(.confirmed(.disable(name)))))
            ]
        case .character("r"):
            return [
                .confirm(
                    Confirmation(
                        title: "Reset password",
                        message: "Reset the password of \(name)? They must choose a new one with a code sent to them.",
                        action: "Reset", onConfirm: .directory(.confirmed(.resetPassword(name)))))
            ]
        case .character("p"):
            return [
                .form(
                    FormDialog(
                        title: "Set password for \(name)",
                        form: Form([
                            Form.Field("password", "Password", kind: .secret, hint: "^R shows it"),
                            Form.Field("permanent", "Permanent", kind: .toggle, value: "yes", hint: "no: must change at next sign-in"),
                        ])
                    ) { .directory(.submit(.setPassword(name), $0)) })
            ]
        case .character("C"):
            return perform(.confirmSignUp(name), values: [:])
        case .character("o"):
            return [
                .confirm(
                    Confirmation(
                        title: "Sign out everywhere", message: "Sign \(name) out of every device? Their refresh tokens stop working.",
                        action: "Sign out", onConfirm: .directory(.confirmed(.signOut(name)))))
            ]
        case .character("+"):
            guard let poolId else { return [] }
            return [
                .call({ engine in try await Self.groupNames(engine, poolId: poolId) }) { .directory(.groupsToAdd(name, $0)) }
            ] + (detail?.user.username == name ? [] : loadDetail(name))
        case .character("-"):
            guard let detail, detail.user.username == name else { return loadDetail(name) + [.toast(Toast("Reading \(name)… press - again"))] }
            guard !detail.groups.isEmpty else { return [.toast(Toast("\(name) is in no groups"))] }
            return [
                .pick(
                    Picker(title: "Remove \(name) from group", options: detail.groups) { group in
                        .directory(.confirmed(.removeFromGroup(name, group)))
                    })
            ]
        default:
            return [
                .confirm(
                    Confirmation(
                        title: "Delete user", message: "Delete \(name) from this pool? This can't be undone.", action: "Delete",
                        onConfirm: .directory(.confirmed(.delete(name)))))
            ]
        }
    }

    private func createForm() -> Command {
        .form(
            FormDialog(
                title: "Create user",
                form: Form([
                    Form.Field("username", "Username"),
                    Form.Field("email", "Email"),
                    Form.Field("phone_number", "Phone", hint: "+15555550100"),
                    Form.Field("password", "Temporary password", kind: .secret, hint: "blank: one is made up"),
                    Form.Field("invite", "Send invitation", kind: .toggle, value: "yes", hint: "to the outbox"),
                ])
            ) { .directory(.submit(.create, $0)) })
    }

    private func editForm(_ detail: UserDetail) -> Command {
        let name = detail.user.username
        var fields = (detail.user.userAttributes ?? []).filter { $0.name != "sub" }.map { Form.Field($0.name, $0.name, value: $0.value ?? "") }
        fields.append(Form.Field("+new", "Add attribute", hint: "name=value; empty a field to remove it"))
        return .form(FormDialog(title: "Edit \(name)", form: Form(fields)) { .directory(.submit(.edit(name), $0)) })
    }

    static func groupNames(_ engine: any ConsoleBackend, poolId: String) async throws -> [String] {
        var names: [String] = []
        var token: String?
        repeat {
            let page = try await engine.listGroups(ListGroupsRequest(userPoolId: poolId, limit: 60, nextToken: token))
            names += (page.groups ?? []).compactMap(\.groupName)
            token = page.nextToken
        } while token != nil && names.count < 10_000
        return names
    }

    /// Runs an action on the engine.
    mutating func perform(_ action: UserAction, values: [String: String]) -> [Command] {
        guard let poolId else { return [] }
        let original = detail
        let work: @Sendable (any ConsoleBackend) async throws -> String
        switch action {
        case .create:
            work = { engine in try await Self.create(engine, poolId: poolId, values: values) }
        case .edit(let name):
            work = { engine in try await Self.edit(engine, poolId: poolId, username: name, values: values, original: original) }
        case .setPassword(let name):
            work = { engine in
                _ = try await engine.adminSetUserPassword(
                    AdminSetUserPasswordRequest(
                        userPoolId: poolId, username: name, password: values["password"] ?? "", permanent: values["permanent"] == "yes"))
                return "Password set for \(name)"
            }
        case .disable(let name):
            work = { engine in
                _ = try await engine.adminDisableUser(AdminDisableUserRequest(userPoolId: poolId, username: name))
                return "Disabled \(name)"
            }
        case .enable(let name):
            work = { engine in
                _ = try await engine.adminEnableUser(AdminEnableUserRequest(userPoolId: poolId, username: name))
                return "Enabled \(name)"
            }
        case .resetPassword(let name):
            work = { engine in
                _ = try await engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: poolId, username: name))
                return "Password reset for \(name); the code is in the outbox"
            }
        case .confirmSignUp(let name):
            work = { engine in
                _ = try await engine.adminConfirmSignUp(AdminConfirmSignUpRequest(userPoolId: poolId, username: name))
                return "Confirmed \(name)"
            }
        case .signOut(let name):
            work = { engine in
                _ = try await engine.adminUserGlobalSignOut(AdminUserGlobalSignOutRequest(userPoolId: poolId, username: name))
                return "Signed \(name) out everywhere"
            }
        case .delete(let name):
            work = { engine in
                try await engine.adminDeleteUser(AdminDeleteUserRequest(userPoolId: poolId, username: name))
                return "Deleted \(name)"
            }
        case .addToGroup(let name, let group):
            work = { engine in
                try await engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: name, groupName: group))
                return "Added \(name) to \(group)"
            }
        case .removeFromGroup(let name, let group):
            work = { engine in
                try await engine.adminRemoveUserFromGroup(AdminRemoveUserFromGroupRequest(userPoolId: poolId, username: name, groupName: group))
                return "Removed \(name) from \(group)"
            }
        }
        return [.call(work) { .directory(.done(action, $0)) }]
    }

    private static func create(_ engine: any ConsoleBackend, poolId: String, values: [String: String]) async throws -> String {
        let username = values["username"]?.trimmingCharacters(in: .whitespaces) ?? ""
        var attributes: [AttributeType] = []
        for name in ["email", "phone_number"] {
            if let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                attributes.append(AttributeType(name: name, value: value))
            }
        }
        let password = values["password"].flatMap { $0.isEmpty ? nil : $0 }
        let invite = values["invite"] == "yes"
        let mediums: [DeliveryMediumType] = attributes.contains { $0.name == "email" } ? [.email] : [.sms]
        let response = try await engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: poolId, username: username, userAttributes: attributes, temporaryPassword: password,
                messageAction: invite ? nil : .suppress, desiredDeliveryMediums: invite ? mediums : nil))
        return "Created \(response.user?.username ?? username)" + (invite ? "; the invitation is in the outbox" : "")
    }

    private static func edit(_ engine: any ConsoleBackend, poolId: String, username: String, values: [String: String], original: UserDetail?)
        async throws
        -> String
    {
        let before = Dictionary(
            (original?.user.userAttributes ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        var changed: [AttributeType] = []
        var removed: [String] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) where name != "+new" {
            guard let old = before[name], old != value else { continue }
            if value.isEmpty { removed.append(name) } else { changed.append(AttributeType(name: name, value: value)) }
        }
        if let added = values["+new"]?.trimmingCharacters(in: .whitespaces), !added.isEmpty {
            guard let equals = added.firstIndex(of: "="), equals != added.startIndex else {
                throw CognitoError.invalidParameter("Add attribute takes name=value, not \(added)")
            }
            changed.append(AttributeType(name: String(added[..<equals]), value: String(added[added.index(after: equals)...])))
        }
        guard !changed.isEmpty || !removed.isEmpty else { return "Nothing changed" }
        if !changed.isEmpty {
            _ = try await engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(userPoolId: poolId, username: username, userAttributes: changed))
        }
        if !removed.isEmpty {
            _ = try await engine.adminDeleteUserAttributes(
                AdminDeleteUserAttributesRequest(userPoolId: poolId, username: username, userAttributeNames: removed))
        }
        return "Saved \(username)"
    }
}
