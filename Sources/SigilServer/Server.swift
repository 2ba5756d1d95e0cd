import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import SigilCore
import SigilCrypto
import SigilJSON

/// How `sigil serve` (and the console's embedded server) listens.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The largest API request body accepted.
    public var maxRequestBytes: Int
    /// Access keys whose Signature V4 admin calls must carry; nil accepts unsigned calls,
    /// as local emulators do.
    public var accessKeys: [String: String]?
    /// How long a connection may sit without sending a whole request (or idle between
    /// requests) before it is closed.
    public var idleTimeout: Duration
    /// The most connections open at once; more wait to be accepted. Always kept below the
    /// process's file-descriptor limit (see `ConnectionLimit`).
    public var maxConnections: Int

    public init(
        host: String = "127.0.0.1", port: Int = 9229, maxRequestBytes: Int = 1 << 20, accessKeys: [String: String]? = nil,
        idleTimeout: Duration = .seconds(30), maxConnections: Int = ConnectionLimit.defaultMaximum
    ) {
        self.host = host
        self.port = port
        self.maxRequestBytes = maxRequestBytes
        self.accessKeys = accessKeys
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }
}

/// The request context of Sigil's server: Hummingbird's, plus the peer's address.
public struct SigilRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The connection, so an oversized request can have it closed.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }
}

/// The HTTP face of the engine: the AWS JSON 1.1 API, each pool's JWKS and OpenID
/// discovery document, and the upload address of user import jobs. A component that
/// can run inside another program (the console) as well as alone.
public struct SigilHTTPServer: Sendable {
    public let engine: Engine
    public let configuration: ServerConfiguration
    public let logger: Logger

    public init(engine: Engine, configuration: ServerConfiguration, logger: Logger) {
        self.engine = engine
        self.configuration = configuration
        self.logger = logger
    }

    /// The Hummingbird application, ready to run as a service.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: SigilRequestContext.self)
        router.middlewares.add(RequestLogMiddleware())
        let dispatcher = AWSJSONDispatcher(
            engine: engine, signatures: configuration.accessKeys.map { SignatureVerifier(credentials: $0) })
        let limit = configuration.maxRequestBytes
        let engine = self.engine

        router.post("/") { request, context -> Response in
            let requestId = RandomUUID.make()
            guard let body = try await BoundedBody.collect(request, upTo: limit, channel: context.channel) else {
                let reply = AWSJSONDispatcher.reply(
                    for: CognitoError(.requestEntityTooLargeException, "The request body is larger than \(limit) bytes."), operation: nil)
                var response = Self.response(reply, requestId: requestId, status: .contentTooLarge)
                response.headers[.connection] = "close"
                return response
            }
            let signed = Self.signedRequest(request, body: Data(buffer: body))
            let headers = signed.headers
            if STSQuery.isQuery(headers) { return await STSQuery.handle(signed.body, engine: engine, requestId: requestId) }
            let origin = Self.origin(request, context, requestId: requestId)
            let target = headers["x-amz-target"]
            let reply = await dispatcher.handle(target: target, body: signed.body, request: signed, context: origin)
            return Self.response(reply, requestId: requestId)
        }

        router.get("/:pool/.well-known/jwks.json") { _, context -> Response in
            let poolId = try context.parameters.require("pool")
            return Self.json(try? await engine.jwks(poolId: poolId), notFound: poolId)
        }

        router.get("/:pool/.well-known/openid-configuration") { _, context -> Response in
            let poolId = try context.parameters.require("pool")
            return Self.json(try? await Self.discovery(engine: engine, poolId: poolId), notFound: poolId)
        }

        // Sigil's identity token issuer (GetOpenIdToken), for STS and token libraries.
        router.get("/_sigil/identity/.well-known/jwks.json") { _, _ -> Response in
            Self.json(try? await engine.identityJWKS(), notFound: "identity")
        }
        router.get("/_sigil/identity/.well-known/openid-configuration") { _, _ -> Response in
            Self.json(
                [
                    "issuer": .string(engine.identityIssuer), "jwks_uri": .string(engine.identityIssuer + "/.well-known/jwks.json"),
                    "id_token_signing_alg_values_supported": ["RS256"], "subject_types_supported": ["public"],
                    "response_types_supported": ["id_token"],
                ], notFound: "identity")
        }

        router.put("/_sigil/import/:pool/:job") { request, context -> Response in
            let poolId = try context.parameters.require("pool")
            let jobId = try context.parameters.require("job")
            do {
                guard let body = try await BoundedBody.collect(request, upTo: Engine.maxImportFileBytes, channel: context.channel) else {
                    return Response(status: .contentTooLarge, headers: [.connection: "close"])
                }
                let csv = Data(buffer: body)
                try await engine.uploadUserImportFile(poolId: poolId, jobId: jobId, csv: csv)
                return Response(status: .ok)
            } catch let error as CognitoError {
                return Self.response(AWSJSONDispatcher.reply(for: error, operation: nil), requestId: RandomUUID.make())
            }
        }

