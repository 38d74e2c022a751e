/* G-stage Sv48x4 (see gstage.inc). */
#define LEVELS 4
#include "hext.h"
#include "gstage.inc"
