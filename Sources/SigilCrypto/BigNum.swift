import COpenSSL

/// A minimal owner of an OpenSSL BIGNUM for the SRP arithmetic. Not shared between threads:
/// each SRP computation makes its own.
final class BigNum {
    let pointer: OpaquePointer

    /// Zero.
    init() throws {
        guard let pointer = BN_new() else { throw CryptoError.openSSL("BN_new") }
        self.pointer = pointer
    }

    /// The unsigned big-endian integer `bytes` (empty means zero).
    init(bytes: [UInt8]) throws {
        guard bytes.count <= Int(Int32.max), let pointer = BN_bin2bn(bytes, Int32(bytes.count), nil) else {
            throw CryptoError.openSSL("BN_bin2bn")
        }
        self.pointer = pointer
    }

    deinit { BN_clear_free(pointer) }

    /// Minimal big-endian bytes: no leading zeros, and empty for zero.
    var bytes: [UInt8] {
        var output = [UInt8](repeating: 0, count: byteCount)
        if !output.isEmpty { _ = BN_bn2bin(pointer, &output) }
        return output
    }

    /// Number of bytes in the minimal big-endian form.
    var byteCount: Int { Int(sigil_bn_num_bytes(pointer)) }

    var isZero: Bool { BN_is_zero(pointer) == 1 }

    /// Marks a secret exponent so that modular exponentiation uses the constant-time path.
    func markSecret() { BN_set_flags(pointer, sigil_bn_flag_consttime()) }

    /// self mod `modulus`, in 0..<modulus.
    func reduced(modulo modulus: BigNum, context: BigNumContext) throws -> BigNum {
        let result = try BigNum()
        guard BN_nnmod(result.pointer, pointer, modulus.pointer, context.pointer) == 1 else {
            throw CryptoError.openSSL("BN_nnmod")
        }
        return result
    }

    /// self^exponent mod `modulus`.
    func power(_ exponent: BigNum, modulo modulus: BigNum, context: BigNumContext) throws -> BigNum {
        let result = try BigNum()
        guard BN_mod_exp(result.pointer, pointer, exponent.pointer, modulus.pointer, context.pointer) == 1 else {
            throw CryptoError.openSSL("BN_mod_exp")
        }
        return result
    }

    /// (self * other) mod `modulus`.
    func multiplied(by other: BigNum, modulo modulus: BigNum, context: BigNumContext) throws -> BigNum {
        let result = try BigNum()
        guard BN_mod_mul(result.pointer, pointer, other.pointer, modulus.pointer, context.pointer) == 1 else {
            throw CryptoError.openSSL("BN_mod_mul")
        }
        return result
    }

    /// (self + other) mod `modulus`.
    func adding(_ other: BigNum, modulo modulus: BigNum, context: BigNumContext) throws -> BigNum {
        let result = try BigNum()
        guard BN_mod_add(result.pointer, pointer, other.pointer, modulus.pointer, context.pointer) == 1 else {
            throw CryptoError.openSSL("BN_mod_add")
        }
        return result
    }

    /// (self - other) mod `modulus`, in 0..<modulus.
    func subtracting(_ other: BigNum, modulo modulus: BigNum, context: BigNumContext) throws -> BigNum {
        let result = try BigNum()
        guard BN_mod_sub(result.pointer, pointer, other.pointer, modulus.pointer, context.pointer) == 1 else {
            throw CryptoError.openSSL("BN_mod_sub")
        }
        return result
    }

    /// self * other + addend, not reduced (the client's SRP exponent a + u*x).
    func multiplied(by other: BigNum, adding addend: BigNum, context: BigNumContext) throws -> BigNum {
        let product = try BigNum()
        let result = try BigNum()
        guard BN_mul(product.pointer, pointer, other.pointer, context.pointer) == 1,
            BN_add(result.pointer, product.pointer, addend.pointer) == 1
        else { throw CryptoError.openSSL("BN_mul/BN_add") }
        return result
    }
}

/// Scratch space for BIGNUM operations (BN_CTX); one per computation.
final class BigNumContext {
    let pointer: OpaquePointer

    init() throws {
        guard let pointer = BN_CTX_new() else { throw CryptoError.openSSL("BN_CTX_new") }
        self.pointer = pointer
    }

    deinit { BN_CTX_free(pointer) }
}
