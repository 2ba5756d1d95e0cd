/// A user pool domain as the store keeps it: what DescribeUserPoolDomain shows, and the
/// pool it belongs to. A pool has at most one prefix domain and one custom domain.
public struct StoredDomain: Sendable, Equatable {
    public var poolKey: Int64
    public var description: DomainDescriptionType

    public init(poolKey: Int64, description: DomainDescriptionType) {
        self.poolKey = poolKey
        self.description = description
    }

    /// The prefix, or the custom domain's full name.
    public var name: String { description.domain ?? "" }
    /// A custom domain (the app's own name, with a certificate) rather than a prefix.
    public var isCustom: Bool { description.customDomainConfig != nil }
}
