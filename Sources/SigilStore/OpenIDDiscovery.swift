import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SigilCore
import SigilCrypto
import Synchronization

/// Fetches an OpenID Connect issuer's keys over HTTP: its discovery document, then the
/// JWKS it names. Keys are kept ten minutes; a `kid` not among them is looked up again.
public final class OpenIDDiscovery: OpenIDKeySource {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let cache = Mutex<[String: (keys: [String: RSAKey], fetched: Date)]>([:])
    private let lifetime: TimeInterval = 600
    private let timeout: TimeInterval

    public init(timeout: TimeInterval = 10) {
        self.timeout = timeout
    }

    public func keys(issuer: String) throws -> [String: RSAKey] {
        if let entry = cache.withLock({ $0[issuer] }), Date().timeIntervalSince(entry.fetched) < lifetime { return entry.keys }
        let discovery = try fetchJSON(issuer.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/.well-known/openid-configuration")
        guard let jwksURI = discovery["jwks_uri"]?.stringValue else { throw Failure(description: "\(issuer)'s discovery document has no jwks_uri") }
        var keys: [String: RSAKey] = [:]
        for jwk in try fetchJSON(jwksURI)["keys"]?.arrayValue ?? [] {
            guard let members = jwk.objectValue, let kid = members["kid"]?.stringValue, members["kty"]?.stringValue == "RSA" else { continue }
            keys[kid] = try RSAKey(jwk: members)
        }
        guard !keys.isEmpty else { throw Failure(description: "\(jwksURI) has no RSA keys") }
        cache.withLock { $0[issuer] = (keys, Date()) }
        return keys
    }

    private func fetchJSON(_ address: String) throws -> JSONValue {
        guard let url = URL(string: address), url.scheme == "https" || url.scheme == "http" else { throw Failure(description: "\(address) is not an HTTP address") }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let result = Mutex<Result<Data, Failure>?>(nil)
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let outcome: Result<Data, Failure> =
                if let data, error == nil, status == 200 { .success(data) } else {
                    .failure(Failure(description: "GET \(address) failed: \(error.map { "\($0)" } ?? "HTTP \(status)")"))
                }
            result.withLock { $0 = outcome }
            done.signal()
        }.resume()
        done.wait()
        guard let outcome = result.withLock({ $0 }) else { throw Failure(description: "GET \(address) gave no answer") }
        let data = try outcome.get()
        guard let json = try? JSONValue(json: [UInt8](data)) else { throw Failure(description: "\(address) did not answer JSON") }
        return json
    }
}
