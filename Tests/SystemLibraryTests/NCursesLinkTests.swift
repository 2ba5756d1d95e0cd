import CNCurses
import Testing

/// The console's C library links and is the wide-character build.
@Test func ncursesIsTheWideBuild() async {
    let version = String(cString: curses_version())
    #expect(version.hasPrefix("ncurses "))
    // setcchar exists only in the wide-character library.
    var cell = cchar_t()
    var text: [wchar_t] = [wchar_t(UnicodeScalar("é").value), 0]
    #expect(setcchar(&cell, &text, 0, 0, nil) == OK)
}
