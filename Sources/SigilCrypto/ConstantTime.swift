import COpenSSL

/// Compares two byte strings in time that depends only on their length (CRYPTO_memcmp),
/// so that comparing secrets (signatures, codes, hashes) leaks nothing about where they differ.
/// Returns false when the lengths differ.
public func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    guard !lhs.isEmpty else { return true }
    return lhs.withUnsafeBytes { left in
        rhs.withUnsafeBytes { right in
            CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
        }
    }
}

/// `constantTimeEquals` over the UTF-8 encodings of two strings.
public func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
    constantTimeEquals(Array(lhs.utf8), Array(rhs.utf8))
}
