import Foundation

/// A device a user signed in from, in a pool that tracks devices: made at sign-in (its
/// key goes back as NewDeviceMetadata), confirmed with an SRP verifier by the app, and
/// remembered so that later sign-ins from it can skip MFA with DEVICE_SRP_AUTH.
public struct DeviceRecord: Sendable, Equatable {
    /// `<region>_<uuid>`.
    public var key: String
    public var poolKey: Int64
    public var userId: Int64
    public var groupKey: String
    public var name: String?
    public var remembered: Bool
    public var confirmed: Bool
    /// The device's SRP salt and verifier (from ConfirmDevice), sealed at rest.
    public var sealedVerifier: String?
    public var created: Date
    public var modified: Date
    public var lastAuthenticated: Date?
    public var lastAddress: String?

    public init(
        key: String, poolKey: Int64, userId: Int64, groupKey: String, name: String? = nil, remembered: Bool = false, confirmed: Bool = false,
        sealedVerifier: String? = nil, created: Date, modified: Date, lastAuthenticated: Date? = nil, lastAddress: String? = nil
    ) {
        self.key = key
        self.poolKey = poolKey
        self.userId = userId
        self.groupKey = groupKey
        self.name = name
        self.remembered = remembered
        self.confirmed = confirmed
        self.sealedVerifier = sealedVerifier
        self.created = created
        self.modified = modified
        self.lastAuthenticated = lastAuthenticated
        self.lastAddress = lastAddress
    }
}
