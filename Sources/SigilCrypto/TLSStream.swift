import COpenSSL
import Foundation

/// A TLS client session over a connected socket (for SMTP's STARTTLS or implicit TLS):
/// TLS 1.2 or later, the server's certificate checked against the system's trusted
/// authorities (or a given CA file) and the host name, unless checking is turned off.
public final class TLSStream {
    private let context: OpaquePointer
    private let ssl: OpaquePointer

    /// Performs the handshake on `socket`, which stays owned by the caller.
    public init(socket: Int32, host: String, caFile: String? = nil, verify: Bool = true) throws {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw CryptoError.openSSL("SSL_CTX_new") }
        self.context = context
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw CryptoError.openSSL("SSL_new")
        }
        self.ssl = ssl
        _ = sigil_ssl_ctx_min_tls12(context)
        if verify {
            let loaded = caFile.map { SSL_CTX_load_verify_locations(context, $0, nil) } ?? SSL_CTX_set_default_verify_paths(context)
            guard loaded == 1 else { throw CryptoError.openSSL("loading trusted certificates\(caFile.map { " from \($0)" } ?? "")") }
            SSL_set_verify(ssl, SSL_VERIFY_PEER, nil)
            guard SSL_set1_host(ssl, host) == 1 else { throw CryptoError.openSSL("SSL_set1_host") }
        }
        _ = sigil_ssl_set_server_name(ssl, host)
        guard SSL_set_fd(ssl, socket) == 1 else { throw CryptoError.openSSL("SSL_set_fd") }
        guard SSL_connect(ssl) == 1 else {
            let result = SSL_get_verify_result(ssl)
            if result != X509_V_OK, let reason = X509_verify_cert_error_string(Int(result)) {
                throw CryptoError.openSSL("TLS handshake with \(host): certificate not trusted (\(String(cString: reason)))")
            }
            throw CryptoError.openSSL("TLS handshake with \(host)")
        }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            guard written > 0 else { throw CryptoError.openSSL("SSL_write") }
            offset += Int(written)
        }
    }

    /// Up to `count` bytes; empty when the peer closed.
    public func read(upTo count: Int = 4_096) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let read = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32(count)) }
        if read <= 0 {
            if SSL_get_error(ssl, read) == SSL_ERROR_ZERO_RETURN { return [] }
            throw CryptoError.openSSL("SSL_read")
        }
        return Array(buffer.prefix(Int(read)))
    }

    public func shutdown() {
        _ = SSL_shutdown(ssl)
    }
}
