import Foundation

/// Cognito's lockout: after 5 failed sign-ins in a row the user is locked for 1 second,
/// doubling with each further failure up to 15 minutes. Attempts during a lockout are
/// refused without extending it; 15 minutes without a failure, or a success, reset it.
extension Engine {
    static let lockoutThreshold = 5
    static let lockoutLimit: TimeInterval = 900
    static let lockoutMemory: TimeInterval = 900

    func checkLockout(_ user: UserRecord) throws {
        if let until = user.security.lockedUntil, clock.now < until {
            throw CognitoError.notAuthorized("Password attempts exceeded")
        }
    }

    func recordFailedSignIn(_ user: inout UserRecord) {
        let now = clock.now
        if let last = user.security.lastFailedSignIn, now.timeIntervalSince(last) > Self.lockoutMemory {
            user.security.failedSignIns = 0
        }
        user.security.failedSignIns += 1
        user.security.lastFailedSignIn = now
        let failures = user.security.failedSignIns
        if failures >= Self.lockoutThreshold {
            let seconds = min(pow(2, Double(failures - Self.lockoutThreshold)), Self.lockoutLimit)
            user.security.lockedUntil = now.addingTimeInterval(seconds)
        }
    }

    func recordSuccessfulSignIn(_ user: inout UserRecord) {
        user.security.failedSignIns = 0
        user.security.lastFailedSignIn = nil
        user.security.lockedUntil = nil
    }
}
