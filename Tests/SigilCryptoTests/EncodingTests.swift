import Foundation
import SigilCrypto
import Testing

@Suite struct Base64URLTests {
    @Test func encodesWithoutPadding() async {
        #expect(Base64URL.encode([UInt8]()) == "")
        #expect(Base64URL.encode(utf8("f")) == "Zg")
        #expect(Base64URL.encode(utf8("fo")) == "Zm8")
        #expect(Base64URL.encode(utf8("foo")) == "Zm9v")
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64URL.encode("{\"alg\":\"RS256\"}") == "eyJhbGciOiJSUzI1NiJ9")
    }

    @Test func decodesWithOrWithoutPadding() async {
        #expect(Base64URL.decode("Zg") == utf8("f"))
        #expect(Base64URL.decode("Zg==") == utf8("f"))
        #expect(Base64URL.decode("Zm8") == utf8("fo"))
        #expect(Base64URL.decode("Zm8=") == utf8("fo"))
        #expect(Base64URL.decode("-_-_") == [0xfb, 0xff, 0xbf])
        #expect(Base64URL.decode("") == [])
    }

    @Test(arguments: ["Zm9v+", "Zm9v/", "Zm 9v", "Z", "Zm9vY", "Zg=", "Zm8==", "é"])
    func rejectsInvalidInput(_ text: String) async {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func roundTripsRandomBytes() async {
        for length in 0..<40 {
            let data = SecureRandom.bytes(length)
            #expect(Base64URL.decode(Base64URL.encode(data)) == data)
        }
    }
}

@Suite struct HexTests {
    @Test func encodeAndDecode() async {
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.decode("000FA0ff") == [0x00, 0x0f, 0xa0, 0xff])
        #expect(Hex.decode("abc") == [0x0a, 0xbc])
        #expect(Hex.decode("") == [])
        #expect(Hex.decode("0x12") == nil)
        #expect(Hex.decode("12 34") == nil)
    }
}

/// RFC 4648 section 10 test vectors.
@Suite struct Base32Tests {
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI"),
    ]
    static let padded = ["", "MY======", "MZXQ====", "MZXW6===", "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======"]

    @Test func encodesWithoutPadding() async {
        for (plain, encoded) in Self.vectors {
            #expect(Base32.encode(utf8(plain)) == encoded)
        }
    }

    @Test func decodesPaddedUnpaddedAndLowerCase() async {
        for ((plain, encoded), padded) in zip(Self.vectors, Self.padded) {
            #expect(Base32.decode(encoded) == utf8(plain))
            #expect(Base32.decode(padded) == utf8(plain))
            #expect(Base32.decode(encoded.lowercased()) == utf8(plain))
        }
    }

    @Test(arguments: ["M", "MZX", "MZXW6Y", "MZXW1", "MZ XW", "MZXW8", "MZ=XW"])
    func rejectsInvalidInput(_ text: String) async {
        #expect(Base32.decode(text) == nil)
    }

    @Test func roundTripsTOTPSecrets() async {
        let secret = TOTP.makeSecret()
        let encoded = Base32.encode(secret)
        #expect(encoded.count == 32)
        #expect(Base32.decode(encoded) == secret)
    }
}

@Suite struct ConstantTimeTests {
    @Test func comparesContentAndLength() async {
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(!constantTimeEquals([], [0]))
        #expect(constantTimeEquals([UInt8](), []))
        #expect(constantTimeEquals("123456", "123456"))
        #expect(!constantTimeEquals("123456", "123457"))
    }
}

@Suite struct SecureRandomTests {
    @Test func bytesHaveTheRequestedLengthAndVary() async {
        #expect(SecureRandom.bytes(0).isEmpty)
        #expect(SecureRandom.bytes(33).count == 33)
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }

    @Test func uniformStaysInRangeAndCoversIt() async {
        var seen = Set<Int>()
        for _ in 0..<2000 {
            let value = SecureRandom.uniform(below: 36)
            #expect((0..<36).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 36)
        #expect(SecureRandom.uniform(below: 1) == 0)
    }

    @Test func uniformIsNotBiased() async {
        // With modulo bias (a byte taken mod 62), the first 8 symbols would come up 5/4 as often.
        var counts = [Int](repeating: 0, count: 62)
        let draws = 62_000
        for _ in 0..<draws { counts[SecureRandom.uniform(below: 62)] += 1 }
        let low = counts[0..<8].reduce(0, +)
        let high = counts[8..<16].reduce(0, +)
        #expect(abs(Double(low) / Double(high) - 1) < 0.12)
    }

    @Test func identifierShapes() async {
        let poolId = "us-east-1_" + SecureRandom.string(length: 9, from: SecureRandom.alphanumeric)
        #expect(poolId.count == 19)
        #expect(poolId.dropFirst(10).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        let clientId = SecureRandom.string(length: 26, from: SecureRandom.lowercaseAlphanumeric)
        #expect(clientId.count == 26)
        #expect(clientId.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) })
        #expect(SecureRandom.string(length: 5, from: "x") == "xxxxx")
    }

    @Test func temporaryPasswordsMeetTheDefaultPolicy() async {
        var firstCharacters = Set<Character>()
        for _ in 0..<200 {
            let password = SecureRandom.password()
            #expect(password.count == 12)
            #expect(password.contains { $0.isLowercase })
            #expect(password.contains { $0.isUppercase })
            #expect(password.contains { $0.isNumber })
            #expect(password.contains { !$0.isLetter && !$0.isNumber })
            firstCharacters.insert(password.first ?? " ")
        }
        #expect(firstCharacters.count > 20)
        #expect(SecureRandom.password(length: 4).count == 4)
    }
}
