import SigilCore

/// A pool's app clients, described in full (secrets and settings included: the console is
/// the operator), for the screens that pick one.
enum AppClientList {
    /// The pool's app clients, described in full.
    static func all(_ engine: any ConsoleBackend, poolId: String) async throws -> [UserPoolClientType] {
        var clients: [UserPoolClientType] = []
        var token: String?
        repeat {
            let page = try await engine.listUserPoolClients(ListUserPoolClientsRequest(userPoolId: poolId, maxResults: 60, nextToken: token))
            for description in page.userPoolClients ?? [] {
                guard let clientId = description.clientId else { continue }
                if let client = try await engine.describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: poolId, clientId: clientId))
                    .userPoolClient
                {
                    clients.append(client)
                }
            }
            token = page.nextToken
        } while token != nil && clients.count < 500
        return clients
    }
}
