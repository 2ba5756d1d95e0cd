import Foundation
import SigilCore
import Testing

@Suite struct DomainTests {
    let test: TestEngine
    let poolId: String
    let certificate = CustomDomainConfigType(certificateArn: "arn:aws:acm:us-east-1:000000000000:certificate/0d6b1d3e-5a2e-4b52-9d1e-3c2f1a7b8c9d")

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool()
    }

    func describe(_ domain: String) async throws -> DomainDescriptionType? {
        try await test.engine.describeUserPoolDomain(DescribeUserPoolDomainRequest(domain: domain)).domainDescription
    }

    @Test func aPrefixDomainIsCreatedDescribedUpdatedAndDeleted() async throws {
        let created = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "shop-login", userPoolId: poolId))
        #expect(created.managedLoginVersion == 1)
        #expect(created.cloudFrontDomain == nil)
        let described = try #require(try await describe("shop-login"))
        #expect(described.userPoolId == poolId && described.domain == "shop-login" && described.status == .active)
        #expect(described.awsAccountId == "000000000000" && described.customDomainConfig == nil && described.managedLoginVersion == 1)
        #expect(described.version?.count == 14)
        let pool = try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool
        #expect(pool?.domain == "shop-login" && pool?.customDomain == nil)

        let updated = try await test.engine.updateUserPoolDomain(
            UpdateUserPoolDomainRequest(domain: "shop-login", userPoolId: poolId, managedLoginVersion: 2))
        #expect(updated.managedLoginVersion == 2)
        #expect(try await describe("shop-login")?.managedLoginVersion == 2)

        try await test.engine.deleteUserPoolDomain(DeleteUserPoolDomainRequest(domain: "shop-login", userPoolId: poolId))
        #expect(try await describe("shop-login") == DomainDescriptionType())
        await expectError(.invalidParameterException, "No such domain or user pool exists.") {
            try await test.engine.deleteUserPoolDomain(DeleteUserPoolDomainRequest(domain: "shop-login", userPoolId: poolId))
        }
    }

    @Test func prefixesFollowCognitosRules() async throws {
        await expectError(.invalidParameterException, "Domain cannot contain reserved word: cognito") {
            _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "newcognito", userPoolId: poolId))
        }
        await expectError(.invalidParameterException, "Domain cannot contain reserved word: aws") {
            _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "my-aws-app", userPoolId: poolId))
        }
        for bad in ["Shop", "-shop", "shop-", "shop.example", "shop_login"] {
            await expectError(.invalidParameterException) {
                _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: bad, userPoolId: poolId))
            }
        }
        await expectError(.invalidParameterException, "ManagedLoginVersion must be 1 (the classic hosted UI) or 2 (managed login).") {
            _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "shop", userPoolId: poolId, managedLoginVersion: 3))
        }
        #expect(try await describe("Shop") == DomainDescriptionType())
    }

    @Test func onePrefixAndOneCustomDomainPerPoolAndEachNameOnce() async throws {
        _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "shop", userPoolId: poolId))
        await expectError(.invalidParameterException, "User pool already has a domain configured.") {
            _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "shop-two", userPoolId: poolId))
        }
        let other = try await test.pool(CreateUserPoolRequest(poolName: "other"))
        await expectError(.invalidParameterException, "Domain already associated with another user pool.") {
            _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "shop", userPoolId: other))
        }
        let custom = try await test.engine.createUserPoolDomain(
            CreateUserPoolDomainRequest(domain: "auth.shop.example", userPoolId: poolId, managedLoginVersion: 2, customDomainConfig: certificate))
        #expect(custom.managedLoginVersion == 2)
        #expect(try await describe("auth.shop.example")?.customDomainConfig == certificate)
        let pool = try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool
        #expect(pool?.domain == "shop" && pool?.customDomain == "auth.shop.example")
        await expectError(.invalidParameterException, "Custom domain is not a valid subdomain: localhost") {
            _ = try await test.engine.createUserPoolDomain(
                CreateUserPoolDomainRequest(domain: "localhost", userPoolId: other, customDomainConfig: certificate))
        }
        // A domain of another pool is not this pool's to change or delete.
        await expectError(.invalidParameterException, "No such domain or user pool exists.") {
            try await test.engine.deleteUserPoolDomain(DeleteUserPoolDomainRequest(domain: "shop", userPoolId: other))
        }
        #expect(try await describe("shop")?.userPoolId == poolId)
    }

    @Test func aCustomDomainKeepsItsCertificateAndAPrefixTakesNone() async throws {
        _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "shop", userPoolId: poolId))
        _ = try await test.engine.createUserPoolDomain(
            CreateUserPoolDomainRequest(domain: "auth.shop.example", userPoolId: poolId, customDomainConfig: certificate))
        await expectError(.invalidParameterException, "Cannot convert custom domain to prefix domain.") {
            _ = try await test.engine.updateUserPoolDomain(
                UpdateUserPoolDomainRequest(domain: "auth.shop.example", userPoolId: poolId, managedLoginVersion: 2))
        }
        await expectError(.invalidParameterException, "User pool should have a custom domain associated, failed to update the certificate.") {
            _ = try await test.engine.updateUserPoolDomain(
                UpdateUserPoolDomainRequest(domain: "shop", userPoolId: poolId, customDomainConfig: certificate))
        }
        let renewed = CustomDomainConfigType(certificateArn: "arn:aws:acm:us-east-1:000000000000:certificate/11111111-2222-3333-4444-555555555555")
        _ = try await test.engine.updateUserPoolDomain(
            UpdateUserPoolDomainRequest(domain: "auth.shop.example", userPoolId: poolId, customDomainConfig: renewed))
        #expect(try await describe("auth.shop.example")?.customDomainConfig == renewed)
    }

    @Test func aPoolWithADomainIsNotDeleted() async throws {
        _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "shop", userPoolId: poolId))
        await expectError(.invalidParameterException, "User pool cannot be deleted. It has a domain configured that should be deleted first.") {
            try await test.engine.deleteUserPool(DeleteUserPoolRequest(userPoolId: poolId))
        }
        try await test.engine.deleteUserPoolDomain(DeleteUserPoolDomainRequest(domain: "shop", userPoolId: poolId))
        try await test.engine.deleteUserPool(DeleteUserPoolRequest(userPoolId: poolId))
        // The name is free again.
        let other = try await test.pool(CreateUserPoolRequest(poolName: "other"))
        _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "shop", userPoolId: other))
    }
}
