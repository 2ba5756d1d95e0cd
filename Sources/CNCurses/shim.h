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
static inline attr_t sigil_a_bold(void) { return A_BOLD; }
static inline attr_t sigil_a_reverse(void) { return A_REVERSE; }
static inline attr_t sigil_a_underline(void) { return A_UNDERLINE; }
static inline attr_t sigil_a_dim(void) { return A_DIM; }
static inline attr_t sigil_a_normal(void) { return A_NORMAL; }
static inline int sigil_key_f(int n) { return KEY_F(n); }
static inline int sigil_color_pair(int n) { return COLOR_PAIR(n); }

#endif
