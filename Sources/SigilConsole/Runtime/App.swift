import Dispatch
import Foundation
import SigilCore
import Synchronization

/// Events that arrive from other threads (engine results, engine events), waiting for
/// the drawing thread to take them.
final class Inbox: Sendable {
    private struct State {
        var events: [AppEvent] = []
        var inFlight = 0
    }

    private let state = Mutex(State())
    private let waker: WakeSignal?

    init(waker: WakeSignal?) {
        self.waker = waker
    }

    func begin() { state.withLock { $0.inFlight += 1 } }

    func finish(_ event: AppEvent) {
        state.withLock {
            $0.inFlight -= 1
            $0.events.append(event)
        }
        waker?.signal()
    }

    func post(_ event: AppEvent) {
        state.withLock { $0.events.append(event) }
        waker?.signal()
    }

    func take() -> [AppEvent] {
        state.withLock { state in
            defer { state.events.removeAll(keepingCapacity: true) }
            return state.events
        }
    }

    /// Whether engine calls are running or their results wait.
    var busy: Bool { state.withLock { $0.inFlight > 0 || !$0.events.isEmpty } }
}

/// The console's event loop. It owns the terminal (all drawing and input on the thread
/// that calls `run`), feeds the model one event at a time — keys, mouse, resize, ticks,
/// engine events and the results of engine calls — and draws when something changed.
/// Engine calls run in order on a queue of their own, so the screen never waits on them.
public final class ConsoleApp {
    public private(set) var model: AppModel
    private let engine: any ConsoleBackend
    private let terminal: any Terminal
    private let clock: AdjustableClock?
    private let inbox: Inbox
    /// The thread every console's engine calls run on.
    private static let engineThread = ThreadExecutor.dedicated(name: "sigil.console.engine")
    /// Engine calls, run one after another in the order they were asked for.
    private let calls: AsyncStream<EngineCall>.Continuation
    private var observation: UUID?
    private var lastTick = Date.distantPast
    private var dirty = true
    /// Called after each frame is drawn (the benchmark times frames with it).
    public var onFrame: (() -> Void)?

    public init(engine: any ConsoleBackend, terminal: any Terminal, clock: AdjustableClock? = nil, settings: ConsoleSettings) {
        self.engine = engine
        self.terminal = terminal
        self.clock = clock
        inbox = Inbox(waker: terminal.waker)
        model = AppModel(settings: settings, width: terminal.width, height: terminal.height, now: engine.now)
        model.colour = terminal.supportsColor
        let inbox = inbox
        let (stream, calls) = AsyncStream.makeStream(of: EngineCall.self)
        self.calls = calls
        // On a thread of their own: the engine's work goes on whatever the shared pool's
        // threads are doing (a test waiting for a result blocks one).
        Task(executorPreference: Self.engineThread) { [engine] in
            for await call in stream { inbox.finish(.message(await call.work(engine))) }
        }
        observation = engine.observe { event in inbox.post(.engine(event)) }
        engine.watchNotices { text in inbox.post(.notice(text)) }
        perform(model.start())
    }

    deinit {
        if let observation { engine.stopObserving(observation) }
        calls.finish()
    }

    /// Runs until the user quits or `shouldStop` says so; the terminal is restored on
    /// the way out.
    public func run(shouldStop: () -> Bool = { false }) {
        defer { terminal.restore() }
        tick()
        draw()
        while !model.quitting && !shouldStop() {
            // A terminal that can be woken waits until the next tick; others poll.
            let untilTick = max(0.01, 1 - Date().timeIntervalSince(lastTick))
            step(timeout: terminal.waker == nil ? (inbox.busy ? 0.002 : 0.05) : min(0.25, untilTick))
        }
    }

    /// One turn of the loop: input (waiting up to `timeout`), then results and engine
    /// events, the clock, and a frame if anything changed.
    public func step(timeout: Double) {
        drainInbox()
        if let input = terminal.nextInput(timeout: timeout) {
            // Results that came first are applied first.
            drainInbox()
            handle(.input(input))
            // Take whatever else is queued (a paste, key repeat) before drawing.
            while !model.quitting, let more = terminal.nextInput(timeout: 0) {
                drainInbox()
                handle(.input(more))
            }
        }
        drainInbox()
        if Date().timeIntervalSince(lastTick) >= 1 { tick() }
        if dirty { draw() }
    }

    /// Feeds one input as if typed and waits until every engine call it started (and
    /// the calls those started) has finished; then draws. For tests and the benchmark.
    public func send(_ input: InputEvent) {
        handle(.input(input))
        settle()
    }

    /// Feeds one input and draws at once, without waiting for the engine calls it
    /// started (the benchmark times the frame a person sees first).
    public func press(_ input: InputEvent) {
        handle(.input(input))
        if dirty { draw() }
    }

    public func send(_ keys: [Key]) {
        for key in keys { send(.key(key)) }
    }

    /// Types `text` key by key.
    public func type(_ text: String) {
        for character in text { send(.key(.character(character))) }
    }

    /// Waits for running engine calls and takes their results, then draws.
    public func settle(timeout: TimeInterval = 10) {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            drainInbox()
            if !inbox.busy { break }
            usleep(200)
        } while Date() < deadline
        if dirty { draw() }
    }

    /// Reads the clock and passes the time on, as the loop does each second.
    public func tick() {
        lastTick = Date()
        let now = engine.now
        handle(.tick(ClockReading(now: now, frozen: clock?.isFrozen ?? false, offset: clock?.offset ?? 0)))
    }

    private func drainInbox() {
        for event in inbox.take() { handle(event) }
    }

    private func handle(_ event: AppEvent) {
        perform(model.update(event))
        dirty = true
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .engine(let call):
                inbox.begin()
                calls.yield(call)
            case .clock(let change):
                guard let clock else { continue }
                switch change {
                case .freeze: clock.freeze()
                case .resume: clock.resume()
                case .advance(let seconds): clock.advance(by: seconds)
                case .reset: clock.reset()
                }
                tick()
            case .quit:
                break
            }
        }
    }

    private func draw() {
        dirty = false
        terminal.draw(AppView.render(model))
        onFrame?()
    }
}
