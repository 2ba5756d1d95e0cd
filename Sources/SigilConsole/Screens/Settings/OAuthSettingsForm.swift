import Foundation
import SigilCore

/// Editing an app client's OAuth settings from the settings screen (`o`): whether it uses
/// managed login, its flows, scopes, callback and sign-out URLs. The rest of the client
/// is kept as it is (UpdateUserPoolClient resets whatever it is not given).
enum OAuthSettingsForm {
    static func form(_ client: UserPoolClientType) -> FormDialog {
        let flows = client.allowedOAuthFlows ?? []
        let on = { (yes: Bool) in yes ? "yes" : "no" }
        let clientId = client.clientId ?? ""
        return FormDialog(
            title: "OAuth settings of \(client.clientName ?? clientId)",
            form: Form([
                Form.Field("enabled", "Managed login", kind: .toggle, value: on(client.allowedOAuthFlowsUserPoolClient == true)),
                Form.Field("code", "Code grant", kind: .toggle, value: on(flows.contains(.code))),
                Form.Field("implicit", "Implicit grant", kind: .toggle, value: on(flows.contains(.implicit))),
                Form.Field(
                    "client_credentials", "Client credentials", kind: .toggle, value: on(flows.contains(.clientCredentials)),
                    hint: "needs a secret"),
                Form.Field("scopes", "Scopes", value: (client.allowedOAuthScopes ?? []).joined(separator: " "), hint: "space-separated"),
                Form.Field("callbacks", "Callback URLs", value: (client.callbackURLs ?? []).joined(separator: " ")),
                Form.Field("logouts", "Sign-out URLs", value: (client.logoutURLs ?? []).joined(separator: " ")),
            ])
        ) { .settings(.submitOAuth(clientId, $0)) }
    }

    /// The client's update: its current settings, with the form's OAuth ones.
    static func request(_ client: UserPoolClientType, poolId: String, values: [String: String]) -> UpdateUserPoolClientRequest {
        let words = { (name: String) -> [String]? in
            let list = (values[name] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            return list.isEmpty ? nil : list
        }
        let flows = [("code", OAuthFlowType.code), ("implicit", .implicit), ("client_credentials", .clientCredentials)]
            .filter { values[$0.0] == "yes" }.map(\.1)
        let enabled = values["enabled"] == "yes"
        return UpdateUserPoolClientRequest(
            userPoolId: poolId, clientId: client.clientId ?? "", clientName: client.clientName,
            refreshTokenValidity: client.refreshTokenValidity, accessTokenValidity: client.accessTokenValidity,
            idTokenValidity: client.idTokenValidity, tokenValidityUnits: client.tokenValidityUnits, readAttributes: client.readAttributes,
            writeAttributes: client.writeAttributes, explicitAuthFlows: client.explicitAuthFlows,
            supportedIdentityProviders: client.supportedIdentityProviders ?? (enabled ? ["COGNITO"] : nil), callbackURLs: words("callbacks"),
            logoutURLs: words("logouts"), defaultRedirectURI: client.defaultRedirectURI, allowedOAuthFlows: flows.isEmpty ? nil : flows,
            allowedOAuthScopes: words("scopes"), allowedOAuthFlowsUserPoolClient: enabled, analyticsConfiguration: client.analyticsConfiguration,
            preventUserExistenceErrors: client.preventUserExistenceErrors, enableTokenRevocation: client.enableTokenRevocation,
            enablePropagateAdditionalUserContextData: client.enablePropagateAdditionalUserContextData,
            authSessionValidity: client.authSessionValidity, refreshTokenRotation: client.refreshTokenRotation)
    }
}
