/* Sv39 paging: 4 KiB pages and every superpage size, permissions, SUM,
 * MXR, MPRV, canonical addresses, SFENCE.VMA (body in paging.inc). */
#define LEVELS 3
#include "priv.h"
#include "paging.inc"
