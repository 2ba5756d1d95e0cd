import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SigilCore
import SigilCrypto

/// The browser side of managed login: its cookies (the single sign-on session and the
/// form token), the headers every page carries, and redirects.
struct BrowserExchange {
    static let sessionCookie = "cognito"
    static let csrfCookie = "XSRF-TOKEN"

    let cookies: [String: String]
    /// Whether the browser reached the server over HTTPS (directly or through a proxy
    /// that says so), which makes the cookies Secure.
    let secure: Bool
    let host: String?

    init(_ request: Request) {
        var cookies: [String: String] = [:]
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, cookies[parts[0]] == nil { cookies[parts[0]] = parts[1] }
            }
        }
        self.cookies = cookies
        secure = request.headers[HTTPField.Name("x-forwarded-proto")!]?.lowercased() == "https" || request.head.scheme == "https"
        host = request.headers[HTTPField.Name("x-forwarded-host")!] ?? request.head.authority
    }

    /// The form token this browser has, or a new one (set with the page that shows it).
    var csrfToken: (value: String, isNew: Bool) {
        if let token = cookies[Self.csrfCookie], token.count == 43 { return (token, false) }
        return (Base64URL.encode(SecureRandom.bytes(32)), true)
    }

    /// Whether a posted form carries this browser's form token: a form from another site
    /// cannot read the cookie, so it cannot.
    func acceptsForm(_ form: [String: String]) -> Bool {
        guard let cookie = cookies[Self.csrfCookie], let given = form["_csrf"], !given.isEmpty else { return false }
        return constantTimeEquals(cookie, given)
    }

    /// `Set-Cookie` for a cookie the page's script never needs to read.
    func cookie(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    /// The headers of every page: no caching, no framing, no sniffing, no referrer (a
    /// page's address holds the app's state).
    static func pageHeaders() -> HTTPFields {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
        ]
        headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: http: https:; frame-ancestors 'none'; base-uri 'none'"
        return headers
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok, cookies: [String] = []) -> Response {
        var headers = pageHeaders()
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store", HTTPField.Name("Referrer-Policy")!: "no-referrer"]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .found, headers: headers)
    }
}
