import Foundation

/// The demo's identity pool: guests and the pool's users get credentials for roles whose
/// policies share a `photos` bucket (each user's own folder, a public folder, everything
/// for admins), so the credentials screen has something to show.
extension DemoSeeder {
    static let demoPolicies: [String: String] = [
        "demo-users": """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "OwnPhotos", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
           "Resource": "arn:aws:s3:::photos/${cognito-identity.amazonaws.com:sub}/*"},
          {"Sid": "ListOwnFolder", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::photos",
           "Condition": {"StringLike": {"s3:prefix": "${cognito-identity.amazonaws.com:sub}/*"}}},
          {"Sid": "PublicPhotos", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/public/*"},
          {"Sid": "NoDeletes", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}
        ]}
        """,
        "demo-admins": """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "AllPhotos", "Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::photos", "arn:aws:s3:::photos/*"]}
        ]}
        """,
        "demo-guests": """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "PublicPhotos", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/public/*"}
        ]}
        """,
    ]

    func seedIdentityPool(poolId: String, clientId: String, name: String) async throws -> String {
        let provider = Engine.loginKey(userPoolId: poolId)
        let identityPoolId = try await engine.createIdentityPool(
            CreateIdentityPoolInput(
                identityPoolName: "\(name)-identities", allowUnauthenticatedIdentities: true,
                cognitoIdentityProviders: [CognitoIdentityProvider(providerName: provider, clientId: clientId, serverSideTokenCheck: false)])
        ).identityPoolId
        for (role, policy) in Self.demoPolicies { try await engine.putRole(name: role, policies: ["photos": policy]) }
        // Admins get their own role by rule; everyone else the pool's authenticated role.
        try await engine.setIdentityPoolRoles(
            SetIdentityPoolRolesInput(
                identityPoolId: identityPoolId,
                roles: ["authenticated": engine.roleArn(name: "demo-users"), "unauthenticated": engine.roleArn(name: "demo-guests")],
                roleMappings: [
                    "\(provider):\(clientId)": RoleMapping(
                        type: .rules, ambiguousRoleResolution: .authenticatedRole,
                        rulesConfiguration: RulesConfigurationType(rules: [
                            MappingRule(claim: "cognito:groups", matchType: .contains, value: "admins", roleARN: engine.roleArn(name: "demo-admins"))
                        ]))
                ]))
        _ = try await engine.setPrincipalTagAttributeMap(
            SetPrincipalTagAttributeMapInput(identityPoolId: identityPoolId, identityProviderName: provider, useDefaults: true))
        return identityPoolId
    }
}
