import Foundation
import SigilCore

/// Everything the detail pane shows about one user, read in one engine call.
public struct UserDetail: Sendable, Equatable {
    public var user: AdminGetUserResponse
    public var groups: [String]
    public var events: [AuthEventType]

    /// Reads the user, their groups and their last sign-in events, side by side (three
    /// round trips at once when the backend is remote).
    static func load(_ engine: any ConsoleBackend, poolId: String, username: String) async throws -> UserDetail {
        async let user = engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: username))
        async let groups = engine.adminListGroupsForUser(AdminListGroupsForUserRequest(username: username, userPoolId: poolId, limit: 60))
        async let events = engine.recentAuthEvents(poolId: poolId, username: username, limit: 8)
        return UserDetail(user: try await user, groups: (try await groups.groups ?? []).compactMap(\.groupName), events: try await events)
    }

    public func attribute(_ name: String) -> String? {
        user.userAttributes?.first { $0.name == name }?.value
    }

    /// The pane's lines: a label (empty for continuation lines), a value, and a role.
    public var lines: [DetailLine] {
        var lines: [DetailLine] = []
        let status = user.userStatus?.rawValue ?? "—"
        lines.append(DetailLine("Status", status, user.userStatus == .confirmed ? .success : .warning))
        lines.append(DetailLine("Enabled", user.enabled == false ? "no (disabled)" : "yes", user.enabled == false ? .danger : .text))
        lines.append(DetailLine("Created", ConsoleDate.string(user.userCreateDate), .text))
        lines.append(DetailLine("Modified", ConsoleDate.string(user.userLastModifiedDate), .text))
        let factors = user.userMFASettingList ?? []
        let mfa = factors.isEmpty ? "none" : factors.joined(separator: ", ") + (user.preferredMfaSetting.map { " (preferred \($0))" } ?? "")
        lines.append(DetailLine("MFA", mfa, factors.isEmpty ? .muted : .text))
        lines.append(DetailLine("Groups", groups.isEmpty ? "none" : groups.joined(separator: ", "), groups.isEmpty ? .muted : .text))
        lines.append(DetailLine("", "", .text))
        lines.append(.title("Attributes"))
        for attribute in user.userAttributes ?? [] {
            lines.append(DetailLine(attribute.name, attribute.value ?? "", .text))
        }
        lines.append(DetailLine("", "", .text))
        lines.append(.title("Recent auth events"))
        if events.isEmpty { lines.append(DetailLine("", "none yet", .muted)) }
        for event in events {
            let when = ConsoleDate.string(event.creationDate)
            let outcome = event.eventResponse?.rawValue ?? "—"
            let address = event.eventContextData?.ipAddress ?? ""
            lines.append(
                DetailLine(when, "\(event.eventType?.rawValue ?? "—") \(outcome) \(address)", event.eventResponse == .fail ? .danger : .text))
        }
        return lines
    }
}
