import Foundation

/// A list of passwords known from breaches.
public protocol BreachedPasswordSource: Sendable {
    /// What the list is, for messages and the README (`common passwords`, a file name).
    var name: String { get }
    func contains(_ password: String) throws -> Bool
}

/// The passwords Sigil checks against: the shipped common-password list and any the
/// operator adds.
public struct BreachedPasswords: Sendable {
    public var sources: [any BreachedPasswordSource]

    public init(sources: [any BreachedPasswordSource]) {
        self.sources = sources
    }

    /// The shipped list alone.
    public static let shipped = BreachedPasswords(sources: [CommonPasswordList.shipped])

    /// The name of the first list holding `password`, or nil. A list that fails to read
    /// is passed over (a damaged operator file must not stop sign-ins).
    public func source(of password: String) -> String? {
        for source in sources where (try? source.contains(password)) == true { return source.name }
        return nil
    }
}

/// Passwords held in memory, compared lowercased as Django does with its list.
public struct CommonPasswordList: BreachedPasswordSource {
    public let name: String
    private let passwords: Set<String>

    /// One password per line.
    public init(text: String, name: String) {
        self.name = name
        passwords = Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
    }

    public var count: Int { passwords.count }

    public func contains(_ password: String) -> Bool {
        passwords.contains(password.lowercased())
    }

    /// Django's list of the 20,000 most common passwords (see Resources/common-passwords.LICENSE).
    public static let shipped: CommonPasswordList = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return CommonPasswordList(text: "", name: "common passwords") }
        return CommonPasswordList(text: text, name: "common passwords")
    }()
}
