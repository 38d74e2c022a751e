/* G-stage Sv57x4 (see gstage.inc). */
#define LEVELS 5
#include "hext.h"
#include "gstage.inc"
