import Foundation
import SigilConsole
import SigilCore
import SigilCrypto
import Testing

@testable import SigilRemote

/// The same screens, driven key by key, against the engine in this process and against
/// the same store through a signed remote API: what a person sees must not differ.
@Suite(.serialized) struct SharedScreenTests {
    enum Attachment: String, CaseIterable, CustomTestStringConvertible {
        case local, remote
        var testDescription: String { rawValue }
    }

    /// The console on a headless terminal, waiting for its calls as a person waits.
    final class Screen {
        let terminal = HeadlessTerminal(width: 110, height: 32)
        let app: ConsoleApp

        init(_ backend: any ConsoleBackend) {
            app = ConsoleApp(engine: backend, terminal: terminal, settings: ConsoleSettings(offerDemo: false))
            app.settle()
        }

        var text: String {
            app.settle()
            return terminal.screen
        }

        func press(_ keys: Key...) { app.send(keys) }
        func type(_ text: String) { app.type(text) }
    }

    func scenario(_ attachment: Attachment, _ body: @escaping (Screen, Engine, String) async throws -> Void) async throws {
        try await RemoteBackendTests().withServer { remote, engine in
            let pool = try await engine.createUserPool(CreateUserPoolRequest(poolName: "shared")).userPool!.id!
            _ = try await engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: pool, clientName: "web", explicitAuthFlows: [.allowUserSrpAuth, .allowRefreshTokenAuth]))
            for name in ["ann", "ben", "cara"] {
                _ = try await engine.adminCreateUser(
                    AdminCreateUserRequest(
                        userPoolId: pool, username: name, userAttributes: [AttributeType(name: "email", value: "\(name)@example.com")],
                        messageAction: .suppress))
                _ = try await engine.adminSetUserPassword(
                    AdminSetUserPasswordRequest(userPoolId: pool, username: name, password: "Passw0rd!\(name)", permanent: true))
            }
            try await body(Screen(attachment == .local ? engine : remote), engine, pool)
        }
    }

    @Test(arguments: Attachment.allCases) func browseFilterAndDisableAUser(_ attachment: Attachment) async throws {
        try await scenario(attachment) { screen, engine, pool in
            // One pool: the console opens its users.
            #expect(screen.text.contains("ann@example.com") && screen.text.contains("cara@example.com"))
            screen.press(.character("/"))
            screen.type("be")
            screen.press(.enter)
            let filtered = screen.text
            #expect(filtered.contains("ben@example.com") && !filtered.contains("ann@example.com"))
            screen.press(.character("1"))
            #expect(screen.text.contains("shared") && screen.text.contains(pool))
            _ = try await engine.adminDisableUser(AdminDisableUserRequest(userPoolId: pool, username: "ann"))
        }
    }

    @Test(arguments: Attachment.allCases) func srpSignInOnTheHostedPage(_ attachment: Attachment) async throws {
        try await scenario(attachment) { screen, _, _ in
            screen.press(.character("5"), .enter)
            screen.type("cara")
            screen.press(.tab)
            screen.type("Passw0rd!cara")
            screen.press(.enter)
            let text = screen.text
            #expect(text.contains("Signed in as cara") && text.contains("✓ valid"), "\(text)")
        }
    }
}
