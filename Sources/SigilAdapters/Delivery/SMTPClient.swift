import Foundation
import SigilCrypto

#if canImport(Glibc)
    import Glibc
#endif

/// Where and how mail goes out: an SMTP server, with STARTTLS (or TLS from the first
/// byte, as on port 465) and AUTH PLAIN when a user is given.
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable, CaseIterable { case none, starttls, tls }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// A PEM file of authorities to trust instead of the system's (a test server's own).
    public var caFile: String?

    public init(host: String, port: Int, security: Security = .none, username: String? = nil, password: String? = nil, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
    }

    /// `HOST:PORT` (the port defaults to 25).
    public static func parse(_ text: String) throws -> (host: String, port: Int) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }),
            parts.count == 1 || Int(parts[1]).map({ (1...65_535).contains($0) }) == true
        else { throw SMTPFailure("--smtp takes HOST:PORT, not \(text)") }
        return (String(parts[0]), parts.count == 2 ? Int(parts[1])! : 25)
    }
}

public struct SMTPFailure: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A blocking SMTP conversation that sends one message (run it off the async pool).
struct SMTPClient {
    let settings: SMTPSettings
    /// The name given in EHLO.
    var clientName = "sigil.localhost"
    var timeout: TimeInterval = 15

    func send(from: String, to recipients: [String], data: [UInt8]) throws {
        let socket = try connect()
        defer { close(socket) }
        var line = LineChannel(socket: socket)
        if settings.security == .tls { try line.startTLS(host: settings.host, caFile: settings.caFile) }
        try line.expect(220)
        var features = try line.command("EHLO \(clientName)", expect: 250)
        if settings.security == .starttls {
            guard features.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                throw SMTPFailure("\(settings.host) does not offer STARTTLS")
            }
            _ = try line.command("STARTTLS", expect: 220)
            try line.startTLS(host: settings.host, caFile: settings.caFile)
            features = try line.command("EHLO \(clientName)", expect: 250)
        }
        if let username = settings.username {
            guard line.secure || settings.host == "127.0.0.1" || settings.host == "localhost" else {
                throw SMTPFailure("refusing to send the SMTP password to \(settings.host) without TLS (use --smtp-security starttls or tls)")
            }
            let token = Data(([0] + Array(username.utf8) + [0] + Array((settings.password ?? "").utf8))).base64EncodedString()
            _ = try line.command("AUTH PLAIN \(token)", expect: 235, shown: "AUTH PLAIN …")
        }
        _ = try line.command("MAIL FROM:<\(from)>", expect: 250)
        for recipient in recipients { _ = try line.command("RCPT TO:<\(recipient)>", expect: 250) }
        _ = try line.command("DATA", expect: 354)
        try line.write(Self.dotStuffed(data) + Array("\r\n.\r\n".utf8))
        try line.expect(250)
        _ = try? line.command("QUIT", expect: 221)
    }

    /// Lines starting with a dot get another (RFC 5321 4.5.2); line ends are CRLF.
    static func dotStuffed(_ data: [UInt8]) -> [UInt8] {
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return Array(
            text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix(".") ? "." + $0 : String($0) }
                .joined(separator: "\r\n").utf8)
    }

    private func connect() throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(settings.host, String(settings.port), &hints, &found) == 0, let first = found else {
            throw SMTPFailure("cannot resolve \(settings.host)")
        }
        defer { freeaddrinfo(found) }
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            let socket = Glibc.socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if socket >= 0 {
                var limit = timeval(tv_sec: Int(timeout), tv_usec: 0)
                setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                if Glibc.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return socket }
                close(socket)
            }
            candidate = address.pointee.ai_next
        }
        throw SMTPFailure("cannot connect to \(settings.host):\(settings.port)")
    }
}

/// SMTP's replies read line by line, over the plain socket or TLS once started.
private struct LineChannel {
    let socket: Int32
    var tls: TLSStream?
    var buffer: [UInt8] = []

    init(socket: Int32) { self.socket = socket }

    var secure: Bool { tls != nil }

    mutating func startTLS(host: String, caFile: String?) throws {
        do {
            tls = try TLSStream(socket: socket, host: host, caFile: caFile)
        } catch {
            throw SMTPFailure("\(error)")
        }
    }

    func write(_ bytes: [UInt8]) throws {
        if let tls {
            do { try tls.write(bytes) } catch { throw SMTPFailure("the connection broke while sending") }
            return
        }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw SMTPFailure("the connection broke while sending") }
            offset += sent
        }
    }

    /// Sends a command and returns the reply's lines (without codes) when its code is `expect`.
    mutating func command(_ text: String, expect code: Int, shown: String? = nil) throws -> [String] {
        try write(Array("\(text)\r\n".utf8))
        return try expect(code, after: shown ?? text)
    }

    @discardableResult
    mutating func expect(_ code: Int, after command: String = "connecting") throws -> [String] {
        var lines: [String] = []
        while true {
            let line = try readLine()
            guard line.count >= 3, let got = Int(line.prefix(3)) else { throw SMTPFailure("the server answered \(line) to \(command)") }
            lines.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] != "-" {
                guard got == code else { throw SMTPFailure("the server answered \(line) to \(command)") }
                return lines
            }
        }
    }

    private mutating func readLine() throws -> String {
        while true {
            if let end = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<end], as: UTF8.self).trimmingCharacters(in: .init(charactersIn: "\r"))
                buffer.removeFirst(end + 1)
                return line
            }
            let chunk: [UInt8]
            if let tls {
                do { chunk = try tls.read() } catch { throw SMTPFailure("the connection broke while reading") }
            } else {
                var bytes = [UInt8](repeating: 0, count: 4_096)
                let read = bytes.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                chunk = read > 0 ? Array(bytes.prefix(read)) : []
            }
            guard !chunk.isEmpty, buffer.count < 65_536 else { throw SMTPFailure("the server closed the connection") }
            buffer += chunk
        }
    }
}