        // The hosted UI's logo, where GetUICustomization's ImageUrl points.
        router.get("/:pool/:client/:version/assets/images/image.jpg") { _, context -> Response in
            guard
                let logo = try? await engine.uiLogo(
                    poolId: try context.parameters.require("pool"), clientId: try context.parameters.require("client"))
            else { return Response(status: .notFound) }
            return Response(
                status: .ok, headers: [.contentType: logo.mediaType, .cacheControl: "max-age=86400"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: logo.data)))
        }

        // Managed login branding's images (a version 2 domain's logo …).
        router.get("/:pool/managed-login/assets/:branding/:index") { _, context -> Response in
            guard let index = Int(try context.parameters.require("index")),
                let asset = try? await engine.brandingAsset(
                    poolId: try context.parameters.require("pool"), brandingId: try context.parameters.require("branding"), index: index)
            else { return Response(status: .notFound) }
            var headers: HTTPFields = [.contentType: asset.mediaType, .cacheControl: "max-age=3600"]
            // An SVG opened on its own runs no script here.
            headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
            headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.data)))
        }

        CredentialCheckRoutes.add(to: router, engine: engine, limit: limit)
        AdminRoutes.add(to: router, engine: engine, verifier: configuration.accessKeys.map { SignatureVerifier(credentials: $0) }, limit: limit)
        OAuthRoutes.add(to: router, engine: engine, limit: limit)
        LoginRoutes.add(to: router, engine: engine, limit: limit)

        // The one-click links in threat-protection notices ("Was this you?").
        router.get("/_sigil/feedback/:pool/:user/:event") { request, context -> Response in
            let query = request.uri.queryParameters
            let name = try context.parameters.require("user")
            return await Self.feedback(
                engine: engine, poolId: try context.parameters.require("pool"), username: name.removingPercentEncoding ?? name,
                eventId: try context.parameters.require("event"), token: query["token"].map(String.init), value: query["value"].map(String.init))
        }

        let connections = ConnectionLimit.allowed(configuration.maxConnections)
        return Application(
            router: router,
            server: .http1(configuration: HTTP1Channel.Configuration(idleTimeout: TimeAmount(configuration.idleTimeout))),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "Sigil",
                availableConnectionsDelegate: MaximumAvailableConnections(connections, logger: logger)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves until SIGINT or SIGTERM; requests in flight finish first.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).runService()
    }

    /// Who is asking, for the risk engine and the auth events: the first address in
    /// X-Forwarded-For (a proxy in front) or the peer's, and the user agent.
    static func origin(_ request: Request, _ context: SigilRequestContext, requestId: String) -> RequestOrigin {
        RequestOrigin(
            ipAddress: request.headers[HTTPField.Name("x-forwarded-for")!]?.split(separator: ",").first.map {
                $0.trimmingCharacters(in: .whitespaces)
            } ?? context.remoteAddress?.ipAddress,
            userAgent: request.headers[.userAgent], requestId: requestId)
    }

    /// The OpenID discovery document of a pool: its issuer (as in the tokens) and keys.
    static func discovery(engine: Engine, poolId: String) async throws -> JSONValue {
        _ = try await engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId))
        let issuer = engine.issuer(poolId: poolId)
        return [
            "issuer": .string(issuer),
            "jwks_uri": .string("\(engine.configuration.endpoint)/\(poolId)/.well-known/jwks.json"),
            "authorization_endpoint": .string(engine.configuration.endpoint + LoginRoutes.authorizePath),
            "token_endpoint": .string(engine.configuration.endpoint + OAuthRoutes.tokenPath),
            "userinfo_endpoint": .string(engine.configuration.endpoint + OAuthRoutes.userInfoPath),
            "revocation_endpoint": .string(engine.configuration.endpoint + OAuthRoutes.revokePath),
            "end_session_endpoint": .string(engine.configuration.endpoint + LoginRoutes.logoutPath),
            "code_challenge_methods_supported": ["S256"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "subject_types_supported": ["public"],
            "response_types_supported": ["code", "token"],
            "scopes_supported": ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        ]
    }

    /// Records the answer a feedback link carries and says so in a small page.
    static func feedback(engine: Engine, poolId: String, username: String, eventId: String, token: String?, value: String?) async -> Response {
        let page = { (status: HTTPResponse.Status, text: String) in
            Response(
                status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
        }
        guard let value = value.flatMap({ FeedbackValueType(rawValue: $0.capitalized) }) else {
            return page(.badRequest, "The link is incomplete: value must be valid or invalid.")
        }
        guard let token, !token.isEmpty else { return page(.badRequest, "The link is incomplete: it has no token.") }
        do {
            _ = try await engine.updateAuthEventFeedback(
                UpdateAuthEventFeedbackRequest(userPoolId: poolId, username: username, eventId: eventId, feedbackToken: token, feedbackValue: value))
        } catch let error as CognitoError {
            let status: HTTPResponse.Status =
                error.name == .notAuthorizedException ? .forbidden : error.name.rawValue.hasSuffix("NotFoundException") ? .notFound : .badRequest
            return page(status, error.description)
        } catch {
            return page(.internalServerError, "The answer could not be recorded.")
        }
        return page(
            .ok,
            value == .valid
                ? "Thank you. The sign-in is recorded as yours."
                : "Thank you. The sign-in is recorded as not yours: later sign-ins from its address or device count as riskier. Change your password."
        )
    }

    static func json(_ value: JSONValue?, notFound poolId: String) -> Response {
        guard let value, let bytes = try? value.jsonBytes() else {
            let reply = AWSJSONDispatcher.reply(for: CognitoError.userPoolNotFound(poolId), operation: nil)
            return Response(
                status: .notFound, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func response(_ reply: AWSJSONDispatcher.Reply, requestId: String, status: HTTPResponse.Status? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "application/x-amz-json-1.1"]
        headers[HTTPField.Name("x-amzn-RequestId")!] = requestId
        if let name = reply.errorName {
            headers[HTTPField.Name("x-amzn-ErrorType")!] = name + ":"
            headers[HTTPField.Name("x-amzn-ErrorMessage")!] = reply.message.map { String($0.prefix(1_000)) }
        }
        return Response(
            status: status ?? HTTPResponse.Status(code: reply.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
