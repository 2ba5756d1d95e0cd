import Foundation
import SigilCore
import Testing

@Suite struct UserFilterParserTests {
    @Test(arguments: [
        ("email = \"ann@example.com\"", UserFilter(attribute: "email", isPrefix: false, value: "ann@example.com")),
        ("email^=\"ann\"", UserFilter(attribute: "email", isPrefix: true, value: "ann")),
        ("  given_name ^= \"Mary Ann\"  ", UserFilter(attribute: "given_name", isPrefix: true, value: "Mary Ann")),
        ("\"email\" = \"x\"", UserFilter(attribute: "email", isPrefix: false, value: "x")),
        ("name = \"say \\\"hi\\\"\"", UserFilter(attribute: "name", isPrefix: false, value: "say \"hi\"")),
        ("cognito:user_status = \"UNCONFIRMED\"", UserFilter(attribute: "cognito:user_status", isPrefix: false, value: "UNCONFIRMED")),
    ])
    func parses(_ text: String, _ expected: UserFilter) throws {
        #expect(try UserFilter.parse(text) == expected)
    }

    @Test func emptyFilterMatchesEveryone() async throws {
        #expect(try UserFilter.parse("") == nil)
        #expect(try UserFilter.parse("   ") == nil)
    }

    @Test(arguments: [
        "email", "email =", "email = ann", "email == \"a\"", "email = \"a", "custom:role = \"x\"", "shoe = \"x\"",
        "email = \"a\" and name = \"b\"", "= \"a\"",
    ])
    func refuses(_ text: String) async {
        await expectError(.invalidParameterException) { _ = try UserFilter.parse(text) }
    }

    @Test func errorsNameTheProblem() async {
        do {
            _ = try UserFilter.parse("custom:role = \"x\"")
        } catch let error as CognitoError {
            #expect(error.message.hasPrefix("Error while parsing filter."))
            #expect(error.message.contains("custom:role is not a searchable attribute"))
        } catch {
            Issue.record("\(error)")
        }
    }
}

