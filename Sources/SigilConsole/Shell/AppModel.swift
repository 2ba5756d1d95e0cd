import Foundation
import SigilCore

/// What the runtime must do for the shell: the parts that are not pure state.
public enum Effect: Sendable {
    case engine(EngineCall)
    case clock(ClockChange)
    case quit
}

/// Settings the console starts with.
public struct ConsoleSettings: Sendable {
    /// Where the in-process API listens, for the status bar (nil when it is off).
    public var apiAddress: String?
    public var themes: [String: Theme]
    public var themeName: String
    /// Problems found at start (unreadable theme files …), shown once.
    public var notices: [String]
    /// Offer the demo pool when the store has no pools.
    public var offerDemo: Bool
    /// The pool to open at start, if any.
    public var initialPool: String?
    /// The remote endpoint the console is attached to (nil: a local store).
    public var attachedTo: String?
    /// Whether the backend refuses every change (`--read-only`), for the status bar.
    public var readOnly: Bool

    public init(
        apiAddress: String? = nil, themes: [String: Theme] = [Theme.fallback.name: .fallback], themeName: String = Theme.fallback.name,
        notices: [String] = [], offerDemo: Bool = true, initialPool: String? = nil, attachedTo: String? = nil, readOnly: Bool = false
    ) {
        self.readOnly = readOnly
        self.attachedTo = attachedTo
        self.apiAddress = apiAddress
        self.themes = themes
        self.themeName = themeName
        self.notices = notices
        self.offerDemo = offerDemo
        self.initialPool = initialPool
    }
}

/// The whole console's state: the screens, the current pool, dialogs and overlays,
/// toasts, the theme and the clock. `update` turns one event into new state and the
/// effects the runtime must carry out. No terminal in sight.
public struct AppModel: Sendable {
    public enum Overlay: Sendable {
        case help
        case palette(Palette)
    }

    /// The most characters a paste delivers.
    public static let pasteLimit = 4_096

    /// The smallest terminal the console draws in.
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public private(set) var screen: ScreenKind = .pools
    public private(set) var history: [ScreenKind] = []
    /// One of each registered screen, by kind.
    private var screens: [ScreenKind: any Screen] = Dictionary(
        uniqueKeysWithValues: ScreenRegistry.all.map { ($0.info.kind, $0.init()) })
    public private(set) var poolId: String?
    public private(set) var dialog: Dialog?
    public private(set) var overlay: Overlay?
    public private(set) var toast: Toast?
    private var toastTicks = 0
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var themes: [String: Theme]
    public private(set) var themeName: String
    public var colour = true
    public private(set) var clock: ClockReading
    public let apiAddress: String?
    /// The remote endpoint the console is attached to, for the status bar.
    public let attachedTo: String?
    public let readOnly: Bool
    public private(set) var quitting = false
    private var offerDemo: Bool
    private var firstLoad = true
    private var initialPool: String?
    private var started = false

    public init(settings: ConsoleSettings, width: Int, height: Int, now: Date = Date()) {
        self.width = width
        self.height = height
        themes = settings.themes
        themeName = settings.themes[settings.themeName] == nil ? Theme.fallback.name : settings.themeName
        apiAddress = settings.apiAddress
        attachedTo = settings.attachedTo
        readOnly = settings.readOnly
        offerDemo = settings.offerDemo
        initialPool = settings.initialPool
        clock = ClockReading(now: now)
        var notices = settings.notices
        if settings.themes[settings.themeName] == nil {
            notices.append(
                "There is no theme named \(settings.themeName); using \(themeName). Themes: \(themes.keys.sorted().joined(separator: ", ")).")
        }
        if !notices.isEmpty { dialog = .notice(title: "Notice", text: notices.joined(separator: "\n\n")) }
    }

    public var theme: Theme {
        let chosen = themes[themeName] ?? .fallback
        return colour ? chosen : chosen.monochrome
    }

