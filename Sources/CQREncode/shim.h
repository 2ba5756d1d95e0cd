#ifndef SIGIL_CQRENCODE_SHIM_H
#define SIGIL_CQRENCODE_SHIM_H

// QR codes from libqrencode (Debian package libqrencode-dev).
#include <qrencode.h>

#endif
