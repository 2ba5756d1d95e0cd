import Foundation

/// A user pool as the store holds it: its configuration in the API's own shape, the
/// store's key for it, and the number of users kept up to date by the store.
public struct StoredPool: Sendable, Equatable {
    public var key: Int64
    public var pool: UserPoolType
    public var userCount: Int
    /// The MFA settings SetUserPoolMfaConfig made, if any.
    public var mfaConfig: GetUserPoolMfaConfigResponse?

    public init(key: Int64, pool: UserPoolType, userCount: Int, mfaConfig: GetUserPoolMfaConfigResponse? = nil) {
        self.key = key
        self.pool = pool
        self.userCount = userCount
        self.mfaConfig = mfaConfig
    }

    public var id: String { pool.id ?? "" }
}