    public var tooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Where screens draw: all but the status bar and the key-hint bar.
    public var context: ScreenContext {
        ScreenContext(
            poolId: poolId, poolName: pools.pools.first { $0.id == poolId }?.name, now: clock.now,
            area: Rect(x: 0, y: 1, width: width, height: height - 2), colour: colour)
    }

    /// A screen's state, by its type (`model[DirectoryModel.self]`).
    public subscript<S: Screen>(_ type: S.Type) -> S { screens[S.info.kind] as? S ?? S() }

    /// The screen on view.
    public var current: any Screen { screens[screen] ?? PoolsModel() }

    /// The key help of the current screen.
    public var screenKeys: [KeyHelp] { current.keyHelp }

    /// Whether the current screen takes typed text (so letters are not shortcuts).
    public var screenCapturesText: Bool { current.capturesText }

    /// Runs `body` on the screen of `kind` and carries out what it asks for.
    private mutating func onScreen(_ kind: ScreenKind, _ body: (inout any Screen) -> [Command]) -> [Effect] {
        guard var target = screens.removeValue(forKey: kind) else { return [] }
        let commands = body(&target)
        screens[kind] = target
        return apply(commands)
    }

    /// Hands a key to the screen of `kind`; nil when the screen has no use for it.
    private mutating func press(_ key: Key, on kind: ScreenKind) -> [Effect]? {
        let context = context
        guard var target = screens.removeValue(forKey: kind) else { return nil }
        let handled = target.handle(key, context: context)
        screens[kind] = target
        return handled.map { apply($0) }
    }

    public static let globalKeys = [
        KeyHelp("?", "help"), KeyHelp(":", "commands"),
        KeyHelp(
            "1-\(min(9, ScreenRegistry.all.count))\(ScreenRegistry.all.count > 9 ? " 0" : "")",
            "screens: \(ScreenRegistry.all.first?.info.command ?? "") … \(ScreenRegistry.all.prefix(10).last?.info.command ?? "")", inBar: false),
        KeyHelp("F1 ^P", "help, commands (typing)", inBar: false),
        KeyHelp("Esc", "back", inBar: false), KeyHelp("q", "back; quit at the top", inBar: false),
        KeyHelp("^C", "quit from anywhere", inBar: false),
    ]

    /// The first effects: read the pools.
    public mutating func start() -> [Effect] {
        guard !started else { return [] }
        started = true
        return opened(.pools)
    }

    public mutating func update(_ event: AppEvent) -> [Effect] {
        switch event {
        case .input(.resize(let newWidth, let newHeight)):
            width = newWidth
            height = newHeight
            return []
        case .input(.key(let key)):
            return handle(key)
        case .input(.paste(let text)):
            return paste(text)
        case .input(.mouse(let mouse)):
            guard dialog == nil, overlay == nil, !tooSmall else { return [] }
            let context = context
            guard context.area.contains(x: mouse.x, y: mouse.y) else { return [] }
            return onScreen(screen) { $0.handle(mouse, context: context) }
        case .tick(let reading):
            clock = reading
            if toastTicks > 0 {
                toastTicks -= 1
                if toastTicks == 0 { toast = nil }
            }
            let context = context
            return onScreen(screen) { $0.tick(context: context) }
        case .engine(let engineEvent):
            // The pool list feeds the status bar and the palette, so it stays current everywhere.
            var effects: [Effect] = []
            if screen != .pools, case .dataChanged = engineEvent { effects = opened(.pools) }
            let context = context
            return effects + onScreen(screen) { $0.engineEvent(engineEvent, context: context) }
        case .notice(let text):
            toast = Toast(text)
            toastTicks = 4
            return []
        case .message(let message):
            return receive(message)
        }
    }

    // MARK: Keys

