import SigilCrypto
import Testing

/// RFC 5869 appendix A, test cases 1 to 3 (SHA-256).
@Suite struct HKDFTests {
    @Test func rfc5869Case1() async throws {
        let okm = try HKDF.deriveKey(
            inputKeyMaterial: [UInt8](repeating: 0x0b, count: 22), salt: bytes("000102030405060708090a0b0c"),
            info: bytes("f0f1f2f3f4f5f6f7f8f9"), outputByteCount: 42)
        #expect(Hex.encode(okm) == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    }

    @Test func rfc5869Case2() async throws {
        let okm = try HKDF.deriveKey(
            inputKeyMaterial: Array(0x00...0x4f), salt: Array(0x60...0xaf), info: Array(0xb0...0xff),
            outputByteCount: 82)
        #expect(
            Hex.encode(okm)
                == "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                + "cc30c58179ec3e87c14c01d5c1f3434f1d87")
    }

    @Test func rfc5869Case3EmptySaltAndInfo() async throws {
        let okm = try HKDF.deriveKey(
            inputKeyMaterial: [UInt8](repeating: 0x0b, count: 22), salt: [], info: [], outputByteCount: 42)
        #expect(Hex.encode(okm) == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")
    }

    @Test func stringInfoMatchesBytes() async throws {
        let ikm = [UInt8](repeating: 7, count: 32)
        #expect(
            try HKDF.deriveKey(inputKeyMaterial: ikm, info: "Caldera Derived Key", outputByteCount: 16)
                == HKDF.deriveKey(inputKeyMaterial: ikm, info: utf8("Caldera Derived Key"), outputByteCount: 16))
    }

    @Test(arguments: [0, -1, 255 * 32 + 1]) func rejectsImpossibleLengths(_ length: Int) async {
        #expect(throws: CryptoError.invalidOutputLength(length)) {
            try HKDF.deriveKey(inputKeyMaterial: [1, 2, 3], outputByteCount: length)
        }
    }
}
