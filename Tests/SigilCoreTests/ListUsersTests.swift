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

    @Test func emptyFilterMatchesEveryone() throws {
        #expect(try UserFilter.parse("") == nil)
        #expect(try UserFilter.parse("   ") == nil)
    }

    @Test(arguments: [
        "email", "email =", "email = ann", "email == \"a\"", "email = \"a", "custom:role = \"x\"", "shoe = \"x\"",
        "email = \"a\" and name = \"b\"", "= \"a\"",
    ])
    func refuses(_ text: String) {
        expectError(.invalidParameterException) { _ = try UserFilter.parse(text) }
    }

    @Test func errorsNameTheProblem() {
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

    init() throws {
        test = try TestEngine()
        poolId = try test.pool()
        let people: [(String, String, String, String)] = [
            ("ann", "Ann", "Lee", "ann.lee@example.com"),
            ("anna", "Anna", "Kim", "Anna.Kim@example.com"),
            ("bob", "Bob", "Annan", "bob@example.org"),
            ("carl", "Carl", "Lee", "carl@example.com"),
        ]
        for (username, given, family, email) in people {
            try test.user(
                username, in: poolId, attributes: ["given_name": given, "family_name": family, "email": email, "name": "\(given) \(family)"])
        }
        _ = try test.engine.adminDisableUser(AdminDisableUserRequest(userPoolId: poolId, username: "carl"))
        _ = try test.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "bob", password: "Passw0rd!", permanent: true))
    }

    func names(_ filter: String?, limit: Int? = nil) throws -> [String] {
        try test.engine.listUsers(ListUsersRequest(userPoolId: poolId, limit: limit, filter: filter)).users?.compactMap(\.username) ?? []
    }

    @Test func filtersAsCognitoDoes() throws {
        #expect(try names(nil) == ["ann", "anna", "bob", "carl"])
        #expect(try names("username ^= \"ann\"") == ["ann", "anna"])
        #expect(try names("username = \"ann\"") == ["ann"])
        #expect(try names("email ^= \"ANN\"") == ["ann", "anna"])
        #expect(try names("email = \"anna.kim@example.com\"") == ["anna"])
        #expect(try names("given_name ^= \"an\"") == ["ann", "anna"])
        #expect(try names("family_name = \"lee\"") == ["ann", "carl"])
        #expect(try names("name ^= \"Bob A\"") == ["bob"])
        #expect(try names("cognito:user_status = \"confirmed\"") == ["bob"])
        #expect(try names("cognito:user_status ^= \"FORCE\"").count == 3)
        #expect(try names("status = \"Disabled\"") == ["carl"])
        #expect(try names("status = \"Enabled\"") == ["ann", "anna", "bob"])
        #expect(try names("status = \"enabled\"") == [])
        #expect(try names("phone_number ^= \"+1\"") == [])
        #expect(try names("email ^= \"\"").count == 4)
        let sub = try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "bob")).userAttributes?["sub"]
        #expect(try names("sub = \"\(sub!)\"") == ["bob"])
    }

    @Test func resultsAreSortedByTheFilteredAttribute() throws {
        // Emails: ann.lee@, anna.kim@, bob@, carl@ → by email; by family name: Annan, Kim, Lee, Lee.
        #expect(try names("family_name ^= \"\"") == ["bob", "anna", "ann", "carl"])
    }

    @Test func attributesToGetLimitsTheAttributes() throws {
        let users = try test.engine.listUsers(ListUsersRequest(userPoolId: poolId, attributesToGet: ["email"], filter: "username = \"ann\"")).users
        #expect(users?.first?.attributes?.map(\.name) == ["email"])
        expectError(.invalidParameterException) {
            _ = try test.engine.listUsers(ListUsersRequest(userPoolId: poolId, attributesToGet: ["custom:nope"]))
        }
    }

    @Test func limitAndBadInput() throws {
        #expect(try names(nil, limit: 2) == ["ann", "anna"])
        expectError(
            .invalidParameterException,
            "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60"
        ) {
            _ = try test.engine.listUsers(ListUsersRequest(userPoolId: poolId, limit: 61))
        }
        expectError(.invalidParameterException) { _ = try names("email ~ \"x\"") }
        expectError(.invalidParameterException) {
            _ = try test.engine.listUsers(ListUsersRequest(userPoolId: poolId, paginationToken: "not-a-token"))
        }
        let page = try test.engine.listUsers(ListUsersRequest(userPoolId: poolId, limit: 1, filter: "email ^= \"a\""))
        expectError(.invalidParameterException) {
            _ = try test.engine.listUsers(
                ListUsersRequest(userPoolId: poolId, limit: 1, paginationToken: page.paginationToken, filter: "email ^= \"b\""))
        }
        expectError(.resourceNotFoundException) { _ = try test.engine.listUsers(ListUsersRequest(userPoolId: "us-east-1_NotThere1")) }
    }

    @Test(arguments: [nil, "email ^= \"user\"", "given_name ^= \"G\"", "status = \"Enabled\"", "cognito:user_status = \"FORCE_CHANGE_PASSWORD\""])
    func pagingVisitsEveryUserOnceWhileUsersAreAdded(_ filter: String?) throws {
        let pool = try test.pool(CreateUserPoolRequest(poolName: "paging"))
        var expected: Set<String> = []
        for index in 0..<130 {
            let name = String(format: "user%03d", (index * 37) % 130)
            try test.user(name, in: pool, attributes: ["email": "\(name)@example.com", "given_name": "G\(index % 7)"])
            expected.insert(name)
        }
        var seen: [String] = []
        var token: String?
        var added = 0
        repeat {
            let page = try test.engine.listUsers(ListUsersRequest(userPoolId: pool, limit: 25, paginationToken: token, filter: filter))
            seen += page.users?.compactMap(\.username) ?? []
            token = page.paginationToken
            // New users arrive between pages, before and after the current position.
            for name in ["aaa\(added)", "zzz\(added)"] {
                try test.user(name, in: pool, attributes: ["email": "\(name)@example.com", "given_name": "G"])
            }
            added += 1
        } while token != nil
        #expect(seen.count == Set(seen).count, "no user is visited twice")
        #expect(expected.isSubset(of: Set(seen)), "every user that existed from the start is visited")
    }
}