    private mutating func handle(_ key: Key) -> [Effect] {
        if key == .control("c") {
            quitting = true
            return [.quit]
        }
        if tooSmall {
            if key == .character("q") {
                quitting = true
                return [.quit]
            }
            return []
        }
        if let dialog { return dialogKey(key, dialog) }
        if let overlay {
            switch overlay {
            case .help:
                if [.escape, .character("?"), .character("q"), .enter].contains(key) { self.overlay = nil }
                return []
            case .palette(var palette):
                switch palette.handle(key) {
                case .editing: self.overlay = .palette(palette)
                case .cancel: self.overlay = nil
                case .run(let action):
                    self.overlay = nil
                    return run(action)
                }
                return []
            }
        }
        // These work even while a screen takes typed text.
        if key == .function(1) {
            overlay = .help
            return []
        }
        if key == .control("p") {
            overlay = .palette(Palette(entries: paletteEntries()))
            return []
        }
        let captures = screenCapturesText
        if !captures {
            switch key {
            case .character("?"):
                overlay = .help
                return []
            case .character(":"):
                overlay = .palette(Palette(entries: paletteEntries()))
                return []
            case .character("q"):
                if history.isEmpty {
                    quitting = true
                    return [.quit]
                }
                return apply([.back])
            case .character(let character):
                if let screen = ScreenRegistry.all.first(where: { $0.info.kind.number == character }) {
                    return apply([.show(screen.info.kind)])
                }
            default: break
            }
        }
        if let handled = press(key, on: screen) { return handled }
        if key == .escape && !history.isEmpty { return apply([.back]) }
        return []
    }

    /// Whatever has the focus takes typed text: a dialog's text field or filter, the
    /// palette, or a screen's field. Nothing else does.
    var focusTakesText: Bool {
        if tooSmall { return false }
        if let dialog { return dialog.takesText }
        if let overlay {
            if case .palette = overlay { return true }
            return false
        }
        return screenCapturesText
    }

