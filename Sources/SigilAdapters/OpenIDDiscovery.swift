import Foundation
import SigilCore
import SigilCrypto
import SigilJSON
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Fetches an OpenID Connect issuer's keys over HTTP: its discovery document, then the
/// JWKS it names. Keys are kept ten minutes; a `kid` not among them is looked up again (at
/// most once a minute); a failure is remembered for thirty seconds, so an unreachable
/// issuer costs one timeout, not one per request.
public final class OpenIDDiscovery: OpenIDKeySource, IdentityProviderAPI {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private enum Entry {
        case keys([String: RSAKey], fetched: Date)
        case failed(Failure, at: Date)
    }

    private let cache = Mutex<[String: Entry]>([:])
    /// Answers of providers' APIs by URL: a minute when they worked, thirty seconds when not.
    private let answers = Mutex<[String: (Result<JSONValue, Failure>, at: Date)]>([:])
    private let lifetime: TimeInterval = 600
    private let refetchAfter: TimeInterval = 60
    private let failureLifetime: TimeInterval = 30
    private let timeout: TimeInterval

    public init(timeout: TimeInterval = 10) {
        self.timeout = timeout
    }

    public func keys(issuer: String, kid: String?) async throws -> [String: RSAKey] {
        let now = Date()
        switch cache.withLock({ $0[issuer] }) {
        case .keys(let keys, let fetched)?:
            let age = now.timeIntervalSince(fetched)
            let knowsKid = kid.map { keys[$0] != nil } ?? true
            if age < lifetime && (knowsKid || age < refetchAfter) { return keys }
        case .failed(let failure, let at)? where now.timeIntervalSince(at) < failureLifetime:
            throw failure
        default: break
        }
        do {
            let keys = try await fetch(issuer)
            cache.withLock { $0[issuer] = .keys(keys, fetched: now) }
            return keys
        } catch let failure as Failure {
            cache.withLock { $0[issuer] = .failed(failure, at: now) }
            throw failure
        }
    }

    public func get(_ url: String) async throws -> JSONValue {
        let now = Date()
        if let (answer, at) = answers.withLock({ $0[url] }) {
            let age = now.timeIntervalSince(at)
            switch answer {
            case .success(let json) where age < 60: return json
            case .failure(let failure) where age < failureLifetime: throw failure
            default: break
            }
        }
        let answer: Result<JSONValue, Failure>
        do {
            answer = .success(try await fetchJSON(url))
        } catch let failure as Failure {
            answer = .failure(failure)
        }
        answers.withLock { entries in
            entries = entries.filter { now.timeIntervalSince($0.value.at) < 60 }
            entries[url] = (answer, now)
        }
        return try answer.get()
    }

    private func fetch(_ issuer: String) async throws -> [String: RSAKey] {
        func trimmed(_ text: String) -> String { text.hasSuffix("/") ? String(text.dropLast()) : text }
        let discovery = try await fetchJSON(trimmed(issuer) + "/.well-known/openid-configuration")
        guard trimmed(discovery["issuer"]?.stringValue ?? "") == trimmed(issuer) else {
            throw Failure(description: "\(issuer)'s discovery document names another issuer (\(discovery["issuer"]?.stringValue ?? "none"))")
        }
        guard let jwksURI = discovery["jwks_uri"]?.stringValue else { throw Failure(description: "\(issuer)'s discovery document has no jwks_uri") }
        if issuer.hasPrefix("https://") && !jwksURI.hasPrefix("https://") {
            throw Failure(description: "\(issuer)'s jwks_uri \(jwksURI) is not https")
        }
        var keys: [String: RSAKey] = [:]
        for jwk in try await fetchJSON(jwksURI)["keys"]?.arrayValue ?? [] {
            // Keys for encryption, of other types, or that don't parse are passed over.
            guard let members = jwk.objectValue, let kid = members["kid"]?.stringValue, members["kty"]?.stringValue == "RSA",
                members["use"]?.stringValue ?? "sig" == "sig", let key = try? RSAKey(jwk: members)
            else { continue }
            keys[kid] = key
        }
        guard !keys.isEmpty else { throw Failure(description: "\(jwksURI) has no RSA signing keys") }
        return keys
    }

    /// The JSON at `address`; failures name the address without its query (which may hold
    /// an access token).
    private func fetchJSON(_ address: String) async throws -> JSONValue {
        let shown = address.split(separator: "?").first.map(String.init) ?? address
        guard let url = URL(string: address), url.scheme == "https" || url.scheme == "http" else {
            throw Failure(description: "\(shown) is not an HTTP address")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let data = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, Error>) in
            URLSession.shared.dataTask(with: request) { data, response, error in
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if let data, error == nil, status == 200 {
                    continuation.resume(returning: data)
                } else {
                    continuation.resume(throwing: Failure(description: "GET \(shown) failed: \(error.map { "\($0)" } ?? "HTTP \(status)")"))
                }
            }.resume()
        }
        guard let json = try? JSONValue(json: [UInt8](data)) else { throw Failure(description: "\(shown) did not answer JSON") }
        return json
    }
}
