import Foundation
import SigilCore

extension OperationTable {
    /// The identity pools operations (X-Amz-Target `AWSCognitoIdentityService.<Operation>`).
    static let cognitoIdentity: OperationTable = {
        var table = OperationTable()
        table.add(.createIdentityPool) { engine, request, _ in try await engine.createIdentityPool(request) }
        table.add(.describeIdentityPool) { engine, request, _ in try await engine.describeIdentityPool(request) }
        table.add(.listIdentityPools) { engine, request, _ in try await engine.listIdentityPools(request) }
        table.add(.updateIdentityPool) { engine, request, _ in try await engine.updateIdentityPool(request) }
        table.add(.deleteIdentityPool) { (engine: Engine, request: DeleteIdentityPoolInput, _: RequestOrigin) in
            try await engine.deleteIdentityPool(request)
        }
        table.add(.getId) { engine, request, _ in try await engine.getId(request) }
        table.add(.describeIdentity) { engine, request, _ in try await engine.describeIdentity(request) }
        table.add(.listIdentities) { engine, request, _ in try await engine.listIdentities(request) }
        table.add(.deleteIdentities) { engine, request, _ in try await engine.deleteIdentities(request) }
        table.add(.unlinkIdentity) { (engine: Engine, request: UnlinkIdentityInput, _: RequestOrigin) in try await engine.unlinkIdentity(request) }
        table.add(.getCredentialsForIdentity) { engine, request, _ in try await engine.getCredentialsForIdentity(request) }
        table.add(.setIdentityPoolRoles) { (engine: Engine, request: SetIdentityPoolRolesInput, _: RequestOrigin) in
            try await engine.setIdentityPoolRoles(request)
        }
        table.add(.getIdentityPoolRoles) { engine, request, _ in try await engine.getIdentityPoolRoles(request) }
        table.add(.setPrincipalTagAttributeMap) { engine, request, _ in try await engine.setPrincipalTagAttributeMap(request) }
        table.add(.getPrincipalTagAttributeMap) { engine, request, _ in try await engine.getPrincipalTagAttributeMap(request) }
        table.add(.getOpenIdToken) { engine, request, _ in try await engine.getOpenIdToken(request) }
        table.add(.getOpenIdTokenForDeveloperIdentity) { engine, request, _ in try await engine.getOpenIdTokenForDeveloperIdentity(request) }
        table.add(.lookupDeveloperIdentity) { engine, request, _ in try await engine.lookupDeveloperIdentity(request) }
        table.add(.mergeDeveloperIdentities) { engine, request, _ in try await engine.mergeDeveloperIdentities(request) }
        table.add(.unlinkDeveloperIdentity) { (engine: Engine, request: UnlinkDeveloperIdentityInput, _: RequestOrigin) in
            try await engine.unlinkDeveloperIdentity(request)
        }
        table.add(IdentityOperationName.tagResource) { (engine: Engine, request: TagResourceInput, _: RequestOrigin) in
            try await engine.tagResource(request)
        }
        table.add(IdentityOperationName.untagResource) { (engine: Engine, request: UntagResourceInput, _: RequestOrigin) in
            try await engine.untagResource(request)
        }
        table.add(IdentityOperationName.listTagsForResource) { (engine: Engine, request: ListTagsForResourceInput, _: RequestOrigin) in
            try await engine.listTagsForResource(request)
        }
        return table
    }()
}
