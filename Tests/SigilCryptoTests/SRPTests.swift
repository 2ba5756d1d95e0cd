import Foundation
import SigilCrypto
import Testing

@Suite struct SRPTests {
    @Test func groupConstantsMatchTheVectors() async {
        #expect(Hex.encode(SRP.modulus) == SRPVectors.modulusHex)
        #expect(SRP.modulus.count == 384)
        #expect(SRP.generator == [2])
        #expect(Hex.encode(SRP.multiplier) == SRPVectors.multiplierHex)
    }

    @Test(arguments: SRPVectors.cases) func serverSideKnownAnswers(_ vector: SRPVector) async throws {
        let identity = try SRPIdentity.user(poolId: vector.poolId, userIdForSRP: vector.userIdForSRP)
        let salt = bytes(vector.saltHex)
        #expect(salt.count == SRP.saltByteCount)

        let x = SRP.passwordHash(salt: salt, identity: identity, password: vector.password)
        #expect(number(x) == number(vector.xHex))

        let verifier = try SRP.makeVerifier(
            poolId: vector.poolId, userIdForSRP: vector.userIdForSRP, password: vector.password, salt: salt)
        #expect(number(verifier) == number(vector.vHex))

        let server = try SRPServer(verifier: verifier, privateValue: bytes(vector.bHex))
        #expect(number(server.publicValue) == number(vector.BHex))

        let clientA = bytes(vector.AHex)
        #expect(number(server.scramblingParameter(clientPublicValue: clientA)) == number(vector.uHex))
        #expect(number(try server.sharedSecret(clientPublicValue: clientA)) == number(vector.SHex))
        #expect(Hex.encode(try server.sessionKey(clientPublicValue: clientA)) == vector.hkdfKeyHex)

        let secretBlock = try #require(Data(base64Encoded: vector.secretBlockBase64).map { [UInt8]($0) })
        let expected = try server.expectedSignature(
            clientPublicValue: clientA, identity: identity, secretBlock: secretBlock, timestamp: vector.timestamp)
        #expect(Data(expected).base64EncodedString() == vector.signatureBase64)
        #expect(
            try server.verifySignature(
                vector.signatureBase64, clientPublicValue: clientA, identity: identity, secretBlock: secretBlock,
                timestamp: vector.timestamp))
        #expect(
            try !server.verifySignature(
                vector.wrongPasswordSignatureBase64, clientPublicValue: clientA, identity: identity,
                secretBlock: secretBlock, timestamp: vector.timestamp))
        // The same signature is bound to its timestamp and secret block.
        #expect(
            try !server.verifySignature(
                vector.signatureBase64, clientPublicValue: clientA, identity: identity, secretBlock: secretBlock,
                timestamp: vector.timestamp.replacingOccurrences(of: " 07:", with: " 08:")))
        #expect(
            try !server.verifySignature(
                vector.signatureBase64, clientPublicValue: clientA, identity: identity, secretBlock: secretBlock + [0],
                timestamp: vector.timestamp))
        #expect(
            try !server.verifySignature(
                "not base64!", clientPublicValue: clientA, identity: identity, secretBlock: secretBlock,
                timestamp: vector.timestamp))
    }

    @Test(arguments: SRPVectors.cases) func clientSideKnownAnswers(_ vector: SRPVector) async throws {
        let identity = try SRPIdentity.user(poolId: vector.poolId, userIdForSRP: vector.userIdForSRP)
        let client = try SRPClient(privateValue: bytes(vector.aHex))
        #expect(number(client.publicValue) == number(vector.AHex))

        let serverB = bytes(vector.BHex)
        let salt = bytes(vector.saltHex)
        let secret = try client.sharedSecret(
            serverPublicValue: serverB, salt: salt, identity: identity, password: vector.password)
        #expect(number(secret) == number(vector.SHex))
        let key = try client.sessionKey(serverPublicValue: serverB, salt: salt, identity: identity, password: vector.password)
        #expect(Hex.encode(key) == vector.hkdfKeyHex)

        let secretBlock = try #require(Data(base64Encoded: vector.secretBlockBase64).map { [UInt8]($0) })
        let signature = try client.passwordClaimSignature(
            serverPublicValue: serverB, salt: salt, identity: identity, password: vector.password,
            secretBlock: secretBlock, timestamp: vector.timestamp)
        #expect(signature == vector.signatureBase64)

        // The vectors' wrong password is the right one followed by "x" (it reproduces their signature).
        let wrong = try client.passwordClaimSignature(
            serverPublicValue: serverB, salt: salt, identity: identity, password: vector.password + "x",
            secretBlock: secretBlock, timestamp: vector.timestamp)
        #expect(wrong == vector.wrongPasswordSignatureBase64)
        #expect(wrong != vector.signatureBase64)
    }

    @Test func freshHandshakeSucceedsOnlyWithTheRightPassword() async throws {
        let identity = try SRPIdentity.user(poolId: "eu-west-1_Q1w2E3r4T", userIdForSRP: "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d")
        let salt = SRP.makeSalt()
        let verifier = try SRP.makeVerifier(identity: identity, password: "Pässwörd!1", salt: salt)
        let server = try SRPServer(verifier: verifier)
        #expect(server.privateValue.count == 32)
        let client = try SRPClient()
        let secretBlock = SecureRandom.bytes(64)
        let timestamp = CognitoTimestamp.format(Date())

        for (password, accepted) in [("Pässwörd!1", true), ("Passwörd!1", false), ("", false)] {
            let signature = try client.passwordClaimSignature(
                serverPublicValue: server.publicValue, salt: salt, identity: identity, password: password,
                secretBlock: secretBlock, timestamp: timestamp)
            let verified = try server.verifySignature(
                signature, clientPublicValue: client.publicValue, identity: identity, secretBlock: secretBlock,
                timestamp: timestamp)
            #expect(verified == accepted, "password \(password)")
        }
    }

    @Test func passwordCheckByRecomputingTheVerifier() async throws {
        let vector = SRPVectors.cases[0]
        let identity = try SRPIdentity.user(poolId: vector.poolId, userIdForSRP: vector.userIdForSRP)
        let salt = bytes(vector.saltHex)
        let verifier = bytes(vector.vHex)
        #expect(try SRP.verifyPassword(vector.password, identity: identity, salt: salt, verifier: verifier))
        #expect(try !SRP.verifyPassword(vector.password + "x", identity: identity, salt: salt, verifier: verifier))
        let otherUser = SRPIdentity(realm: identity.realm, user: "bob")
        #expect(try !SRP.verifyPassword(vector.password, identity: otherUser, salt: salt, verifier: verifier))
    }

    @Test func resumedServerMatchesTheOriginal() async throws {
        let verifier = try SRP.makeVerifier(poolId: "us-east-1_AbCdEf123", userIdForSRP: "alice", password: "pw", salt: SRP.makeSalt())
        let server = try SRPServer(verifier: verifier)
        let resumed = try SRPServer(verifier: verifier, privateValue: server.privateValue)
        #expect(resumed.publicValue == server.publicValue)
    }

    @Test func deviceVariantHashesGroupKeyAndDeviceKey() async throws {
        let identity = SRPIdentity.device(groupKey: "-nNwnPidS", deviceKey: "us-east-1_6f1e3f4a-9b7c-4d2e-8a1b-2c3d4e5f6a7b")
        let salt = SRP.makeSalt()
        let devicePassword = "d3v1ce-Passw0rd"
        let x = SRP.passwordHash(salt: salt, identity: identity, password: devicePassword)
        let inner = SHA256.hash("-nNwnPidS" + "us-east-1_6f1e3f4a-9b7c-4d2e-8a1b-2c3d4e5f6a7b" + ":" + devicePassword)
        #expect(x == SHA256.hash(SRP.pad(salt) + inner))

        let server = try SRPServer(verifier: SRP.makeVerifier(identity: identity, password: devicePassword, salt: salt))
        let client = try SRPClient()
        let secretBlock = SecureRandom.bytes(32)
        let timestamp = "Fri Sep 5 00:00:00 UTC 2025"
        let key = try server.sessionKey(clientPublicValue: client.publicValue)
        let message = utf8("-nNwnPidS") + utf8("us-east-1_6f1e3f4a-9b7c-4d2e-8a1b-2c3d4e5f6a7b") + secretBlock + utf8(timestamp)
        #expect(
            try server.expectedSignature(
                clientPublicValue: client.publicValue, identity: identity, secretBlock: secretBlock, timestamp: timestamp)
                == HMACSHA256.authenticate(message, key: key))
        let signature = try client.passwordClaimSignature(
            serverPublicValue: server.publicValue, salt: salt, identity: identity, password: devicePassword,
            secretBlock: secretBlock, timestamp: timestamp)
        #expect(
            try server.verifySignature(
                signature, clientPublicValue: client.publicValue, identity: identity, secretBlock: secretBlock,
                timestamp: timestamp))
    }

    @Test func rejectsClientValuesThatAreZeroModN() async throws {
        let server = try SRPServer(
            verifier: SRP.makeVerifier(poolId: "us-east-1_AbCdEf123", userIdForSRP: "alice", password: "pw", salt: SRP.makeSalt()))
        var twiceN = [UInt8]()
        var carry: UInt8 = 0
        for byte in SRP.modulus.reversed() {
            twiceN.insert(byte << 1 | carry, at: 0)
            carry = byte >> 7
        }
        twiceN.insert(carry, at: 0)
        let oversized = [UInt8](repeating: 0x01, count: 4096)
        for bad in [[0], SRP.modulus, [0, 0] + SRP.modulus, twiceN, oversized] {
            #expect(throws: CryptoError.invalidSRPPublicValue("A")) {
                try server.sharedSecret(clientPublicValue: bad)
            }
        }
        let client = try SRPClient()
        #expect(throws: CryptoError.invalidSRPPublicValue("B")) {
            try client.sharedSecret(serverPublicValue: SRP.modulus, salt: [1], identity: SRPIdentity(realm: "a", user: "b"), password: "c")
        }
    }

    @Test func padFollowsCognito() async {
        #expect(SRP.pad([0x7f, 0x01]) == [0x7f, 0x01])
        #expect(SRP.pad([0x80, 0x01]) == [0x00, 0x80, 0x01])
        #expect(SRP.pad([0x00, 0x00, 0x05]) == [0x05])
        #expect(SRP.pad([0x00, 0xff]) == [0x00, 0xff])
        #expect(SRP.pad([]) == [0x00])
        #expect(SRP.pad([0, 0]) == [0x00])
    }

    @Test func saltsAreSixteenBytesWithoutLeadingZero() async {
        for _ in 0..<200 {
            let salt = SRP.makeSalt()
            #expect(salt.count == 16)
            #expect(salt[0] != 0)
        }
    }

    @Test func hexHelpers() async throws {
        #expect(SRP.hexString([0x00, 0x07, 0x89]) == "0789")
        #expect(SRP.hexString([]) == "0")
        #expect(try SRP.parseHex("789") == [0x07, 0x89])
        #expect(throws: CryptoError.invalidHex) { try SRP.parseHex("xyz") }
        #expect(throws: CryptoError.invalidHex) { try SRP.parseHex("") }
    }

    @Test(arguments: ["us-east-1AbCdEf123", "_AbCdEf123", "us-east-1_", "a_b_c"])
    func rejectsPoolIdsWithoutName(_ poolId: String) async {
        #expect(throws: CryptoError.invalidPoolId(poolId)) {
            try SRPIdentity.user(poolId: poolId, userIdForSRP: "alice")
        }
    }

    @Test func userIdentityUsesThePoolName() async throws {
        let identity = try SRPIdentity.user(poolId: "us-east-1_AbCdEf123", userIdForSRP: "alice")
        #expect(identity == SRPIdentity(realm: "AbCdEf123", user: "alice"))
    }
}