    /// A paste goes into the focused field as text, one line of it (line breaks become
    /// spaces, other control characters are dropped). It never runs as key presses: where
    /// no field has the focus it is ignored, with a hint.
    private mutating func paste(_ text: String) -> [Effect] {
        guard focusTakesText else {
            return apply([.toast(Toast("Paste ignored: no text field has the focus"))])
        }
        var effects: [Effect] = []
        // Each character goes through the field as a key would (a filter runs at each), so a
        // paste is held to what a field sensibly takes: a token, an address, a name.
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(Self.pasteLimit).map { $0.isNewline ? " " : $0 }
        for character in line where !character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            // Stop as soon as the field lets go (the pasted text must not reach shortcuts).
            guard focusTakesText else { break }
            effects += handle(.character(character))
        }
        return effects
    }

    private mutating func dialogKey(_ key: Key, _ current: Dialog) -> [Effect] {
        switch current.handle(key) {
        case .open(let next):
            dialog = next
            return []
        case .closed:
            dialog = nil
            return []
        case .send(let message, let keepOpen):
            if keepOpen, case .form(var form, _) = current {
                // The last attempt's error goes as the next one starts.
                form.form.error = nil
                dialog = .form(form, busy: true)
            } else {
                dialog = nil
            }
            return receive(message)
        }
    }

    // MARK: Commands

    /// Carries out screen commands; returns what only the runtime can do.
    mutating func apply(_ commands: [Command]) -> [Effect] {
        var effects: [Effect] = []
        for command in commands {
            switch command {
            case .engine(let call): effects.append(.engine(call))
            case .toast(let note):
                toast = note
                toastTicks = note.kind == .error ? 8 : 4
            case .show(let kind):
                guard screens[kind] != nil else {
                    effects += apply([.toast(.error("There is no screen called \(kind)"))])
                    continue
                }
                if kind.needsPool && poolId == nil {
                    toast = Toast("Choose a pool first")
                    toastTicks = 4
                    if screen != .pools { effects += apply([.show(.pools)]) }
                    continue
                }
                if kind != screen {
                    history.removeAll { $0 == kind }
                    history.append(screen)
                    screen = kind
                }
                effects += opened(kind)
            case .back:
                guard let previous = history.popLast() else { continue }
                screen = previous
                effects += opened(previous)
            case .usePool(let id):
                poolId = id
            case .deliver(let message):
                effects += receive(message)
            case .confirm(var confirmation):
                // Far from home, say where the change lands.
                if let remote = attachedTo, confirmation.destructive {
                    confirmation.message += "\n\nOn \(remote)" + (context.poolId.map { ", pool \($0)." } ?? ".")
                }
                dialog = .confirm(confirmation, yesFocused: !confirmation.destructive)
            case .form(let form): dialog = .form(form, busy: false)
            case .pick(let picker): dialog = .pick(picker, scroll: ScrollState(), filter: TextInput())
            case .closeDialog: dialog = nil
            case .dialogError(let text):
                if case .form(var form, _) = dialog {
                    form.form.error = text
                    dialog = .form(form, busy: false)
                } else {
                    effects += apply([.toast(.error(text))])
                }
            case .clock(let change):
                noteClockChange(change)
                effects.append(.clock(change))
            case .quit:
                quitting = true
                effects.append(.quit)
            }
        }
        return effects
    }

    /// What a screen does when it comes into view: read fresh data.
    private mutating func opened(_ kind: ScreenKind) -> [Effect] {
        let context = context
        return onScreen(kind) { $0.open(context: context) }
    }

    // MARK: Messages

    private mutating func receive(_ message: Message) -> [Effect] {
        let context = context
        switch message {
        case .screen(let kind, let reply):
            var effects = onScreen(kind) { $0.receive(any: reply, context: context) }
            // The pool list feeds the status bar and the palette, so the shell follows it.
            if case .loaded(.success(let summaries))? = reply as? PoolsModel.Reply {
                effects += afterPoolsLoaded(summaries)
                if case .palette(var palette) = overlay {
                    palette.replace(entries: paletteEntries())
                    overlay = .palette(palette)
                }
            }
            return effects
        case .shell(let reply): return shell(reply)
        }
    }

    private mutating func afterPoolsLoaded(_ summaries: [PoolSummary]) -> [Effect] {
        if let id = poolId, !summaries.contains(where: { $0.id == id }) {
            // The current pool is gone (deleted here or through the API).
            poolId = nil
            history.removeAll()
            if screen != .pools {
                screen = .pools
                return apply([.toast(.error("Pool \(id) no longer exists"))])
            }
        }
        if let wanted = initialPool {
            initialPool = nil
            firstLoad = false
            // By id, or by name when one pool has it.
            let named = summaries.filter { $0.name == wanted }
            if let match = summaries.first(where: { $0.id == wanted }) ?? (named.count == 1 ? named.first : nil) {
                poolId = match.id
                return openFirstScreen()
            }
            if named.count > 1 {
                return apply([.toast(.error("\(named.count) pools are named \(wanted); open one by id: \(named.map(\.id).joined(separator: ", "))"))])
            }
            return apply([.toast(.error("No pool in this store has the id or name \(wanted)"))])
        }
        guard firstLoad else { return [] }
        firstLoad = false
        if offerDemo {
            if summaries.isEmpty && dialog == nil {
                dialog = .confirm(
                    Confirmation(
                        title: "Welcome to Sigil",
                        message: "This store has no user pools yet. Create the demo pool: an app client, four groups and "
                            + "200 users in varied states (alice, bob and carol sign in with \(DemoSeeder.demoPassword))?",
                        action: "Create demo pool", destructive: false, onConfirm: .shell(.seedDemo)), yesFocused: true)
                return []
            }
        }
        if summaries.count == 1, poolId == nil {
            poolId = summaries[0].id
            return openFirstScreen()
        }
        return []
    }

    /// Opens the directory as the first screen (nothing to go back to).
    private mutating func openFirstScreen() -> [Effect] {
        screen = .directory
        history = []
        return opened(.directory)
    }

    private mutating func shell(_ reply: ShellReply) -> [Effect] {
        switch reply {
        case .seedDemo:
            toast = Toast("Creating the demo pool…")
            toastTicks = 10
            return [
                .engine(
                    EngineCall { engine in
                        do {
                            return .shell(.demoSeeded(.success(try await engine.seedDemo())))
                        } catch {
                            return .shell(.demoSeeded(.failure(ConsoleError(error))))
                        }
                    })
            ]
        case .declineDemo:
            return []
        case .demoSeeded(.success(let id)):
            poolId = id
            screen = .directory
            history = []
            return apply([.toast(.success("Created the demo pool \(id)"))]) + opened(.pools) + opened(.directory)
        case .demoSeeded(.failure(let failure)):
            return apply([.toast(.error(failure.description))])
        }
    }

    // MARK: Palette

    func paletteEntries() -> [Palette.Entry] {
        var entries = ScreenRegistry.paletteEntries
        for pool in pools.pools {
            entries.append(Palette.Entry("pool \(pool.name)", pool.id, .pool(pool.id)))
        }
        for name in themes.keys.sorted() {
            entries.append(Palette.Entry("theme \(name)", name == themeName ? "current" : "", .theme(name)))
        }
        entries += [
            Palette.Entry("clock freeze", "stop the engine's clock", .clock(.freeze)),
            Palette.Entry("clock resume", "let it run again", .clock(.resume)),
            Palette.Entry("clock +1m", "move it a minute ahead", .clock(.advance(60))),
            Palette.Entry("clock +1h", "an hour ahead", .clock(.advance(3_600))),
            Palette.Entry("clock +1d", "a day ahead", .clock(.advance(86_400))),
            Palette.Entry("clock +30d", "thirty days ahead", .clock(.advance(30 * 86_400))),
            Palette.Entry("clock reset", "back to the wall clock", .clock(.reset)),
            Palette.Entry("help", "every key of this screen", .help),
            Palette.Entry("quit", "leave the console", .quit),
        ]
        return entries
    }

    private mutating func run(_ action: Palette.Action) -> [Effect] {
        switch action {
        case .show(let kind): return apply([.show(kind)])
        case .press(let kind, let key):
            let effects = apply([.show(kind)])
            // Only when the screen opened (it may need a pool first).
            guard screen == kind else { return effects }
            return effects + (press(key, on: kind) ?? [])
        case .pool(let id):
            poolId = id
            return apply([.show(.directory)])
        case .theme(let name):
            themeName = name
            return apply([.toast(Toast("Theme \(name)"))])
        case .clock(let change):
            return apply([.clock(change), .toast(Toast(describe(change)))])
        case .help:
            overlay = .help
            return []
        case .quit:
            quitting = true
            return [.quit]
        }
    }

    /// What a clock change did, with the offset the status bar will show.
    private func describe(_ change: ClockChange) -> String {
        switch change {
        case .freeze: return "Clock frozen"
        case .resume: return "Clock running"
        case .reset: return "Clock back to real time"
        case .advance(let seconds):
            let total = clock.offset + seconds
            return "Clock moved \(ConsoleDate.duration(seconds)) ahead" + (clock.frozen ? " (frozen)" : ": now +\(ConsoleDate.duration(total))")
        }
    }

    /// Applies a clock change to the reading at once, so the status bar agrees with the toast
    /// before the next tick.
    mutating func noteClockChange(_ change: ClockChange) {
        switch change {
        case .advance(let seconds):
            clock.now = clock.now.addingTimeInterval(seconds)
            clock.offset += seconds
        case .freeze: clock.frozen = true
        case .resume: clock.frozen = false
        case .reset: clock = ClockReading(now: Date())
        }
    }
}
