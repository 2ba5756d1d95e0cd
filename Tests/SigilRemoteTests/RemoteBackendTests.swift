import Foundation
import Logging
import SigilConsole
import SigilCore
import SigilCrypto
import SigilServer
import SigilStore
import Testing

@testable import SigilRemote

/// The remote backend against a Sigil server in this process that requires Signature V4.
@Suite(.serialized) struct RemoteBackendTests {
    static let key = SigV4.Credentials(accessKeyId: "AKIACONSOLE", secret: "console-secret")

    /// Runs `body` with a server on a free port and a backend signed with `credentials`.
    func withServer(
        credentials: SigV4.Credentials? = key, sigil: Bool = false, _ body: (RemoteBackend, Engine) async throws -> Void
    ) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sigil-remote-\(UUID().uuidString).db").path
        let engine = try Engine(store: try SQLiteStore(path: path), configuration: EngineConfiguration(atRestKey: Array(repeating: 4, count: 32)))
        let server = SigilHTTPServer(
            engine: engine, configuration: ServerConfiguration(port: 0, accessKeys: [Self.key.accessKeyId: Self.key.secret]),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let running = Task { try await server.run { port in continuation.yield(port) } }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let endpoint = URL(string: "http://127.0.0.1:\(port)/")!
        let backend = RemoteBackend(
            client: CognitoAPIClient(endpoint: endpoint, region: "us-east-1", credentials: credentials),
            location: BackendLocation(kind: sigil ? .sigil : .remote, address: endpoint.absoluteString, region: "us-east-1"),
            issuerBase: "http://127.0.0.1:\(port)",
            admin: sigil ? SigilAdminClient(endpoint: endpoint, region: "us-east-1", credentials: credentials) : nil)
        defer { running.cancel() }
        try await body(backend, engine)
    }

    @Test func poolsUsersAndGroupsOverTheAPIWithSignedRequests() async throws {
        try await withServer { backend, engine in
            let pool = try await backend.createUserPool(CreateUserPoolRequest(poolName: "remote")).userPool!.id!
            for index in 0..<130 {
                _ = try await engine.adminCreateUser(
                    AdminCreateUserRequest(
                        userPoolId: pool, username: String(format: "user-%03d", index),
                        userAttributes: [AttributeType(name: "email", value: String(format: "u%03d@example.com", index))], messageAction: .suppress))
            }
            let summaries = try await backend.poolSummaries()
            #expect(summaries.map(\.name) == ["remote"] && summaries.first?.users == 130)
            // Paging forward: each page's last user holds the next page's token.
            var seen: [String] = []
            var position: UserCursor?
            repeat {
                let page = try await backend.browseUsers(UserBrowse(poolId: pool), after: position, backwards: false, limit: 60)
                seen += page.map(\.username)
                position = page.last?.position
                if page.isEmpty { break }
            } while position?.value.isEmpty == false
            #expect(seen.count == 130 && Set(seen).count == 130)
            let filtered = try await backend.browseUsers(UserBrowse(poolId: pool, filter: "user-12"), after: nil, backwards: false, limit: 60)
            #expect(filtered.map(\.username) == (120...129).map { String(format: "user-%03d", $0) })
            let byEmail = try await backend.browseUsers(UserBrowse(poolId: pool, filter: "u007@"), after: nil, backwards: false, limit: 60)
            #expect(byEmail.map(\.username) == ["user-007"])
            let grammar = try await backend.browseUsers(
                UserBrowse(poolId: pool, filter: "email = \"u042@example.com\""), after: nil, backwards: false, limit: 60)
            #expect(grammar.map(\.username) == ["user-042"])
            _ = try await backend.createGroup(CreateGroupRequest(groupName: "staff", userPoolId: pool))
            try await backend.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: pool, username: "user-007", groupName: "staff"))
            let groups = try await backend.adminListGroupsForUser(AdminListGroupsForUserRequest(username: "user-007", userPoolId: pool))
            #expect(groups.groups?.map(\.groupName) == ["staff"])
            // Cognito's errors come back as they are.
            await #expect(throws: CognitoError(.userNotFoundException, "User does not exist.")) {
                _ = try await backend.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "nobody"))
            }
            // What only Sigil keeps is refused plainly by this backend.
            await #expect {
                _ = try await backend.outboxMessages(poolId: pool, username: nil, limit: 5)
            } throws: { error in
                (error as? CognitoError)?.message.contains("does not offer an outbox") == true
            }
            // The issuer's keys, for the token inspector.
            let keys = try await backend.jwks(poolId: pool)
            #expect(keys["keys"]?.arrayValue?.isEmpty == false)
        }
    }

    @Test func unsignedOrWronglySignedRequestsAreRefused() async throws {
        try await withServer(credentials: nil) { backend, _ in
            await #expect(throws: CognitoError.self) { _ = try await backend.poolSummaries() }
        }
        try await withServer(credentials: SigV4.Credentials(accessKeyId: Self.key.accessKeyId, secret: "wrong")) { backend, _ in
            await #expect {
                _ = try await backend.poolSummaries()
            } throws: { error in
                "\(error)".contains("signature")
            }
        }
    }

    @Test func aSigilServerIsRecognisedAndItsAdminAPIRequiresTheSignature() async throws {
        try await withServer(sigil: true) { backend, engine in
            let endpoint = try #require(backend.client.endpoints[.identityProvider])
            let probe = await SigilAdminClient.probe(endpoint)
            #expect(probe.isSigil && probe.region == "us-east-1")
            let pool = try await engine.createUserPool(CreateUserPoolRequest(poolName: "admin", autoVerifiedAttributes: [.email])).userPool!.id!
            _ = try await engine.adminCreateUser(
                AdminCreateUserRequest(
                    userPoolId: pool, username: "ivy", userAttributes: [AttributeType(name: "email", value: "ivy@example.com")],
                    desiredDeliveryMediums: [.email]))
            let outbox = try await backend.outboxMessages(poolId: pool, username: nil, limit: 10)
            #expect(outbox.map(\.username) == ["ivy"] && outbox.first?.purpose == .invitation)
            let summaries = try await backend.poolSummaries()
            #expect(summaries.first?.groups == 0 && summaries.first?.clients == 0)
            let unsigned = SigilAdminClient(endpoint: endpoint, region: "us-east-1", credentials: nil)
            await #expect(throws: CognitoError.self) { let _: [PoolSummary] = try await unsigned.call("PoolSummaries") }
        }
    }
}
