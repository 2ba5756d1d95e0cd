import COpenSSL

/// Builds an `OSSL_PARAM` array whose names and values stay alive while `withParameters` runs.
///
/// OSSL_PARAM stores bare pointers; a name or buffer made from a Swift value for the
/// duration of one call would dangle, so every name and value is copied here first.
struct OSSLParameters {
    private enum Value {
        case utf8String(String)
        case octetString([UInt8])
        case unsignedInteger(bigEndian: [UInt8])
    }

    private var entries: [(name: String, value: Value)] = []

    mutating func append(_ name: String, utf8String value: String) {
        entries.append((name, .utf8String(value)))
    }

    mutating func append(_ name: String, octetString value: [UInt8]) {
        entries.append((name, .octetString(value)))
    }

    /// An unsigned integer given as big-endian bytes (OSSL_PARAM wants native byte order).
    mutating func append(_ name: String, unsignedBigEndian value: [UInt8]) {
        entries.append((name, .unsignedInteger(bigEndian: value)))
    }

    func withParameters<R>(_ body: (UnsafeMutablePointer<OSSL_PARAM>) throws -> R) rethrows -> R {
        var allocations: [UnsafeMutableRawPointer] = []
        defer { for allocation in allocations { allocation.deallocate() } }

        // Copies `bytes` followed by a zero byte, so strings are NUL-terminated too.
        func copy(_ bytes: [UInt8]) -> UnsafeMutableRawPointer {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes.count + 1, alignment: 8)
            buffer.initializeMemory(as: UInt8.self, repeating: 0, count: bytes.count + 1)
            bytes.withUnsafeBytes { source in
                if let base = source.baseAddress { buffer.copyMemory(from: base, byteCount: bytes.count) }
            }
            allocations.append(buffer)
            return buffer
        }

        var parameters: [OSSL_PARAM] = []
        for entry in entries {
            let name = copy(Array(entry.name.utf8)).assumingMemoryBound(to: CChar.self)
            switch entry.value {
            case .utf8String(let string):
                let bytes = Array(string.utf8)
                let buffer = copy(bytes).assumingMemoryBound(to: CChar.self)
                parameters.append(OSSL_PARAM_construct_utf8_string(name, buffer, bytes.count))
            case .octetString(let bytes):
                parameters.append(OSSL_PARAM_construct_octet_string(name, copy(bytes), bytes.count))
            case .unsignedInteger(let bigEndian):
                #if _endian(little)
                    let native = Array(bigEndian.reversed())
                #else
                    let native = bigEndian
                #endif
                let buffer = copy(native).assumingMemoryBound(to: UInt8.self)
                parameters.append(OSSL_PARAM_construct_BN(name, buffer, native.count))
            }
        }
        parameters.append(OSSL_PARAM_construct_end())
        return try parameters.withUnsafeMutableBufferPointer { buffer in
            // The array always holds at least the end marker, so its base address exists.
            try body(buffer.baseAddress.unsafelyUnwrapped)
        }
    }
}
