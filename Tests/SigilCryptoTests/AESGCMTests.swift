import SigilCrypto
import Testing

@Suite struct AESGCMTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: String
        let iv: String
        let aad: String
        let plaintext: String
        let ciphertext: String
        let tag: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        // NIST CAVP gcmEncryptExtIV256.rsp (AES-256, 96-bit IV, 128-bit tag).
        Vector(
            name: "gcmEncryptExtIV256 PTlen=0 AADlen=0 Count=0",
            key: "b52c505a37d78eda5dd34f20c22540ea1b58963cf8e5bf8ffa85f9f2492505b4", iv: "516c33929df5a3284ff463d7",
            aad: "", plaintext: "", ciphertext: "", tag: "bdc1ac884d332457a1d2664f168c76f0"),
        Vector(
            name: "gcmEncryptExtIV256 PTlen=128 AADlen=0 Count=0",
            key: "31bdadd96698c204aa9ce1448ea94ae1fb4a9a0b3c9d773b51bb1822666b8f22", iv: "0d18e06c7c725ac9e362e1ce",
            aad: "", plaintext: "2db5168e932556f8089a0622981d017d", ciphertext: "fa4362189661d163fcd6a56d8bf0405a",
            tag: "d636ac1bbedd5cc3ee727dc2ab4a9489"),
        Vector(
            name: "gcmEncryptExtIV256 PTlen=128 AADlen=128 Count=0",
            key: "92e11dcdaa866f5ce790fd24501f92509aacf4cb8b1339d50c9c1240935dd08b", iv: "ac93a1a6145299bde902f21a",
            aad: "1e0889016f67601c8ebea4943bc23ad6", plaintext: "2d71bcfa914e4ac045b2aa60955fad24",
            ciphertext: "8995ae2e6df3dbf96fac7b7137bae67f", tag: "eca5aa77d51d4a0a14d9c51e1da474ab"),
        Vector(
            name: "gcmEncryptExtIV256 PTlen=104 AADlen=160 Count=1",
            key: "97431e565e8370a4879de962746a2fd67eca868b1c8e51eece2c1f94f74af407", iv: "17fb63066e2726d282ecc610",
            aad: "78e7374da7c77be5938de8dd76cf0308618306a9", plaintext: "e21629cc973fbe40176e621d9d",
            ciphertext: "80dbd469de480389ba6c2fca52", tag: "4e284abb8b4f9f13c7497ae56df05fa5"),
        Vector(
            name: "gcmEncryptExtIV256 PTlen=408 AADlen=720 Count=2",
            key: "c277df045d0a1a3956958f271055c229d2634427b1d73e99d54920da69f72e01", iv: "79e24f84bc77a21a6cb14ee2",
            aad: "ca09282238d492029afbd30ea9b4aa9d448d77b4b41a791c35ebe3f8e5034ac71210117a843fae647cea020712c27e"
                + "5c8f85acf933d5e28430c7770862d8dbb197cbbcfe49dd63f6aa05fbd13e32c459342698dfee5935c7c321",
            plaintext: "5ca68d858cc30b1cb0514c4e9de98e1a1a835df401f69e9ec6f1bcb1158f09114dff551683b3827457f77e17a7097b"
                + "1ea69eac",
            ciphertext: "5c5223c8eda59a8dc28b08e6c21482a46e5d84d32c7050bf144fc57f4e8094de133198da7b4b8398b167204aff837d"
                + "a15d9ab2",
            tag: "378885950a4491bee3cd681d3c957b9a"),
        // McGrew & Viega, "The Galois/Counter Mode of Operation", AES-256 test cases with non-96-bit IVs.
        Vector(
            name: "GCM spec test case 17 (AES-256, 64-bit IV)",
            key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", iv: "cafebabefacedbad",
            aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
            plaintext: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
            ciphertext: "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0"
                + "feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f",
            tag: "3a337dbf46a792c45e454913fe2ea8f2"),
        Vector(
            name: "GCM spec test case 18 (AES-256, 480-bit IV)",
            key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
            iv: "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728"
                + "c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
            aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
            plaintext: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
            ciphertext: "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf4"
                + "0fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f",
            tag: "a44a8266ee1c8eb0c8b5d4cf5ae9f19a"),
        // NIST CAVP gcmEncryptExtIV128.rsp, the 8-bit and 1024-bit IV sections (AES-128).
        Vector(
            name: "gcmEncryptExtIV128 IVlen=8 PTlen=128 Count=0",
            key: "15b2d414826453f9e1c7dd0b69d8d1eb", iv: "b6", aad: "",
            plaintext: "8cfa255530c6fbc19d51bd4aeb39c91b", ciphertext: "4822cb98bd5f5d921ee19285c9032375",
            tag: "8a40670ebac98cf4e9cc1bf8f803167d"),
        Vector(
            name: "gcmEncryptExtIV128 IVlen=1024 PTlen=128 Count=0",
            key: "71eebc49c8fb773b2224eaff3ad68714",
            iv: "07e961e67784011f72faafd95b0eb64089c8de15ad685ec57e63d56e679d3e20"
                + "2b18b75fcbbec3185ffc41653bc2ac4ae6ae8be8c85636f353a9d19a86100d0b"
                + "d035cc6bdefcab4318ac7b1a08b819427ad8f6abc782466c6ebd4d6a0dd76e78"
                + "389b0a2a66506bb85f038ffc1da220c24f3817c7b2d02c5e8fc5e7e3be5074bc",
            aad: "", plaintext: "705da82292143d2c949dc4ba014f6396", ciphertext: "032363cf0828a03553478bec0f51f372",
            tag: "c681b2c568feaa21900bc44b86aeb946"),
    ]

    @Test(arguments: vectors) func encryptsKnownAnswer(_ vector: Vector) async throws {
        let (ciphertext, tag) = try AESGCM.encrypt(
            bytes(vector.plaintext), key: bytes(vector.key), nonce: bytes(vector.iv), authenticating: bytes(vector.aad))
        #expect(Hex.encode(ciphertext) == vector.ciphertext)
        #expect(Hex.encode(tag) == vector.tag)
    }

    @Test(arguments: vectors) func decryptsKnownAnswer(_ vector: Vector) async throws {
        let plaintext = try AESGCM.decrypt(
            bytes(vector.ciphertext), key: bytes(vector.key), nonce: bytes(vector.iv), tag: bytes(vector.tag),
            authenticating: bytes(vector.aad))
        #expect(Hex.encode(plaintext) == vector.plaintext)
    }

    @Test(arguments: vectors) func rejectsAlteredTagOrData(_ vector: Vector) async {
        var tag = bytes(vector.tag)
        tag[0] ^= 0x01
        #expect(throws: CryptoError.authenticationFailed) {
            try AESGCM.decrypt(
                bytes(vector.ciphertext), key: bytes(vector.key), nonce: bytes(vector.iv), tag: tag,
                authenticating: bytes(vector.aad))
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try AESGCM.decrypt(
                bytes(vector.ciphertext), key: bytes(vector.key), nonce: bytes(vector.iv), tag: bytes(vector.tag),
                authenticating: bytes(vector.aad) + [0])
        }
    }

    @Test func truncatedTagsFromTheSameComputation() async throws {
        // A shorter tag is a prefix of the full one (NIST's Taglen variants).
        let key = [UInt8](repeating: 1, count: 32)
        let nonce = [UInt8](repeating: 2, count: 12)
        let full = try AESGCM.encrypt(utf8("secret"), key: key, nonce: nonce).tag
        let short = try AESGCM.encrypt(utf8("secret"), key: key, nonce: nonce, tagByteCount: 12).tag
        #expect(short == Array(full.prefix(12)))
        #expect(
            try AESGCM.decrypt(AESGCM.encrypt(utf8("secret"), key: key, nonce: nonce).ciphertext, key: key, nonce: nonce, tag: short)
                == utf8("secret"))
    }

    @Test func sealAndOpenRoundTrip() async throws {
        let key = SecureRandom.bytes(32)
        let verifier = SecureRandom.bytes(384)
        let aad = utf8("us-east-1_AbCdEf123/alice")
        let sealed = try AESGCM.seal(verifier, key: key, authenticating: aad)
        #expect(sealed.count == 12 + 384 + 16)
        #expect(try AESGCM.open(sealed, key: key, authenticating: aad) == verifier)
        #expect(try AESGCM.seal(verifier, key: key) != AESGCM.seal(verifier, key: key), "random nonces")
        #expect(try AESGCM.open(AESGCM.seal([], key: key), key: key) == [])
    }

    @Test func sealWithGivenNonceMatchesLowLevelEncryption() async throws {
        let key = bytes("b52c505a37d78eda5dd34f20c22540ea1b58963cf8e5bf8ffa85f9f2492505b4")
        let nonce = bytes("516c33929df5a3284ff463d7")
        #expect(try AESGCM.seal([], key: key, nonce: nonce) == nonce + bytes("bdc1ac884d332457a1d2664f168c76f0"))
    }

    @Test func tamperingIsDetected() async throws {
        let key = SecureRandom.bytes(32)
        let sealed = try AESGCM.seal(utf8("verifier"), key: key, authenticating: utf8("context"))
        for index in [0, 11, 12, sealed.count - 17, sealed.count - 1] {
            var altered = sealed
            altered[index] ^= 0x80
            #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(altered, key: key, authenticating: utf8("context")) }
        }
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(sealed, key: key, authenticating: utf8("other")) }
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(sealed, key: SecureRandom.bytes(32), authenticating: utf8("context")) }
        #expect(throws: CryptoError.truncatedCiphertext) { try AESGCM.open(Array(sealed.prefix(27)), key: key) }
    }

    @Test func rejectsBadSizes() async {
        await #expect(throws: CryptoError.invalidKeySize(expected: "32", actual: 16)) {
            try AESGCM.seal([1], key: [UInt8](repeating: 0, count: 16))
        }
        #expect(throws: CryptoError.invalidNonceSize(8)) {
            try AESGCM.seal([1], key: [UInt8](repeating: 0, count: 32), nonce: [UInt8](repeating: 0, count: 8))
        }
        await #expect(throws: CryptoError.invalidKeySize(expected: "16, 24 or 32", actual: 31)) {
            try AESGCM.encrypt([1], key: [UInt8](repeating: 0, count: 31), nonce: [1])
        }
        #expect(throws: CryptoError.invalidNonceSize(0)) {
            try AESGCM.encrypt([1], key: [UInt8](repeating: 0, count: 32), nonce: [])
        }
        #expect(throws: CryptoError.invalidTagSize(3)) {
            try AESGCM.decrypt([1], key: [UInt8](repeating: 0, count: 32), nonce: [1], tag: [1, 2, 3])
        }
    }
}
