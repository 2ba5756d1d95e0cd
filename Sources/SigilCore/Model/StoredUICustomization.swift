import Foundation

/// The look of a pool's hosted sign-in pages: CSS and a logo, for the whole pool
/// (`clientId` "ALL") or for one app client, which then wins over the pool's.
public struct StoredUICustomization: Sendable, Equatable {
    public static let wholePool = "ALL"

    public var clientId: String
    public var css: String?
    public var image: Data?
    public var created: Date
    public var modified: Date

    public init(clientId: String, css: String?, image: Data?, created: Date, modified: Date) {
        self.clientId = clientId
        self.css = css
        self.image = image
        self.created = created
        self.modified = modified
    }
}