@Suite struct ListUsersTests {
    let test: TestEngine
    let poolId: String

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool()
        let people: [(String, String, String, String)] = [
            ("ann", "Ann", "Lee", "ann.lee@example.com"),
            ("anna", "Anna", "Kim", "Anna.Kim@example.com"),
            ("bob", "Bob", "Annan", "bob@example.org"),
            ("carl", "Carl", "Lee", "carl@example.com"),
        ]
        for (username, given, family, email) in people {
            try await test.user(
                username, in: poolId, attributes: ["given_name": given, "family_name": family, "email": email, "name": "\(given) \(family)"])
        }
        _ = try await test.engine.adminDisableUser(AdminDisableUserRequest(userPoolId: poolId, username: "carl"))
        _ = try await test.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "bob", password: "Passw0rd!", permanent: true))
    }

    func names(_ filter: String?, limit: Int? = nil) async throws -> [String] {
        try await test.engine.listUsers(ListUsersRequest(userPoolId: poolId, limit: limit, filter: filter)).users?.compactMap(\.username) ?? []
    }

    @Test func filtersAsCognitoDoes() async throws {
        await #expect(try names(nil) == ["ann", "anna", "bob", "carl"])
        await #expect(try names("username ^= \"ann\"") == ["ann", "anna"])
        await #expect(try names("username = \"ann\"") == ["ann"])
        await #expect(try names("email ^= \"ANN\"") == ["ann", "anna"])
        await #expect(try names("email = \"anna.kim@example.com\"") == ["anna"])
        await #expect(try names("given_name ^= \"an\"") == ["ann", "anna"])
        await #expect(try names("family_name = \"lee\"") == ["ann", "carl"])
        await #expect(try names("name ^= \"Bob A\"") == ["bob"])
        await #expect(try names("cognito:user_status = \"confirmed\"") == ["bob"])
        await #expect(try names("cognito:user_status ^= \"FORCE\"").count == 3)
        await #expect(try names("status = \"Disabled\"") == ["carl"])
        await #expect(try names("status = \"Enabled\"") == ["ann", "anna", "bob"])
        await #expect(try names("status = \"enabled\"") == [])
        await #expect(try names("phone_number ^= \"+1\"") == [])
        await #expect(try names("email ^= \"\"").count == 4)
        let sub = try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "bob")).userAttributes?["sub"]
        await #expect(try names("sub = \"\(sub!)\"") == ["bob"])
    }

    @Test func resultsAreSortedByTheFilteredAttribute() async throws {
        // Emails: ann.lee@, anna.kim@, bob@, carl@ → by email; by family name: Annan, Kim, Lee, Lee.
        await #expect(try names("family_name ^= \"\"") == ["bob", "anna", "ann", "carl"])
    }

    @Test func attributesToGetLimitsTheAttributes() async throws {
        let users = try await test.engine.listUsers(ListUsersRequest(userPoolId: poolId, attributesToGet: ["email"], filter: "username = \"ann\""))
            .users
        #expect(users?.first?.attributes?.map(\.name) == ["email"])
        await expectError(.invalidParameterException) {
            _ = try await test.engine.listUsers(ListUsersRequest(userPoolId: poolId, attributesToGet: ["custom:nope"]))
        }
    }

    @Test func limitAndBadInput() async throws {
        await #expect(try names(nil, limit: 2) == ["ann", "anna"])
        await expectError(
            .invalidParameterException,
            "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60"
        ) {
            _ = try await test.engine.listUsers(ListUsersRequest(userPoolId: poolId, limit: 61))
        }
        await expectError(.invalidParameterException) { _ = try await names("email ~ \"x\"") }
        await expectError(.invalidParameterException) {
            _ = try await test.engine.listUsers(ListUsersRequest(userPoolId: poolId, paginationToken: "not-a-token"))
        }
        let page = try await test.engine.listUsers(ListUsersRequest(userPoolId: poolId, limit: 1, filter: "email ^= \"a\""))
        await expectError(.invalidParameterException) {
            _ = try await test.engine.listUsers(
                ListUsersRequest(userPoolId: poolId, limit: 1, paginationToken: page.paginationToken, filter: "email ^= \"b\""))
        }
        await expectError(.resourceNotFoundException) { _ = try await test.engine.listUsers(ListUsersRequest(userPoolId: "us-east-1_NotThere1")) }
    }

    @Test(arguments: [nil, "email ^= \"user\"", "given_name ^= \"G\"", "status = \"Enabled\"", "cognito:user_status = \"FORCE_CHANGE_PASSWORD\""])
    func pagingVisitsEveryUserOnceWhileUsersAreAdded(_ filter: String?) async throws {
        let pool = try await test.pool(CreateUserPoolRequest(poolName: "paging"))
        var expected: Set<String> = []
        for index in 0..<130 {
            let name = String(format: "user%03d", (index * 37) % 130)
            try await test.user(name, in: pool, attributes: ["email": "\(name)@example.com", "given_name": "G\(index % 7)"])
            expected.insert(name)
        }
        var seen: [String] = []
        var token: String?
        var added = 0
        repeat {
            let page = try await test.engine.listUsers(ListUsersRequest(userPoolId: pool, limit: 25, paginationToken: token, filter: filter))
            seen += page.users?.compactMap(\.username) ?? []
            token = page.paginationToken
            // New users arrive between pages, before and after the current position.
            for name in ["aaa\(added)", "zzz\(added)"] {
                try await test.user(name, in: pool, attributes: ["email": "\(name)@example.com", "given_name": "G"])
            }
            added += 1
        } while token != nil
        #expect(seen.count == Set(seen).count, "no user is visited twice")
        #expect(expected.isSubset(of: Set(seen)), "every user that existed from the start is visited")
    }
}
