import Foundation
import SigilCore
import Testing

/// IAM's evaluation logic on the IAM user guide's own examples (evaluation logic,
/// NotAction/NotResource, condition operators, multivalued keys, policy variables).
@Suite struct PolicyEvaluatorTests {
    func policy(_ json: String, name: String = "test") throws -> NamedPolicy {
        NamedPolicy(name: name, document: try PolicyDocument(json: json))
    }

    func decide(_ policies: [NamedPolicy], _ action: String, _ resource: String, _ context: [String: [String]] = [:]) -> PolicyDecision {
        PolicyEvaluator.evaluate(policies, PolicyRequest(action: action, resource: resource, context: context))
    }

    static let ownPrefix = """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "ListOwnPrefix", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::photos",
           "Condition": {"StringLike": {"s3:prefix": ["${cognito-identity.amazonaws.com:sub}/*"]}}},
          {"Sid": "OwnObjects", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
           "Resource": "arn:aws:s3:::photos/${cognito-identity.amazonaws.com:sub}/*"}
        ]}
        """

    @Test func nothingMatchingIsAnImplicitDeny() async throws {
        let decision = decide([try policy(Self.ownPrefix)], "s3:DeleteObject", "arn:aws:s3:::photos/a/b")
        #expect(decision.outcome == .implicitDeny && decision.statement == nil)
        #expect(decision.explanation == "Deny: no statement allows it (implicit deny)")
    }

    @Test func policyVariablesNameTheCallersOwnPrefix() async throws {
        let policies = [try policy(Self.ownPrefix, name: "photos")]
        let sub = ["cognito-identity.amazonaws.com:sub": ["us-east-1:1111"]]
        let own = decide(policies, "s3:GetObject", "arn:aws:s3:::photos/us-east-1:1111/cat.jpg", sub)
        #expect(own.outcome == .allow && own.statementNumber == 2)
        #expect(own.explanation == "Allow: statement 2 (\"OwnObjects\") of policy photos")
        #expect(decide(policies, "s3:GetObject", "arn:aws:s3:::photos/us-east-1:2222/cat.jpg", sub).outcome == .implicitDeny)
        // Without the key the variable has no value and the resource matches nothing.
        #expect(decide(policies, "s3:GetObject", "arn:aws:s3:::photos/us-east-1:1111/cat.jpg").outcome == .implicitDeny)
        // Action names are case-insensitive, resources are not.
        #expect(decide(policies, "S3:getobject", "arn:aws:s3:::photos/us-east-1:1111/cat.jpg", sub).allowed)
        #expect(!decide(policies, "s3:GetObject", "arn:aws:s3:::PHOTOS/us-east-1:1111/cat.jpg", sub).allowed)
        // The prefix condition uses the same variable.
        #expect(decide(policies, "s3:ListBucket", "arn:aws:s3:::photos", sub.merging(["s3:prefix": ["us-east-1:1111/2024"]]) { a, _ in a }).allowed)
        #expect(!decide(policies, "s3:ListBucket", "arn:aws:s3:::photos", sub.merging(["s3:prefix": ["us-east-1:2222/"]]) { a, _ in a }).allowed)
    }

