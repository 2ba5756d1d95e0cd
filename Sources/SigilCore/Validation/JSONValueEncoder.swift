import Foundation
import SigilCrypto
import SigilJSON

/// Encodes a Codable value straight into a `JSONValue` tree, as JSONEncoder would write
/// it (dates as epoch seconds, data as base64), without producing and re-parsing text.
/// Request validation runs on every call, so this is on the hot path.
struct JSONValueEncoder {
    func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = Box()
        try root.encode(value, codingPath: [])
        return root.resolved
    }
}

/// A mutable slot in the tree being built.
private final class Box {
    var value: JSONValue = .null
    var members: [String: Box]?
    var elements: [Box]?

    /// The finished value, with nested containers resolved.
    var resolved: JSONValue {
        if let members { return .object(members.mapValues(\.resolved)) }
        if let elements { return .array(elements.map(\.resolved)) }
        return value
    }
}

extension Box {
    fileprivate func encode(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        switch value {
        case let date as Date:
            self.value = .double(date.timeIntervalSince1970)
        case let data as Data:
            self.value = .string(data.base64EncodedString())
        case let url as URL:
            self.value = .string(url.absoluteString)
        default:
            try value.encode(to: TreeEncoder(box: self, codingPath: codingPath))
            if members != nil || elements != nil { self.value = resolved }
        }
    }
}

private struct TreeEncoder: Encoder {
    let box: Box
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if box.members == nil { box.members = [:] }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if box.elements == nil { box.elements = [] }
        return UnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(box: box, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: Box
    let codingPath: [any CodingKey]

    private func slot(_ key: Key) -> Box {
        let child = Box()
        box.members?[key.stringValue] = child
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { slot(key).value = .null }
    mutating func encode(_ value: Bool, forKey key: Key) throws { slot(key).value = .bool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { slot(key).value = .string(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { slot(key).value = .double(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { slot(key).value = .int(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let child = slot(key)
        try child.encode(value, codingPath: codingPath + [key])
        child.value = child.resolved
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = slot(key)
        child.members = [:]
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = slot(key)
        child.elements = []
        return UnkeyedContainer(box: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(box: box, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(box: slot(key), codingPath: codingPath + [key]) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: Box
    let codingPath: [any CodingKey]
    var count: Int { box.elements?.count ?? 0 }

    private func slot() -> Box {
        let child = Box()
        box.elements?.append(child)
        return child
    }

    mutating func encodeNil() throws { slot().value = .null }
    mutating func encode(_ value: Bool) throws { slot().value = .bool(value) }
    mutating func encode(_ value: String) throws { slot().value = .string(value) }
    mutating func encode(_ value: Double) throws { slot().value = .double(value) }
    mutating func encode(_ value: Int) throws { slot().value = .int(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let child = slot()
        try child.encode(value, codingPath: codingPath)
        child.value = child.resolved
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = slot()
        child.members = [:]
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = slot()
        child.elements = []
        return UnkeyedContainer(box: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(box: slot(), codingPath: codingPath) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let box: Box
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.value = .null }
    mutating func encode(_ value: Bool) throws { box.value = .bool(value) }
    mutating func encode(_ value: String) throws { box.value = .string(value) }
    mutating func encode(_ value: Double) throws { box.value = .double(value) }
    mutating func encode(_ value: Int) throws { box.value = .int(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try box.encode(value, codingPath: codingPath)
        box.value = box.resolved
    }
}
