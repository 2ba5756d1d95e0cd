import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SigilCore
import SigilJSON

/// The OAuth 2.0 endpoints of managed login, at the server's own address (the client id
/// names the pool): `POST /oauth2/token` and `POST /oauth2/revoke`.
enum OAuthRoutes {
    static let tokenPath = "/oauth2/token"
    static let revokePath = "/oauth2/revoke"
    static let userInfoPath = "/oauth2/userInfo"
    /// Cognito's Cache-Control on the OAuth endpoints.
    static let noCache = "no-cache, no-store, max-age=0, must-revalidate"

    static func add(to router: Router<SigilRequestContext>, engine: Engine, limit: Int) {
        formRoute(tokenPath, on: router, limit: limit) { form, authorization, origin in
            let tokens = try await token(form: form, authorization: authorization, origin: origin, engine: engine)
            var fields: [String: JSONValue] = [
                "access_token": .string(tokens.accessToken), "expires_in": .int(tokens.expiresIn), "token_type": .string(tokens.tokenType),
            ]
            if let id = tokens.idToken { fields["id_token"] = .string(id) }
            if let refresh = tokens.refreshToken { fields["refresh_token"] = .string(refresh) }
            return json(.object(fields), status: .ok)
        }
        router.get(RouterPath(userInfoPath)) { request, _ in await userInfo(request, engine: engine) }
        router.post(RouterPath(userInfoPath)) { request, _ in await userInfo(request, engine: engine) }
        formRoute(revokePath, on: router, limit: limit) { form, authorization, _ in
            try await revoke(form: form, authorization: authorization, engine: engine)
            return Response(status: .ok, headers: [.cacheControl: noCache])
        }
    }

