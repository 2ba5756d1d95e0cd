import Foundation

/// An error as Cognito reports it: the exception name from the service model and the
/// message text. The API, the command line and the console all show these unchanged.
public struct CognitoError: Error, Equatable, Sendable, CustomStringConvertible {
    public let name: ExceptionName
    public let message: String

    public init(_ name: ExceptionName, _ message: String) {
        self.name = name
        self.message = message
    }

    /// `ExceptionName: message`, the form the command line prints.
    public var description: String { "\(name.rawValue): \(message)" }

    /// The HTTP status AWS sends with this error.
    public var httpStatus: Int { name == .internalErrorException ? 500 : 400 }
}

extension CognitoError {
    public static func invalidParameter(_ message: String) -> CognitoError {
        CognitoError(.invalidParameterException, message)
    }

    public static func notAuthorized(_ message: String) -> CognitoError {
        CognitoError(.notAuthorizedException, message)
    }

    public static func resourceNotFound(_ message: String) -> CognitoError {
        CognitoError(.resourceNotFoundException, message)
    }

    public static func userPoolNotFound(_ poolId: String) -> CognitoError {
        resourceNotFound("User pool \(poolId) does not exist.")
    }

    public static func clientNotFound(_ clientId: String) -> CognitoError {
        resourceNotFound("User pool client \(clientId) does not exist.")
    }

    public static let userNotFound = CognitoError(.userNotFoundException, "User does not exist.")

    public static func groupNotFound() -> CognitoError {
        resourceNotFound("Group not found.")
    }

    public static func internalError(_ message: String) -> CognitoError {
        CognitoError(.internalErrorException, message)
    }
}
