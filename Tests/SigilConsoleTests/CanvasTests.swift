import SigilConsole
import Testing

@Suite struct CanvasTests {
    @Test func wideCharactersTakeTwoCellsAndLineUp() async {
        var canvas = Canvas(width: 12, height: 2)
        canvas.put("山田|", x: 0, y: 0, style: .plain)
        canvas.put("ab  |", x: 0, y: 1, style: .plain)
        #expect(canvas[0, 0].character == "山")
        #expect(canvas[1, 0].isContinuation)
        #expect(canvas.lines()[0].hasPrefix("山田|"))
        // The bar sits in column 4 on both rows.
        #expect(canvas[4, 0].character == "|")
        #expect(canvas[4, 1].character == "|")
    }

    @Test func aWideCharacterThatWouldStraddleTheEdgeBecomesASpace() async {
        var canvas = Canvas(width: 3, height: 1)
        let used = canvas.put("a山山", x: 0, y: 0, style: .plain)
        #expect(canvas.lines() == ["a山"])
        #expect(used == 3)
        var clipped = Canvas(width: 4, height: 1)
        clipped.put("ab山", x: 0, y: 0, style: .plain, limit: 3)
        #expect(clipped.lines() == ["ab  "])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() async {
        var canvas = Canvas(width: 4, height: 1)
        canvas.put("山", x: 1, y: 0, style: .plain)
        canvas.put("x", x: 2, y: 0, style: .plain)
        #expect(canvas.lines() == ["  x "])
        #expect(!canvas[2, 0].isContinuation)
    }

    @Test func combiningMarksAndEmojiAreMeasuredByColumns() async {
        #expect(CharacterWidth.of("e\u{301}") == 1)
        #expect(CharacterWidth.of("👍") == 2)
        #expect(CharacterWidth.of("José") == 4)
        #expect(CharacterWidth.of("東京") == 4)
    }

    @Test func fitTruncatesWithAnEllipsisAndPadsToTheWidth() async {
        #expect(TextLayout.fit("abcdef", 4) == "abc…")
        #expect(TextLayout.fit("ab", 4) == "ab  ")
        #expect(TextLayout.fit("山田太郎", 5) == "山田…")
        #expect(CharacterWidth.of(TextLayout.fit("山田太郎", 6)) == 6)
        #expect(TextLayout.count(1_234_567) == "1,234,567")
        #expect(TextLayout.wrap("one two three", 7) == ["one two", "three"])
    }

    @Test func tableColumnsShareTheSpareWidth() async {
        let widths = Table.widths(
            [TableColumn("a", width: 5, flexible: true), TableColumn("b", width: 4), TableColumn("c", width: 5, flexible: true)], total: 40)
        #expect(widths.reduce(0, +) + 2 == 40)
        #expect(widths[1] == 4)
    }

    @Test func sparklinesAndBarsScaleToTheLargestValue() async {
        #expect(Sparkline.text([0, 1, 2, 4, 8]) == " ▁▂▄█")
        #expect(Sparkline.text([1, 1], maximum: 8) == "▁▁")
        #expect(Sparkline.text([3]) == "█")
        #expect(Sparkline.bar(5, of: 10, width: 4) == "██")
        #expect(Sparkline.bar(1, of: 16, width: 2) == "▏")
        #expect(Sparkline.bar(3, of: 0, width: 4) == "")
    }
}