    /// A POST endpoint taking a form: anything else is answered with a bare 405, as
    /// Cognito does. `handle` runs on a work thread (one hop for the whole request, as the
    /// API's requests); an `OAuthError` it throws becomes Cognito's error JSON.
    private static func formRoute(
        _ path: String, on router: Router<SigilRequestContext>, limit: Int,
        handle: @escaping @Sendable ([String: String], String?, RequestOrigin) async throws -> Response
    ) {
        router.post(RouterPath(path)) { request, context -> Response in
            guard let body = try await BoundedBody.collect(request, upTo: limit, channel: context.channel) else {
                return failure(OAuthError(.invalidRequest, "The request body is too large."))
            }
            guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded") else {
                return Response(status: .methodNotAllowed)
            }
            let form = FormBody.parse(Data(buffer: body))
            let authorization = request.headers[.authorization]
            let origin = SigilHTTPServer.origin(request, context, requestId: RandomUUID.make())
            do {
                return try await BlockingWork.run { try await handle(form, authorization, origin) }
            } catch let error as OAuthError {
                return failure(error)
            } catch let error as CognitoError where error.name.rawValue.contains("Lambda") {
                // A trigger refused or failed: Cognito says so as invalid_request.
                return failure(OAuthError(.invalidRequest, error.message))
            } catch {
                return json(["error": "server_error"], status: .internalServerError)
            }
        }
    }

    /// The user behind a Bearer access token, as JSON; a missing, invalid or expired token
    /// is a 401 that says why in `WWW-Authenticate`, as RFC 6750 has it.
    static func userInfo(_ request: Request, engine: Engine) async -> Response {
        let header = request.headers[.authorization] ?? ""
        guard header.lowercased().hasPrefix("bearer "), case let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces), !token.isEmpty
        else {
            return bearerRefusal("invalid_request", "The request has no Bearer access token.", status: .unauthorized)
        }
        do {
            let info = try await BlockingWork.run { try await engine.userInfo(accessToken: token) }
            return json(.object(info.mapValues(JSONValue.string)), status: .ok)
        } catch let error as CognitoError {
            let scope = error.message.contains("scopes")
            return bearerRefusal(scope ? "insufficient_scope" : "invalid_token", error.message, status: scope ? .forbidden : .unauthorized)
        } catch {
            return json(["error": "server_error"], status: .internalServerError)
        }
    }

    private static func bearerRefusal(_ code: String, _ description: String, status: HTTPResponse.Status) -> Response {
        var response = json(["error": .string(code), "error_description": .string(description)], status: status)
        response.headers[.wwwAuthenticate] =
            "Bearer error=\"\(code)\", error_description=\"\(description.replacingOccurrences(of: "\"", with: "'"))\""
        return response
    }

    /// Revokes a refresh token (and the access tokens issued with it), as RevokeToken does.
    static func revoke(form: [String: String], authorization: String?, engine: Engine) async throws {
        guard let token = form["token"], !token.isEmpty else { throw OAuthError(.invalidRequest, "token is missing.") }
        let (clientId, secret) = try clientCredentials(form: form, authorization: authorization)
        do {
            _ = try await engine.revokeToken(RevokeTokenRequest(token: token, clientId: clientId, clientSecret: secret))
        } catch let error as CognitoError {
            switch error.name {
            case .notAuthorizedException: throw OAuthError(.invalidClient)
            default: throw OAuthError(.invalidRequest, error.message)
            }
        }
    }

    /// Reads the grant and the client's credentials and hands them to the engine.
    static func token(form: [String: String], authorization: String?, origin: RequestOrigin, engine: Engine) async throws -> OAuthTokens {
        guard let grant = form["grant_type"], !grant.isEmpty else { throw OAuthError(.invalidRequest, "grant_type is missing.") }
        let (clientId, secret) = try clientCredentials(form: form, authorization: authorization)
        switch grant {
        case "client_credentials":
            return try await engine.clientCredentialsToken(clientId: clientId, clientSecret: secret, scope: form["scope"])
        case "authorization_code":
            guard let code = form["code"], !code.isEmpty else { throw OAuthError(.invalidRequest, "code is missing.") }
            return try await engine.authorizationCodeGrant(
                clientId: clientId, clientSecret: secret, code: code, redirectUri: form["redirect_uri"], codeVerifier: form["code_verifier"],
                context: origin)
        case "refresh_token":
            guard let refreshToken = form["refresh_token"], !refreshToken.isEmpty else {
                throw OAuthError(.invalidRequest, "refresh_token is missing.")
            }
            return try await engine.refreshTokenGrant(clientId: clientId, clientSecret: secret, refreshToken: refreshToken, context: origin)
        default:
            throw OAuthError(.unsupportedGrantType)
        }
    }

    /// The client's id and secret: HTTP Basic, or `client_id` and `client_secret` in the
    /// form (a public client sends its id alone).
    static func clientCredentials(form: [String: String], authorization: String?) throws -> (id: String, secret: String?) {
        var clientId = form["client_id"]
        var secret = form["client_secret"]
        if let authorization {
            guard let basic = BasicCredentials(header: authorization) else { throw OAuthError(.invalidClient) }
            if let clientId, clientId != basic.user { throw OAuthError(.invalidClient) }
            clientId = basic.user
            secret = basic.password
        }
        guard let clientId, !clientId.isEmpty else { throw OAuthError(.invalidClient) }
        return (clientId, secret)
    }

    static func failure(_ error: OAuthError) -> Response {
        var fields: [String: JSONValue] = ["error": .string(error.code.rawValue)]
        if let detail = error.detail { fields["error_description"] = .string(detail) }
        return json(.object(fields), status: .badRequest)
    }

    /// JSON that no cache keeps, with the headers Cognito's token endpoint sends.
    static func json(_ value: JSONValue, status: HTTPResponse.Status) -> Response {
        let bytes = (try? value.jsonBytes()) ?? Array("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/json;charset=UTF-8", .cacheControl: noCache]
        headers[HTTPField.Name("Pragma")!] = "no-cache"
        headers[.expires] = "0"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// An `application/x-www-form-urlencoded` body: `+` is a space, `%XX` a byte; a name
/// given twice keeps its first value.
enum FormBody {
    static func parse(_ body: Data) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), !name.isEmpty, fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return fields
    }

    static func decode(_ text: Substring) -> String? {
        guard text.contains(where: { $0 == "+" || $0 == "%" }) else { return String(text) }
        return text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// `Authorization: Basic base64(user:password)`, each part form-encoded (RFC 6749 2.3.1).
struct BasicCredentials {
    let user: String
    let password: String

    init?(header: String) {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        guard let user = FormBody.decode(text[..<colon]), let password = FormBody.decode(text[text.index(after: colon)...]) else { return nil }
        self.user = user
        self.password = password
    }
}
