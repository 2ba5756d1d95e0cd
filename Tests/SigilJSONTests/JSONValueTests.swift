import Foundation
import SigilJSON
import Testing

@Suite struct JSONValueTests {
    @Test func decodesEveryKind() async throws {
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

    @Test func booleansAndNumbersStayDistinct() async throws {
        #expect(try JSONValue(json: utf8("[true,1,0,false]")) == [.bool(true), .int(1), .int(0), .bool(false)])
        #expect(try JSONValue(json: utf8("1.0")).intValue == 1)
        #expect(try JSONValue(json: utf8("1.5")) == .double(1.5))
        #expect(try JSONValue(json: utf8("1")) == .int(1))
        #expect(try JSONValue(json: utf8("true")) == .bool(true))
    }

    @Test func encodesWithSortedKeysCompactly() async throws {
        let value: JSONValue = ["kid": "a/b+c=", "alg": "RS256", "n": 3, "x": [nil, false, 0.25]]
        #expect(try value.jsonString() == #"{"alg":"RS256","kid":"a/b+c=","n":3,"x":[null,false,0.25]}"#)
    }

    @Test func roundTripsThroughCodable() async throws {
        let value: JSONValue = ["unicode": "Pässwörd ✓", "big": 9_007_199_254_740_993, "nested": [["a": []]]]
        #expect(try JSONValue(json: value.jsonBytes()) == value)
    }

    @Test func rejectsNonJSON() async {
        #expect(throws: (any Error).self) { try JSONValue(json: utf8("{")) }
        #expect(throws: (any Error).self) { try JSONValue(json: utf8("nope")) }
    }
}

/// The hand-written JSON reader and writer behind `JSONValue(json:)` and `jsonBytes()`.
@Suite struct JSONTextTests {
    @Test(
        arguments: [
            (#"{"a":[1,-2.5,true,false,null,"x"],"b":{}}"#, JSONValue.object(["a": [1, -2.5, true, false, nil, "x"], "b": .object([:])])),
            (#"  [ 1 , 2e3 , 0 , -0.5E-1 ]  "#, [1, 2000.0, 0, -0.05]),
            (#""\u00e9\ud83c\udf89 \"q\" \\ \/ \n\t""#, "é🎉 \"q\" \\ / \n\t"),
            ("9223372036854775807", 9_223_372_036_854_775_807),
            ("1e400", JSONValue.double(.infinity)),
        ] as [(String, JSONValue)])
    func reads(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONValue(json: Array(text.utf8)) == expected)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "tru", "nulls", "\"abc", "\"\\x\"", "\"\\ud83c\"", "{\"a\" 1}",
        "[1 2]", "\"tab\there\"", "1 2", "\u{FF}",
    ])
    func refuses(_ text: String) {
        #expect(throws: (any Error).self) { _ = try JSONValue(json: Array(text.utf8)) }
    }

    @Test func refusesDeepNesting() async {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: (any Error).self) { _ = try JSONValue(json: Array(deep.utf8)) }
    }

    @Test func writesSortedCompactJSONThatFoundationReads() async throws {
        let value: JSONValue = ["z": "a/b \"c\" \u{1}", "a": [1, 2.5, true, nil], "m": ["k": "é"]]
        let text = try value.jsonString()
        #expect(text == #"{"a":[1,2.5,true,null],"m":{"k":"é"},"z":"a/b \"c\" \u0001"}"#)
        let reparsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(reparsed?["z"] as? String == "a/b \"c\" \u{1}")
        #expect(try JSONValue(json: Array(text.utf8)) == value)
        #expect(throws: (any Error).self) { _ = try JSONValue.double(.nan).jsonBytes() }
    }
}

private func utf8(_ text: String) -> [UInt8] {
    Array(text.utf8)
}
