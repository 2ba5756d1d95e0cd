import Foundation
import SigilCrypto
import Testing

@Suite struct CognitoTimestampTests {
    static let known: [(TimeInterval, String)] = [
        (1_772_348_709, "Sun Mar 1 07:05:09 UTC 2026"),
        (1_772_435_109, "Mon Mar 2 07:05:09 UTC 2026"),
        (1_772_521_509, "Tue Mar 3 07:05:09 UTC 2026"),
        (0, "Thu Jan 1 00:00:00 UTC 1970"),
        (951_868_799, "Tue Feb 29 23:59:59 UTC 2000"),
        (1_709_211_607, "Thu Feb 29 13:00:07 UTC 2024"),
        (1_757_030_400, "Fri Sep 5 00:00:00 UTC 2025"),
        (-86_400, "Wed Dec 31 00:00:00 UTC 1969"),
    ]

    @Test func formatsKnownDates() async {
        for (seconds, text) in Self.known {
            #expect(CognitoTimestamp.format(Date(timeIntervalSince1970: seconds)) == text)
        }
        #expect(CognitoTimestamp.format(Date(timeIntervalSince1970: 1_757_030_400.999)) == "Fri Sep 5 00:00:00 UTC 2025")
    }

    @Test func parsesWhatItFormats() async {
        for (seconds, text) in Self.known {
            #expect(CognitoTimestamp.parse(text) == Date(timeIntervalSince1970: seconds))
        }
        for vector in SRPVectors.cases {
            #expect(CognitoTimestamp.parse(vector.timestamp) != nil)
        }
    }

    @Test(arguments: [
        "Fri Sep 05 00:00:00 UTC 2025",  // zero-padded day
        "Sat Sep 5 00:00:00 UTC 2025",  // wrong weekday
        "Fri Sep 5 0:00:00 UTC 2025",
        "Fri Sep 5 00:00:00 GMT 2025",
        "Fri Sep  5 00:00:00 UTC 2025",
        "Mon Feb 30 00:00:00 UTC 2026",
        "Fri Sep 5 24:00:00 UTC 2025",
        "fri sep 5 00:00:00 UTC 2025",
        "Fri Sep 5 00:00:00 UTC 25",
        "",
    ])
    func rejectsOtherShapes(_ text: String) {
        #expect(CognitoTimestamp.parse(text) == nil)
    }
}
