import SigilCore

/// Draws the groups and the members of the selected one.
public enum GroupsView {
    public static func render(_ model: GroupsModel, _ canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        guard model.poolId != nil else { return }
        let rects = GroupsModel.layout(context.area)
        let left = Box.draw(&canvas, rects.groups, title: "Groups (\(model.groups.count))", theme: theme, focused: model.focus == .groups)
        let groupRows = model.groups.dropFirst(model.scroll.top).prefix(GroupsModel.visibleRows(rects.groups)).map { group in
            [group.groupName ?? "", group.precedence.map(String.init) ?? "", group.description ?? ""]
        }
        Table.render(
            &canvas, left,
            columns: [
                TableColumn("Name", width: 12, flexible: true), TableColumn("Prec", width: 4), TableColumn("Description", width: 10, flexible: true),
            ],
            rows: groupRows, selected: model.groups.isEmpty ? nil : model.scroll.selected - model.scroll.top, theme: theme,
            focused: model.focus == .groups)
        if model.loaded && model.groups.isEmpty {
            canvas.put("No groups. Press c to create one.", x: left.x + 1, y: left.y + 2, style: theme[.muted], limit: left.width - 1)
        }
        let title =
            model.membersFor.map { "Members of \($0) (\(model.members.count)\(model.members.count >= GroupsModel.memberLimit ? "+" : ""))" }
            ?? "Members"
        let right = Box.draw(&canvas, rects.members, title: title, theme: theme, focused: model.focus == .members)
        let memberRows = model.members.dropFirst(model.memberScroll.top).prefix(GroupsModel.visibleRows(rects.members)).map { user in
            [user.username ?? "", user.attributes?.first { $0.name == "email" }?.value ?? "", user.userStatus?.rawValue ?? ""]
        }
        Table.render(
            &canvas, right,
            columns: [
                TableColumn("Username", width: 12, flexible: true), TableColumn("Email", width: 12, flexible: true), TableColumn("Status", width: 12),
            ],
            rows: memberRows, selected: model.members.isEmpty ? nil : model.memberScroll.selected - model.memberScroll.top, theme: theme,
            focused: model.focus == .members)
        if let error = model.error {
            canvas.put(error, x: right.x + 1, y: right.maxY - 1, style: theme[.danger], limit: right.width - 1)
        }
    }
}
