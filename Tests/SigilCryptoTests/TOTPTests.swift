import Foundation
import SigilCrypto
import Testing

@Suite struct TOTPTests {
    /// RFC 6238 appendix B, SHA-1 rows (8 digits, seed "12345678901234567890").
    static let rfc6238: [(TimeInterval, String)] = [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ]
    static let seed = utf8("12345678901234567890")

    @Test func rfc6238SHA1Vectors() async {
        let totp = TOTP(secret: Self.seed, digits: 8)
        for (seconds, code) in Self.rfc6238 {
            #expect(totp.code(at: Date(timeIntervalSince1970: seconds)) == code, "T = \(seconds)")
        }
    }

    @Test func sixDigitCodesAreTheLowDigits() async {
        let totp = TOTP(secret: Self.seed)
        for (seconds, code) in Self.rfc6238 {
            #expect(totp.code(at: Date(timeIntervalSince1970: seconds)) == String(code.suffix(6)))
        }
    }

    @Test func validatesWithinOneStepAndReturnsTheStep() async {
        let totp = TOTP(secret: Self.seed)
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = totp.step(at: now)
        #expect(step == 37_037_037)
        #expect(totp.validate(totp.code(forStep: step), at: now) == step)
        #expect(totp.validate(totp.code(forStep: step - 1), at: now) == step - 1)
        #expect(totp.validate(totp.code(forStep: step + 1), at: now) == step + 1)
        #expect(totp.validate(totp.code(forStep: step - 2), at: now) == nil)
        #expect(totp.validate(totp.code(forStep: step + 2), at: now) == nil)
        #expect(totp.validate(totp.code(forStep: step - 2), at: now, window: 2) == step - 2)
    }

    @Test func refusesReuseOfAMatchedStep() async {
        let totp = TOTP(secret: Self.seed)
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let code = totp.code(at: now)
        let used = totp.validate(code, at: now)
        #expect(used != nil)
        #expect(totp.validate(code, at: now, after: used) == nil)
        #expect(totp.validate(code, at: now.addingTimeInterval(30), after: used) == nil)
    }

    @Test(arguments: ["", "12345", "1234567", "12345a", " 12345", "１２３４５６"])
    func rejectsMalformedCodes(_ code: String) async {
        #expect(TOTP(secret: Self.seed).validate(code, at: Date()) == nil)
    }

    @Test func provisioningURI() async {
        let totp = TOTP(secret: Self.seed)
        #expect(
            totp.provisioningURI(accountName: "alice@example.com", issuer: "Sigil Demo")
                == "otpauth://totp/Sigil%20Demo:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Sigil%20Demo&algorithm=SHA1&digits=6&period=30")
    }
}
