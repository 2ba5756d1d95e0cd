import Foundation
import SigilCore
import SigilCrypto
import SigilJSON

/// A JWT taken apart and checked: its header and claims, the pool it claims to come
/// from, and every problem found (signature, algorithm, times, issuer, audience, use).
public struct TokenReport: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public var header: [Field] = []
    public var claims: [Field] = []
    /// Everything wrong with the token; empty when it is valid.
    public var problems: [String] = []
    public var poolId: String?
    public var tokenUse: String?
    public var expires: Date?

    public var isValid: Bool { problems.isEmpty }

    /// The report as lines: the verdict (or every problem), then header and claims.
    public func lines(valid verdict: String) -> [DetailLine] {
        var lines: [DetailLine] = []
        if isValid {
            lines.append(DetailLine("Check", "✓ " + verdict, .success))
        } else {
            lines += problems.map { DetailLine("Problem", "✗ " + $0, .danger) }
        }
        if !header.isEmpty {
            lines += [DetailLine(""), .title("Header")] + header.map { DetailLine($0.name, $0.value) }
        }
        if !claims.isEmpty {
            lines += [DetailLine(""), .title("Claims")] + claims.map { DetailLine($0.name, $0.value) }
        }
        return lines
    }

    /// Checks `token` against the pool named by its issuer, at the engine's time.
    public static func inspect(_ token: String, engine: any ConsoleBackend) async -> TokenReport {
        var report = TokenReport()
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        let decoded: DecodedJWT
        do {
            decoded = try JWT.decode(trimmed)
        } catch {
            report.problems = ["\(error)"]
            return report
        }
        let now = engine.now
        report.header = decoded.header.keys.sorted().map { Field(name: $0, value: text(decoded.header[$0]!, name: $0, now: now)) }
        report.claims = order(decoded.claims.keys).map { Field(name: $0, value: text(decoded.claims[$0]!, name: $0, now: now)) }
        report.tokenUse = decoded.claims["token_use"]?.stringValue
        report.expires = decoded.claims["exp"]?.doubleValue.map { Date(timeIntervalSince1970: $0) }

        // The issuer names the pool: <issuer base>/<pool id>.
        let issuer = decoded.claims["iss"]?.stringValue ?? ""
        let poolId = issuer.split(separator: "/").last.map(String.init) ?? ""
        var keys: [String: RSAKey] = [:]
        var expectedIssuer = issuer
        if !poolId.isEmpty, let jwks = try? await engine.jwks(poolId: poolId) {
            report.poolId = poolId
            expectedIssuer = engine.issuer(poolId: poolId)
            for key in jwks["keys"]?.arrayValue ?? [] {
                if let kid = key["kid"]?.stringValue, let object = key.objectValue, let parsed = try? RSAKey(jwk: object) { keys[kid] = parsed }
            }
        }
        var problems = JWTValidator(keys: keys, issuer: expectedIssuer).problems(in: trimmed, now: now).map(\.description)
        if report.poolId == nil {
            problems.insert(issuer.isEmpty ? "Token has no issuer (iss)" : "Issuer \(issuer) is not a user pool of this Sigil", at: 0)
            problems.removeAll { $0.hasPrefix("Unknown signing key") }
        } else if issuer != expectedIssuer {
            problems.append("Issuer \(issuer) should be \(expectedIssuer)")
        }
        switch report.tokenUse {
        case "id", "access": break
        case nil: problems.append("Token lacks the token_use claim")
        case let use?: problems.append("token_use is \(use); a user pool issues id and access tokens")
        }
        if let poolId = report.poolId {
            let client = report.tokenUse == "access" ? decoded.claims["client_id"]?.stringValue : decoded.claims["aud"]?.stringValue
            if let client {
                let known = await (try? engine.describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: poolId, clientId: client))) != nil
                if !known { problems.append("Client \(client) is not an app client of \(poolId)") }
            } else {
                problems.append(report.tokenUse == "access" ? "Token lacks the client_id claim" : "Token lacks the aud claim")
            }
        }
        report.problems = problems
        return report
    }

    /// The usual claims first, the rest by name.
    private static func order(_ names: Dictionary<String, JSONValue>.Keys) -> [String] {
        let first = ["sub", "token_use", "iss", "aud", "client_id", "username", "cognito:username", "email", "scope", "auth_time", "iat", "exp"]
        return first.filter(names.contains) + names.filter { !first.contains($0) }.sorted()
    }

    /// A claim as text: times as dates too, other values as JSON.
    static func text(_ value: JSONValue, name: String, now: Date) -> String {
        if ["exp", "iat", "nbf", "auth_time"].contains(name), let seconds = value.doubleValue {
            let date = Date(timeIntervalSince1970: seconds)
            let delta = date.timeIntervalSince(now)
            let relative = delta >= 0 ? "in \(ConsoleDate.duration(delta))" : "\(ConsoleDate.duration(-delta)) ago"
            return "\(Int(seconds)) (\(ConsoleDate.string(date)) UTC, \(relative))"
        }
        if let text = value.stringValue { return text }
        return (try? value.jsonString()) ?? "\(value)"
    }
}
