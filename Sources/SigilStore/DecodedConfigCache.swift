import Foundation
import Synchronization

/// Remembers decoded configurations (pools, app clients) by their JSON text. Every request
/// reads its pool and client; decoding a pool's schema each time would cost more than
/// the rest of a sign-in's storage work. An entry is used only while the stored text
/// is unchanged, so it can never be stale.
final class DecodedConfigCache<Value: Sendable>: Sendable {
    private let entries = Mutex<[String: (text: String, value: Value)]>([:])
    private let capacity: Int

    init(capacity: Int = 1_000) {
        self.capacity = capacity
    }

    func value(for key: String, text: String, decode: (String) throws -> Value) throws -> Value {
        if let hit = entries.withLock({ $0[key] }), hit.text == text { return hit.value }
        let value = try decode(text)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (text, value)
        }
        return value
    }
}
