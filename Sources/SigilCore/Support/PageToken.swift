import Foundation
import SigilCrypto

/// Opaque paging tokens: the position after which the next page starts, so a page
/// never repeats or skips an item that existed when paging began.
enum PageToken {
    static func encode(_ position: String) -> String {
        Base64URL.encode(Array(("p1:" + position).utf8))
    }

    static func decode(_ token: String, field: String) throws -> String {
        guard let bytes = Base64URL.decode(token), let text = String(bytes: bytes, encoding: .utf8), text.hasPrefix("p1:")
        else { throw CognitoError.invalidParameter("Invalid \(field): the token was not issued by this service.") }
        return String(text.dropFirst(3))
    }

    static func encode<T: Encodable>(_ cursor: T) -> String {
        let data = (try? JSONCoding.encoder.encode(cursor)) ?? Data()
        return encode(String(decoding: data, as: UTF8.self))
    }

    static func decode<T: Decodable>(_ token: String, field: String, as type: T.Type) throws -> T {
        let text = try decode(token, field: field)
        guard let value = try? JSONCoding.decoder.decode(T.self, from: Data(text.utf8)) else {
            throw CognitoError.invalidParameter("Invalid \(field): the token was not issued by this service.")
        }
        return value
    }
}
