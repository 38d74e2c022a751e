/* Sv48 paging: 4 KiB pages and every superpage size, permissions, SUM,
 * MXR, MPRV, canonical addresses, SFENCE.VMA (body in paging.inc). */
#define LEVELS 4
#include "priv.h"
#include "paging.inc"
