/* G-stage Sv39x4 (see gstage.inc). */
#define LEVELS 3
#include "hext.h"
#include "gstage.inc"
