import Foundation

/// Terms of use and privacy policy links an app client's managed login pages show, one of
/// each per client, with a link per language.
extension Engine {
    public func createTerms(_ request: CreateTermsRequest) async throws -> CreateTermsResponse {
        try validator.validate(request, operation: .createTerms)
        let now = clock.now
        let terms = TermsType(
            termsId: Identifiers.uuidV4(), userPoolId: request.userPoolId, clientId: request.clientId, termsName: request.termsName,
            termsSource: request.termsSource, enforcement: request.enforcement, links: request.links ?? [:], creationDate: now,
            lastModifiedDate: now)
        try await write { writer in
            let stored = try await requireTermsClient(request.clientId, poolId: request.userPoolId, in: writer)
            if try await writer.terms(clientId: request.clientId, name: request.termsName) != nil {
                throw Self.termsExist(request.termsName, clientId: request.clientId)
            }
            try await writer.insertTerms(poolKey: stored.key, terms)
        }
        return CreateTermsResponse(terms: terms)
    }

    public func describeTerms(_ request: DescribeTermsRequest) async throws -> DescribeTermsResponse {
        try validator.validate(request, operation: .describeTerms)
        let terms = try await read { reader in try await requireTerms(request.termsId, poolId: request.userPoolId, in: reader) }
        return DescribeTermsResponse(terms: terms)
    }

    public func describeTermsByClient(_ request: DescribeTermsByClientRequest) async throws -> DescribeTermsByClientResponse {
        try validator.validate(request, operation: .describeTermsByClient)
        let terms = try await read { reader -> TermsType in
            _ = try await requireTermsClient(request.clientId, poolId: request.userPoolId, in: reader)
            guard let terms = try await reader.terms(clientId: request.clientId, name: request.termsName) else {
                throw CognitoError.resourceNotFound("The client \(request.clientId) has no \(request.termsName).")
            }
            return terms
        }
        return DescribeTermsByClientResponse(terms: terms)
    }

    /// Changes what the request gives; the rest stays.
    public func updateTerms(_ request: UpdateTermsRequest) async throws -> UpdateTermsResponse {
        try validator.validate(request, operation: .updateTerms)
        let terms = try await write { writer -> TermsType in
            var terms = try await requireTerms(request.termsId, poolId: request.userPoolId, in: writer)
            if let name = request.termsName, name != terms.termsName {
                if try await writer.terms(clientId: terms.clientId, name: name) != nil { throw Self.termsExist(name, clientId: terms.clientId) }
                terms.termsName = name
            }
            if let source = request.termsSource { terms.termsSource = source }
            if let enforcement = request.enforcement { terms.enforcement = enforcement }
            if let links = request.links { terms.links = links }
            terms.lastModifiedDate = clock.now
            try await writer.updateTerms(terms)
            return terms
        }
        return UpdateTermsResponse(terms: terms)
    }

    public func deleteTerms(_ request: DeleteTermsRequest) async throws {
        try validator.validate(request, operation: .deleteTerms)
        try await write { writer in
            let terms = try await requireTerms(request.termsId, poolId: request.userPoolId, in: writer)
            try await writer.deleteTerms(id: terms.termsId)
        }
    }

    /// A pool's terms ordered by id, `MaxResults` (at most 60) a page.
    public func listTerms(_ request: ListTermsRequest) async throws -> ListTermsResponse {
        try validator.validate(request, operation: .listTerms)
        let limit = request.maxResults ?? 60
        let after = try request.nextToken.map { try PageToken.decode($0, field: "NextToken") }
        let page = try await read { reader -> [TermsType] in
            let stored = try await requirePool(request.userPoolId, in: reader)
            return try await reader.terms(poolKey: stored.key, after: after, limit: limit + 1)
        }
        let shown = Array(page.prefix(limit))
        return ListTermsResponse(
            terms: shown.map {
                TermsDescriptionType(
                    termsId: $0.termsId, termsName: $0.termsName, enforcement: $0.enforcement, creationDate: $0.creationDate,
                    lastModifiedDate: $0.lastModifiedDate)
            },
            nextToken: page.count > limit ? shown.last.map { PageToken.encode($0.termsId) } : nil)
    }

    private func requireTermsClient(_ clientId: String, poolId: String, in reader: any DirectoryReader) async throws -> StoredPool {
        let stored = try await requirePool(poolId, in: reader)
        guard let client = try await reader.client(id: clientId), client.userPoolId == poolId else {
            throw CognitoError.clientNotFound(clientId)
        }
        return stored
    }

    private func requireTerms(_ id: String, poolId: String, in reader: any DirectoryReader) async throws -> TermsType {
        let stored = try await requirePool(poolId, in: reader)
        guard let terms = try await reader.terms(poolKey: stored.key, id: id) else {
            throw CognitoError.resourceNotFound("Terms \(id) do not exist.")
        }
        return terms
    }

    private static func termsExist(_ name: String, clientId: String) -> CognitoError {
        CognitoError(.termsExistsException, "The client \(clientId) already has \(name).")
    }
}
