#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds a port nobody listens on, by trying to bind it.
public enum FreePort {
    /// The first of `port`, `port + 1` … (up to `tries` of them) that `host` can bind,
    /// or nil. `host` is an IPv4 address; anything else is tried on the loopback address.
    public static func first(host: String, from port: Int, tries: Int = 20) -> Int? {
        for candidate in port..<min(65_536, port + tries) where available(host: host, port: candidate) { return candidate }
        return nil
    }

    public static func available(host: String, port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        // The server sets SO_REUSEADDR too, so a port in TIME_WAIT counts as free.
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        if inet_pton(AF_INET, host, &address.sin_addr) != 1 {
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }
}
