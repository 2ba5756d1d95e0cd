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

        init(_ backend: any ConsoleBackend, settings: ConsoleSettings = ConsoleSettings(offerDemo: false)) {
            app = ConsoleApp(engine: backend, terminal: terminal, settings: settings)
            app.settle()
        }

        var text: String {
            app.settle()
            return terminal.screen
        }

        func press(_ keys: Key...) { app.send(keys) }
        func type(_ text: String) { app.type(text) }
    }

    func scenario(
        _ attachment: Attachment, readOnly: Bool = false, _ body: @escaping (Screen, Engine, String) async throws -> Void
    ) async throws {
        try await RemoteBackendTests().withServer(sigil: true) { remote, engine in
            let pool = try await engine.createUserPool(CreateUserPoolRequest(poolName: "shared")).userPool!.id!
            _ = try await engine.createUserPoolClient(
                CreateUserPoolClientRequest(
                    userPoolId: pool, clientName: "web", explicitAuthFlows: [.allowUserSrpAuth, .allowRefreshTokenAuth, .allowAdminUserPasswordAuth]))
            for name in ["ann", "ben", "cara"] {
                _ = try await engine.adminCreateUser(
                    AdminCreateUserRequest(
                        userPoolId: pool, username: name, userAttributes: [AttributeType(name: "email", value: "\(name)@example.com")],
                        messageAction: .suppress))
                _ = try await engine.adminSetUserPassword(
                    AdminSetUserPasswordRequest(userPoolId: pool, username: name, password: "Passw0rd!\(name)", permanent: true))
            }
            let backend: any ConsoleBackend = attachment == .local ? engine : remote
            let settings = ConsoleSettings(
                offerDemo: false, attachedTo: attachment == .remote ? "\(remote.location.address) (us-east-1)" : nil, readOnly: readOnly)
            try await body(Screen(readOnly ? ReadOnlyBackend(backend) : backend, settings: settings), engine, pool)
        }
    }

    @Test(arguments: Attachment.allCases) func browseAndFilterUsers(_ attachment: Attachment) async throws {
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

    @Test(arguments: Attachment.allCases) func readOnlyRefusesChangesAndRemoteConfirmationsSayWhere(_ attachment: Attachment) async throws {
        try await scenario(attachment, readOnly: true) { screen, engine, pool in
            #expect(screen.text.contains("read-only"))
            screen.press(.character("d"))
            let asked = screen.text
            if attachment == .remote { #expect(asked.contains("On http://127.0.0.1") && asked.contains(pool)) }
            screen.press(.character("y"))
            #expect(screen.text.contains("read-only (--read-only)"))
            let ann = try await engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "ann"))
            #expect(ann.enabled == true)
        }
    }

    @Test(arguments: Attachment.allCases) func theOutboxAndChangesMadeElsewhereShowLive(_ attachment: Attachment) async throws {
        try await scenario(attachment) { screen, engine, pool in
            #expect(screen.text.contains("ann@example.com"))
            // Another client adds a user: the directory shows it without a key pressed.
            _ = try await engine.adminCreateUser(
                AdminCreateUserRequest(
                    userPoolId: pool, username: "dan", userAttributes: [AttributeType(name: "email", value: "dan@example.com")],
                    desiredDeliveryMediums: [.email]))
            var seen = false
            for _ in 0..<50 where !seen {
                seen = screen.text.contains("dan@example.com")
                if !seen { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(seen)
            screen.press(.character("6"))
            #expect(screen.text.contains("invitation") && screen.text.contains("dan"))
        }
    }

    @Test(arguments: Attachment.allCases) func theRiskDashboard(_ attachment: Attachment) async throws {
        try await scenario(attachment) { screen, engine, pool in
            try await engine.setThreatProtectionMode(poolId: pool, .audit)
            let client = try #require(
                try await engine.listUserPoolClients(ListUserPoolClientsRequest(userPoolId: pool)).userPoolClients?.first?.clientId)
            _ = try await engine.adminInitiateAuth(
                AdminInitiateAuthRequest(
                    userPoolId: pool, clientId: client, authFlow: .adminUserPasswordAuth,
                    authParameters: ["USERNAME": "ben", "PASSWORD": "Passw0rd!ben"])
            )
            .authenticationResult
            screen.press(.character("8"))
            var text = ""
            for _ in 0..<30 {
                text = screen.text
                if text.contains("Threat protection AUDIT") && text.contains("ben") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(text.contains("Threat protection AUDIT") && text.contains("1 event"), "\(text)")
        }
    }
}
