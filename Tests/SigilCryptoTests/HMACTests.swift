import Foundation
import SigilCrypto
import Testing

/// RFC 4231 test cases for HMAC-SHA256.
@Suite struct HMACTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let number: Int
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { "RFC 4231 test case \(number)" }
    }

    static let cases: [Case] = [
        Case(
            number: 1, key: [UInt8](repeating: 0x0b, count: 20), data: utf8("Hi There"),
            mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Case(
            number: 2, key: utf8("Jefe"), data: utf8("what do ya want for nothing?"),
            mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Case(
            number: 3, key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
            mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Case(
            number: 4, key: Array(1...25), data: [UInt8](repeating: 0xcd, count: 50),
            mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        // Test case 5 publishes only the first 128 bits.
        Case(
            number: 5, key: [UInt8](repeating: 0x0c, count: 20), data: utf8("Test With Truncation"),
            mac: "a3b6167473100ee06e0c796c2955552b"),
        Case(
            number: 6, key: [UInt8](repeating: 0xaa, count: 131),
            data: utf8("Test Using Larger Than Block-Size Key - Hash Key First"),
            mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Case(
            number: 7, key: [UInt8](repeating: 0xaa, count: 131),
            data: utf8(
                "This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm."),
            mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: cases) func rfc4231(_ testCase: Case) async {
        let mac = HMACSHA256.authenticate(testCase.data, key: testCase.key)
        #expect(mac.count == 32)
        #expect(Hex.encode(Array(mac.prefix(testCase.mac.count / 2))) == testCase.mac)
    }

    @Test func overloadsAgree() async {
        let key = utf8("Jefe")
        let message = "what do ya want for nothing?"
        #expect(HMACSHA256.authenticate(message, key: key) == HMACSHA256.authenticate(utf8(message), key: key))
        #expect(HMACSHA256.authenticate(Data(message.utf8), key: Data(key)) == HMACSHA256.authenticate(message, key: key))
    }

    @Test func emptyKeyAndMessage() async {
        // HMAC-SHA256("", "") from any reference implementation.
        #expect(
            Hex.encode(HMACSHA256.authenticate([UInt8](), key: []))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func hmacSHA1() async {
        // RFC 2202 test case 2.
        #expect(
            Hex.encode(HMACSHA1.authenticate(utf8("what do ya want for nothing?"), key: utf8("Jefe")))
                == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
    }
}
