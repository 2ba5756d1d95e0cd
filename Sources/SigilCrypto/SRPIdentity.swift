/// Who an SRP exchange is for: the two strings Cognito hashes into x and signs into the
/// password claim. For users they are the pool name (the part of the pool id after `_`) and
/// USER_ID_FOR_SRP; for remembered devices, the device group key and the device key.
public struct SRPIdentity: Sendable, Hashable {
    /// Pool name, or device group key.
    public let realm: String
    /// USER_ID_FOR_SRP (the internal username), or device key.
    public let user: String

    public init(realm: String, user: String) {
        self.realm = realm
        self.user = user
    }

    /// A user of a user pool (USER_SRP_AUTH). Throws if `poolId` is not `region_name`.
    public static func user(poolId: String, userIdForSRP: String) throws -> SRPIdentity {
        guard let separator = poolId.firstIndex(of: "_"), separator != poolId.startIndex else {
            throw CryptoError.invalidPoolId(poolId)
        }
        let poolName = poolId[poolId.index(after: separator)...]
        guard !poolName.isEmpty, !poolName.contains("_") else { throw CryptoError.invalidPoolId(poolId) }
        return SRPIdentity(realm: String(poolName), user: userIdForSRP)
    }

    /// A remembered device (DEVICE_SRP_AUTH).
    public static func device(groupKey: String, deviceKey: String) -> SRPIdentity {
        SRPIdentity(realm: groupKey, user: deviceKey)
    }

    /// realm ‖ user ‖ ":" ‖ password, the string hashed inside x.
    func passwordMessage(_ password: String) -> [UInt8] {
        Array((realm + user + ":" + password).utf8)
    }

    /// realm ‖ user ‖ secret block ‖ timestamp, the message of the password claim signature.
    func claimMessage(secretBlock: [UInt8], timestamp: String) -> [UInt8] {
        Array(realm.utf8) + Array(user.utf8) + secretBlock + Array(timestamp.utf8)
    }
}
