import Foundation
import SigilCore

/// The user pools in the store with their counts; create, delete, open.
public struct PoolsModel: Sendable {
    public enum Reply: Sendable {
        case loaded(Result<[PoolSummary], ConsoleError>)
        case submitCreate([String: String])
        case confirmedDelete(String)
        case created(Result<String, ConsoleError>)
        case deleted(String, Result<Void, ConsoleError>)
        case activity(String, passed: [Int], failed: [Int])
        case identityPools([IdentityPoolSummary])
    }

    public private(set) var pools: [PoolSummary] = []
    /// Identity pools, listed under the user pools.
    public private(set) var identityPools: [IdentityPoolSummary] = []
    public private(set) var scroll = ScrollState()
    public private(set) var loaded = false
    public private(set) var error: String?
    /// Auth events per minute over the last hour of the selected pool.
    public private(set) var activity: (poolId: String, passed: [Int], failed: [Int])?
    private var loading = false
    private var stale = false

    public init() {}

    public var selected: PoolSummary? { pools.indices.contains(scroll.selected) ? pools[scroll.selected] : nil }

    public var keyHelp: [KeyHelp] {
        [
            KeyHelp("↑↓ jk", "move"), KeyHelp("Enter", "users"), KeyHelp("s", "settings"), KeyHelp("G", "groups", inBar: false),
            KeyHelp("c", "create pool"), KeyHelp("x", "delete pool"), KeyHelp("^R", "reload", inBar: false),
        ]
    }

    public func visibleRows(_ area: Rect) -> Int { max(1, PoolsView.tableRect(area, model: self).height - 1) }

    public mutating func load() -> [Command] {
        if loading {
            stale = true
            return []
        }
        loading = true
        stale = false
        return [
            .call({ engine in try await engine.poolSummaries() }) { .pools(.loaded($0)) },
            .engine(EngineCall { engine in await .pools(.identityPools((try? engine.identityPoolSummaries()) ?? [])) }),
        ]
    }

    /// Reads the selected pool's sign-in activity for the chart.
    mutating func loadActivity() -> [Command] {
        guard let id = selected?.id else { return [] }
        return [
            .engine(
                EngineCall { engine in
                    let activity = await (try? engine.authActivity(poolId: id)) ?? (passed: [], failed: [])
                    return .pools(.activity(id, passed: activity.passed, failed: activity.failed))
                })
        ]
    }

    public mutating func receive(_ reply: Reply, context: ScreenContext) -> [Command] {
        switch reply {
        case .loaded(let result):
            loading = false
            loaded = true
            switch result {
            case .success(let summaries):
                let selectedId = selected?.id
                pools = summaries
                error = nil
                if let selectedId, let index = pools.firstIndex(where: { $0.id == selectedId }) { scroll.selected = index }
                scroll.follow(count: pools.count, visible: visibleRows(context.area))
            case .failure(let failure):
                error = failure.description
            }
            return (stale ? load() : []) + loadActivity()
        case .activity(let id, let passed, let failed):
            activity = (id, passed, failed)
            return []
        case .identityPools(let list):
            identityPools = list
            return []
        case .submitCreate(let values):
            let name = values["name"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let emailSignIn = values["email"] == "yes"
            return [
                .call({ engine in
                    let pool = try await engine.createUserPool(
                        CreateUserPoolRequest(
                            poolName: name, autoVerifiedAttributes: [.email], aliasAttributes: emailSignIn ? nil : [.email],
                            usernameAttributes: emailSignIn ? [.email] : nil))
                    let id = pool.userPool?.id ?? ""
                    // As Cognito's console does, a new pool comes with an app client to sign in through.
                    _ = try await engine.createUserPoolClient(
                        CreateUserPoolClientRequest(
                            userPoolId: id, clientName: "\(name)-app",
                            explicitAuthFlows: [.allowUserSrpAuth, .allowUserPasswordAuth, .allowRefreshTokenAuth]))
                    return id
                }) { .pools(.created($0)) }
            ]
        case .created(let result):
            switch result {
            case .success(let id): return [.closeDialog, .toast(.success("Created pool \(id)"))] + load()
            case .failure(let failure): return [.dialogError(failure.description)]
            }
        case .confirmedDelete(let id):
            return [
                .call({ engine in try await engine.deleteUserPoolAndDomains(id) }) { .pools(.deleted(id, $0)) }
            ]
        case .deleted(let id, let result):
            switch result {
            case .success: return [.toast(.success("Deleted pool \(id)"))] + load()
            case .failure(let failure): return [.toast(.error(failure.description))]
            }
        }
    }

    public mutating func handle(_ key: Key, context: ScreenContext) -> [Command]? {
        let before = selected?.id
        if scroll.handle(key, count: pools.count, visible: visibleRows(context.area)) {
            return selected?.id == before ? [] : loadActivity()
        }
        switch key {
        case .enter:
            guard let pool = selected else { return [] }
            return [.usePool(pool.id), .show(.directory)]
        case .character("s"):
            guard let pool = selected else { return [] }
            return [.usePool(pool.id), .show(.settings)]
        case .character("c"):
            return [
                .form(
                    FormDialog(
                        title: "Create user pool",
                        form: Form([
                            Form.Field("name", "Pool name"),
                            Form.Field("email", "Email as username", kind: .toggle, value: "no", hint: "else a username, email as alias"),
                        ])
                    ) { .pools(.submitCreate($0)) })
            ]
        case .character("x"), .delete:
            guard let pool = selected else { return [] }
            return [
                .confirm(
                    Confirmation(
                        title: "Delete user pool",
                        message: "Delete pool \(pool.name) (\(pool.id)) with its \(TextLayout.plural(pool.users, "user")), "
                            + "\(TextLayout.plural(pool.groups, "group")) and \(TextLayout.plural(pool.clients, "app client"))? This can't be undone.",
                        action: "Delete \(pool.name)", onConfirm: .pools(.confirmedDelete(pool.id))))
            ]
        case .control("r"):
            return load()
        default:
            return nil
        }
    }

    public mutating func handle(_ mouse: MouseEvent, context: ScreenContext) -> [Command] {
        let visible = visibleRows(context.area)
        switch mouse.kind {
        case .wheelUp: scroll.move(by: -3, count: pools.count, visible: visible)
        case .wheelDown: scroll.move(by: 3, count: pools.count, visible: visible)
        case .press:
            let table = PoolsView.tableRect(context.area, model: self)
            if let row = Table.row(at: mouse.y, in: table), scroll.top + row < pools.count { scroll.selected = scroll.top + row }
        }
        return loadActivity()
    }

    public mutating func engineEvent(_ event: EngineEvent) -> [Command] {
        guard case .dataChanged = event else { return [] }
        return load()
    }
}
