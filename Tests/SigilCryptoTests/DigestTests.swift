import Foundation
import SigilCrypto
import Testing

@Suite struct DigestTests {
    @Test func sha256KnownAnswers() async {
        // FIPS 180-2 examples.
        #expect(Hex.encode(SHA256.hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(SHA256.hash([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            Hex.encode(SHA256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hash(Data("abc".utf8)) == SHA256.hash("abc"))
    }

    @Test func sha1KnownAnswers() async {
        #expect(Hex.encode(SHA1.hash("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Hex.encode(SHA1.hash("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        // The Have-I-Been-Pwned range query sends the first 5 hex digits of this.
        #expect(Hex.encode(SHA1.hash("password")).uppercased() == "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8")
    }
}
