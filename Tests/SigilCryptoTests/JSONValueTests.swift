import Foundation
import SigilCrypto
import Testing

@Suite struct JSONValueTests {
    @Test func decodesEveryKind() throws {
        let value = try JSONValue(json: utf8(#"{"s":"x","i":42,"d":1.5,"t":true,"f":false,"n":null,"a":[1,"2"],"o":{"k":-7}}"#))
        #expect(
            value
                == [
                    "s": "x", "i": 42, "d": 1.5, "t": true, "f": false, "n": nil, "a": [1, "2"], "o": ["k": -7],
                ])
        #expect(value["i"]?.intValue == 42)
        #expect(value["d"]?.doubleValue == 1.5)
        #expect(value["i"]?.doubleValue == 42)
        #expect(value["t"]?.boolValue == true)
        #expect(value["a"]?.arrayValue?.count == 2)
        #expect(value["o"]?["k"]?.intValue == -7)
        #expect(value["s"]?.intValue == nil)
    }

    @Test func booleansAndNumbersStayDistinct() throws {
        #expect(try JSONValue(json: utf8("[true,1,0,false]")) == [.bool(true), .int(1), .int(0), .bool(false)])
        #expect(try JSONValue(json: utf8("1.0")).intValue == 1)
        #expect(try JSONValue(json: utf8("1.5")) == .double(1.5))
        #expect(try JSONValue(json: utf8("1")) == .int(1))
        #expect(try JSONValue(json: utf8("true")) == .bool(true))
    }

    @Test func encodesWithSortedKeysCompactly() throws {
        let value: JSONValue = ["kid": "a/b+c=", "alg": "RS256", "n": 3, "x": [nil, false, 0.25]]
        #expect(try value.jsonString() == #"{"alg":"RS256","kid":"a/b+c=","n":3,"x":[null,false,0.25]}"#)
    }

    @Test func roundTripsThroughCodable() throws {
        let value: JSONValue = ["unicode": "Pässwörd ✓", "big": 9_007_199_254_740_993, "nested": [["a": []]]]
        #expect(try JSONValue(json: value.jsonBytes()) == value)
    }

    @Test func rejectsNonJSON() {
        #expect(throws: (any Error).self) { try JSONValue(json: utf8("{")) }
        #expect(throws: (any Error).self) { try JSONValue(json: utf8("nope")) }
    }
}
