import Foundation

/// User pool domains: where a pool's managed login pages and OAuth endpoints are served.
/// A prefix domain is a name Sigil serves as `PREFIX.auth.REGION.amazoncognito.com`; a
/// custom domain is the app's own name. A pool may have one of each.
///
/// Cognito's answers describe its own infrastructure (an S3 bucket, a CloudFront
/// distribution to point DNS at); Sigil serves the pages itself, so those fields stay
/// empty.
extension Engine {
    /// Words Cognito refuses anywhere in a prefix.
    static let reservedDomainWords = ["aws", "amazon", "cognito"]

    public func createUserPoolDomain(_ request: CreateUserPoolDomainRequest) async throws -> CreateUserPoolDomainResponse {
        try validator.validate(request, operation: .createUserPoolDomain)
        let custom = request.customDomainConfig != nil
        try Self.checkDomainName(request.domain, custom: custom)
        let version = try Self.managedLoginVersion(request.managedLoginVersion) ?? 1
        let description = DomainDescriptionType(
            userPoolId: request.userPoolId, awsAccountId: configuration.accountId, domain: request.domain,
            version: Self.domainVersion(clock.now), status: .active, customDomainConfig: request.customDomainConfig,
            managedLoginVersion: version, routing: custom ? request.routing : nil)
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            if let taken = try await writer.domain(request.domain) {
                if taken.poolKey == stored.key { throw CognitoError.invalidParameter("User pool already has a domain configured.") }
                throw CognitoError.invalidParameter("Domain already associated with another user pool.")
            }
            if try await writer.domains(poolKey: stored.key).contains(where: { $0.isCustom == custom }) {
                throw CognitoError.invalidParameter("User pool already has a domain configured.")
            }
            try await writer.insertDomain(StoredDomain(poolKey: stored.key, description: description))
        }
        return CreateUserPoolDomainResponse(managedLoginVersion: version, routing: description.routing)
    }

    /// The domain's description; an empty one (not an error) when no pool has that domain.
    public func describeUserPoolDomain(_ request: DescribeUserPoolDomainRequest) async throws -> DescribeUserPoolDomainResponse {
        try validator.validate(request, operation: .describeUserPoolDomain)
        let found = try await read { reader in try await reader.domain(request.domain) }
        return DescribeUserPoolDomainResponse(domainDescription: found?.description ?? DomainDescriptionType())
    }

    /// Changes the managed login version, and a custom domain's certificate; a domain is
    /// never renamed (delete it and create another).
    public func updateUserPoolDomain(_ request: UpdateUserPoolDomainRequest) async throws -> UpdateUserPoolDomainResponse {
        try validator.validate(request, operation: .updateUserPoolDomain)
        let version = try Self.managedLoginVersion(request.managedLoginVersion)
        let updated = try await write { writer -> StoredDomain in
            var domain = try await requireDomain(request.domain, poolId: request.userPoolId, in: writer)
            if domain.isCustom {
                guard let config = request.customDomainConfig else {
                    throw CognitoError.invalidParameter("Cannot convert custom domain to prefix domain.")
                }
                domain.description.customDomainConfig = config
                if let routing = request.routing { domain.description.routing = routing }
            } else if request.customDomainConfig != nil {
                throw CognitoError.invalidParameter("User pool should have a custom domain associated, failed to update the certificate.")
            }
            if let version { domain.description.managedLoginVersion = version }
            domain.description.version = Self.domainVersion(clock.now)
            try await writer.updateDomain(domain)
            return domain
        }
        return UpdateUserPoolDomainResponse(managedLoginVersion: updated.description.managedLoginVersion, routing: updated.description.routing)
    }

    public func deleteUserPoolDomain(_ request: DeleteUserPoolDomainRequest) async throws {
        try validator.validate(request, operation: .deleteUserPoolDomain)
        try await write { writer in
            let domain = try await requireDomain(request.domain, poolId: request.userPoolId, in: writer)
            try await writer.deleteDomain(domain.name)
        }
    }

    /// The domain, if it belongs to this pool.
    private func requireDomain(_ name: String, poolId: String, in reader: any DirectoryReader) async throws -> StoredDomain {
        guard let pool = try await reader.pool(id: poolId), let domain = try await reader.domain(name), domain.poolKey == pool.key else {
            throw CognitoError.invalidParameter("No such domain or user pool exists.")
        }
        return domain
    }

    /// A prefix is lower-case letters, digits and inner hyphens, without a reserved word; a
    /// custom domain is a host name with a parent domain (`auth.example.com`).
    static func checkDomainName(_ name: String, custom: Bool) throws {
        if custom {
            let labels = name.lowercased().split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count >= 2, labels.allSatisfy(isDomainLabel) else {
                throw CognitoError.invalidParameter("Custom domain is not a valid subdomain: \(name)")
            }
            return
        }
        guard isDomainLabel(Substring(name)) else {
            throw CognitoError.invalidParameter(
                "The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. "
                    + "Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$")
        }
        if let word = reservedDomainWords.first(where: { name.contains($0) }) {
            throw CognitoError.invalidParameter("Domain cannot contain reserved word: \(word)")
        }
    }

    /// 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen.
    private static func isDomainLabel(_ label: Substring) -> Bool {
        let bytes = Array(label.utf8)
        let allowed = bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 }
        return (1...63).contains(bytes.count) && allowed && bytes.first != 45 && bytes.last != 45
    }

    /// 1 is the classic hosted UI, 2 managed login.
    static func managedLoginVersion(_ version: Int?) throws -> Int? {
        guard let version else { return nil }
        guard version == 1 || version == 2 else {
            throw CognitoError.invalidParameter("ManagedLoginVersion must be 1 (the classic hosted UI) or 2 (managed login).")
        }
        return version
    }

    /// Cognito's domain version: the time of the last change, as `yyyyMMddHHmmss` in UTC.
    static func domainVersion(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        return formatter.string(from: date)
    }
}

extension Engine {
    /// Deletes a pool after its domains, for Sigil's own tools (the CLI and the console
    /// ask first); DeleteUserPool itself refuses while a domain exists, as Cognito does.
    public func deleteUserPoolAndDomains(_ poolId: String) async throws {
        let domains = try await read { reader in try await reader.domains(poolKey: try await requirePool(poolId, in: reader).key) }
        for domain in domains {
            try await deleteUserPoolDomain(DeleteUserPoolDomainRequest(domain: domain.name, userPoolId: poolId))
        }
        try await deleteUserPool(DeleteUserPoolRequest(userPoolId: poolId))
    }
}
