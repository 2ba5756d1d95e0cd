import Foundation
import Hummingbird
import NIOCore

/// A request body read up to a limit. A larger one is read on and thrown away for a
/// while, so a client that sends its whole body before reading still gets its 413;
/// one that keeps sending past that has its connection closed soon after the answer.
enum BoundedBody {
    /// How long, and how much, a body over the limit is drained before giving up on it.
    static let drainTime: Duration = .seconds(5)
    static let drainBytes = 1 << 30

    /// The body, or nil when it is larger than `limit`.
    static func collect(_ request: Request, upTo limit: Int, channel: any Channel) async throws -> ByteBuffer? {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > drainBytes {
            closeSoon(channel)
            return nil
        }
        var collected = ByteBuffer()
        var total = 0
        let clock = ContinuousClock()
        var overSince: ContinuousClock.Instant?
        for try await chunk in request.body {
            total += chunk.readableBytes
            if total <= limit {
                var chunk = chunk
                collected.writeBuffer(&chunk)
                continue
            }
            // Drained for a while from the moment the limit is passed, then given up on.
            let since = overSince ?? clock.now
            overSince = since
            if total > drainBytes || clock.now - since > drainTime { break }
        }
        guard total > limit else { return collected }
        // The answer says `Connection: close`; the server honours only the request's, so
        // the connection is closed here.
        closeSoon(channel)
        return nil
    }

    /// Closes the connection a moment after the answer has gone out.
    private static func closeSoon(_ channel: any Channel) {
        channel.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
    }
}
