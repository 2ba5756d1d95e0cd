#ifndef SIGIL_CNCURSES_SHIM_H
#define SIGIL_CNCURSES_SHIM_H

// Wide-character ncurses (Debian package libncurses-dev). The two defines must come
// before the header so that get_wch, setcchar and the other wide APIs are declared.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncurses.h>

// Swift 6 refuses the mutable C globals and does not import these macros.
static inline WINDOW *sigil_stdscr(void) { return stdscr; }
static inline int sigil_lines(void) { return LINES; }
static inline int sigil_cols(void) { return COLS; }
static inline int sigil_colors(void) { return COLORS; }
static inline int sigil_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t sigil_a_bold(void) { return A_BOLD; }
static inline attr_t sigil_a_reverse(void) { return A_REVERSE; }
static inline attr_t sigil_a_underline(void) { return A_UNDERLINE; }
static inline attr_t sigil_a_dim(void) { return A_DIM; }
static inline attr_t sigil_a_normal(void) { return A_NORMAL; }
static inline int sigil_key_f(int n) { return KEY_F(n); }
static inline int sigil_color_pair(int n) { return COLOR_PAIR(n); }
static inline mmask_t sigil_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t sigil_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t sigil_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t sigil_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t sigil_button5_pressed(void) { return BUTTON5_PRESSED; }

/// Draws one wide character with attributes and a colour pair at (y, x) of stdscr.
static inline int sigil_put_cell(int y, int x, const wchar_t *text, attr_t attrs, int pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, (short)0, &pair) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

#endif