    @Test func anExplicitDenyOverridesAnyAllow() async throws {
        let allow = try policy(#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#, name: "all-s3")
        let deny = try policy(
            #"{"Statement": [{"Sid": "NoDeletes", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::photos/*"}]}"#,
            name: "guard")
        #expect(decide([allow, deny], "s3:GetObject", "arn:aws:s3:::photos/x").outcome == .allow)
        let denied = decide([allow, deny], "s3:DeleteObject", "arn:aws:s3:::photos/x")
        #expect(denied.outcome == .explicitDeny && denied.policy == "guard")
        #expect(denied.explanation == "Deny: statement 1 (\"NoDeletes\") of policy guard (explicit deny)")
    }

    @Test func notActionAndNotResource() async throws {
        // The guide's NotAction example: everything but IAM.
        let everythingButIAM = try policy(#"{"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}"#)
        #expect(decide([everythingButIAM], "s3:GetObject", "arn:aws:s3:::b/k").allowed)
        #expect(decide([everythingButIAM], "iam:CreateUser", "arn:aws:iam::1:user/x").outcome == .implicitDeny)
        // Deny with NotResource: nothing outside the bucket.
        let onlyPhotos = try policy(
            #"""
            {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                           {"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::photos", "arn:aws:s3:::photos/*"]}]}
            """#)
        #expect(decide([onlyPhotos], "s3:GetObject", "arn:aws:s3:::photos/k").allowed)
        #expect(decide([onlyPhotos], "s3:GetObject", "arn:aws:s3:::secrets/k").outcome == .explicitDeny)
    }

    func condition(_ block: String) throws -> NamedPolicy {
        try policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": "# + block + "}}")
    }

    func allowed(_ policy: NamedPolicy, _ context: [String: [String]] = [:]) -> Bool {
        decide([policy], "s3:GetObject", "arn:aws:s3:::b/k", context).allowed
    }

    @Test func stringOperatorsAndMissingKeys() async throws {
        let equals = try condition(#"{"StringEquals": {"aws:PrincipalTag/team": ["red", "blue"]}}"#)
        #expect(allowed(equals, ["aws:PrincipalTag/team": ["blue"]]))
        #expect(!allowed(equals, ["aws:PrincipalTag/team": ["Blue"]]))
        #expect(!allowed(equals))
        // Key names are case-insensitive.
        #expect(allowed(equals, ["AWS:principaltag/TEAM": ["red"]]))
        let ignoring = try condition(#"{"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "RED"}}"#)
        #expect(allowed(ignoring, ["aws:PrincipalTag/team": ["red"]]))
        // A negated operator holds when the key is missing, and a list means none of them.
        let notEquals = try condition(#"{"StringNotEquals": {"aws:PrincipalTag/team": ["red", "blue"]}}"#)
        #expect(allowed(notEquals))
        #expect(allowed(notEquals, ["aws:PrincipalTag/team": ["green"]]))
        #expect(!allowed(notEquals, ["aws:PrincipalTag/team": ["red"]]))
        let like = try condition(#"{"StringLike": {"aws:userid": "AROA*:ann-?"}}"#)
        #expect(allowed(like, ["aws:userid": ["AROAXYZ:ann-1"]]))
        #expect(!allowed(like, ["aws:userid": ["AROAXYZ:ann-12"]]))
        let ifExists = try condition(#"{"StringEqualsIfExists": {"aws:PrincipalTag/team": "red"}}"#)
        #expect(allowed(ifExists))
        #expect(!allowed(ifExists, ["aws:PrincipalTag/team": ["blue"]]))
    }

    @Test func severalOperatorsAndKeysAreAllNeeded() async throws {
        let both = try condition(
            #"{"StringEquals": {"aws:PrincipalTag/team": "red", "aws:PrincipalTag/level": "3"}, "Bool": {"aws:SecureTransport": "true"}}"#)
        let context = ["aws:PrincipalTag/team": ["red"], "aws:PrincipalTag/level": ["3"], "aws:SecureTransport": ["true"]]
        #expect(allowed(both, context))
        #expect(!allowed(both, context.merging(["aws:SecureTransport": ["false"]]) { _, new in new }))
        #expect(!allowed(both, context.filter { $0.key != "aws:PrincipalTag/level" }))
    }

    @Test func setQualifiersOnMultivaluedKeys() async throws {
        // The guide's amr example: authenticated web identities only.
        let authenticated = try condition(#"{"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}"#)
        #expect(allowed(authenticated, ["cognito-identity.amazonaws.com:amr": ["authenticated", "cognito-idp.us-east-1.amazonaws.com/p"]]))
        #expect(!allowed(authenticated, ["cognito-identity.amazonaws.com:amr": ["unauthenticated"]]))
        #expect(!allowed(authenticated))
        let allOf = try condition(#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "project"]}}"#)
        #expect(allowed(allOf, ["aws:TagKeys": ["team"]]))
        #expect(!allowed(allOf, ["aws:TagKeys": ["team", "owner"]]))
        // ForAllValues holds when the key is missing.
        #expect(allowed(allOf))
    }

    @Test func nullBoolIpAndArnOperators() async throws {
        let absent = try condition(#"{"Null": {"aws:PrincipalTag/team": "true"}}"#)
        #expect(allowed(absent))
        #expect(!allowed(absent, ["aws:PrincipalTag/team": ["red"]]))
        let present = try condition(#"{"Null": {"aws:PrincipalTag/team": "false"}}"#)
        #expect(allowed(present, ["aws:PrincipalTag/team": ["red"]]))
        let office = try condition(#"{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"]}}"#)
        #expect(allowed(office, ["aws:SourceIp": ["203.0.113.9"]]))
        #expect(allowed(office, ["aws:SourceIp": ["2001:db8::1"]]))
        #expect(allowed(office, ["aws:SourceIp": ["198.51.100.7"]]))
        #expect(!allowed(office, ["aws:SourceIp": ["198.51.100.8"]]))
        #expect(!allowed(office))
        let elsewhere = try condition(#"{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#)
        #expect(allowed(elsewhere, ["aws:SourceIp": ["192.0.2.1"]]))
        // The guide's ArnLike example: a wildcard stays inside its component.
        let arn = try condition(#"{"ArnLike": {"aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*"}}"#)
        #expect(allowed(arn, ["aws:SourceArn": ["arn:aws:someservice:us-east-1:111122223333:finance/report"]]))
        #expect(!allowed(arn, ["aws:SourceArn": ["arn:aws:someservice:us-east-1:x:111122223333:finance/report"]]))
        let numeric = try condition(#"{"NumericLessThanEquals": {"s3:max-keys": "10"}}"#)
        #expect(allowed(numeric, ["s3:max-keys": ["10"]]) && !allowed(numeric, ["s3:max-keys": ["11"]]))
        let date = try condition(#"{"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}"#)
        #expect(allowed(date, ["aws:CurrentTime": ["2026-11-27T00:00:00Z"]]) && !allowed(date, ["aws:CurrentTime": ["2031-01-01T00:00:00Z"]]))
    }

    @Test func variableDefaultsAndEscapes() async throws {
        let team = try policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::${aws:PrincipalTag/team, 'shared'}/*"}}"#
        )
        #expect(decide([team], "s3:GetObject", "arn:aws:s3:::red/k", ["aws:PrincipalTag/team": ["red"]]).allowed)
        #expect(decide([team], "s3:GetObject", "arn:aws:s3:::shared/k").allowed)
        // A variable's value is matched literally, even a `*` in it.
        #expect(!decide([team], "s3:GetObject", "arn:aws:s3:::red/k", ["aws:PrincipalTag/team": ["*"]]).allowed)
        let star = try policy(#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${*}"}}"#)
        #expect(decide([star], "s3:GetObject", "arn:aws:s3:::b/*").allowed)
        #expect(!decide([star], "s3:GetObject", "arn:aws:s3:::b/k").allowed)
        // A missing variable in a condition value: StringEquals fails, StringNotEquals holds.
        let sameTeam = try condition(#"{"StringEquals": {"s3:ExistingObjectTag/team": "${aws:PrincipalTag/team}"}}"#)
        #expect(!allowed(sameTeam, ["s3:ExistingObjectTag/team": ["red"]]))
        #expect(allowed(sameTeam, ["s3:ExistingObjectTag/team": ["red"], "aws:PrincipalTag/team": ["red"]]))
        let otherTeam = try condition(#"{"StringNotEquals": {"s3:ExistingObjectTag/team": "${aws:PrincipalTag/team}"}}"#)
        #expect(allowed(otherTeam, ["s3:ExistingObjectTag/team": ["red"]]))
        // Without Version 2012-10-17 there are no policy variables: `${…}` is plain text.
        let old = try policy(#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::${aws:username}/*"}}"#)
        #expect(decide([old], "s3:GetObject", "arn:aws:s3:::${aws:username}/k", ["aws:username": ["ann"]]).allowed)
        #expect(!decide([old], "s3:GetObject", "arn:aws:s3:::ann/k", ["aws:username": ["ann"]]).allowed)
        // Matching compares code points: a decomposed é is another resource.
        let cafe = try policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/caf\u00e9"}}"#)
        #expect(decide([cafe], "s3:GetObject", "arn:aws:s3:::b/caf\u{e9}").allowed)
        #expect(!decide([cafe], "s3:GetObject", "arn:aws:s3:::b/cafe\u{301}").allowed)
    }

    @Test func badPoliciesAreNamedPrecisely() async {
        func problem(_ json: String) -> String? {
            do {
                _ = try PolicyDocument(json: json)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(problem("{") == "The policy is not valid JSON.")
        #expect(problem(#"{"Statement": []}"#) == "The policy's Statement list is empty.")
        #expect(problem(#"{"Statement": {"Effect": "Permit", "Action": "*", "Resource": "*"}}"#) == "Statement 1: Effect must be Allow or Deny.")
        #expect(
            problem(
                #"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Allow", "Action": "*", "NotAction": "x", "Resource": "*"}]}"#
            )
                == "Statement 2 has both Action and NotAction.")
        #expect(problem(#"{"Statement": {"Effect": "Allow", "Action": "*"}}"#) == "Statement 1 needs Resource or NotResource.")
        #expect(
            problem(#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringSortOf": {"a": "b"}}}}"#)
                == "Statement 1: StringSortOf is not a condition operator Sigil knows.")
        #expect(
            problem(#"{"Version": "2020-01-01", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#)?.hasPrefix("Version 2020-01-01")
                == true)
    }
}
