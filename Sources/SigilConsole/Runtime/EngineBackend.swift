import Foundation
import SigilCore
import SigilJSON

/// The engine in this process, as the console's backend: the Cognito operations are its
/// own; the rest map onto what it keeps.
extension Engine: ConsoleBackend {
    public var location: BackendLocation {
        BackendLocation(kind: .local, address: configuration.endpoint, region: configuration.region)
    }

    public var now: Date { clock.now }
    public var apiEndpoint: String { configuration.endpoint }

    public func authorize(_ grant: SessionGrant, action: String, resource: String) async throws -> PolicyDecision {
        try await authorize(grant, action: action, resource: resource, context: [:], sourceIp: nil)
    }

    public func seedDemo() async throws -> String {
        try await DemoSeeder(engine: self).seed(DemoSeeder.Options(identityPool: true)).pool.id ?? ""
    }

    public func recentInvocations() async throws -> [TriggerInvocation] { invocations.recent }

    public func observe(_ handler: @escaping @Sendable (EngineEvent) -> Void) -> UUID { events.observe(handler) }
    public func stopObserving(_ id: UUID) { events.stopObserving(id) }
}
