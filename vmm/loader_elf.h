/* SPDX-License-Identifier: MIT */
/* Firmware loading: RV64 ELF executables (PT_LOAD segments by physical
 * address) and raw binaries.  The parsers take a buffer and a RAM window,
 * so they can be fuzzed without a VM; every offset, address and size in
 * the file is treated as hostile. */
#ifndef VMM_LOADER_ELF_H
#define VMM_LOADER_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The guest RAM the image is loaded into. */
struct loader_ram {
	uint8_t *host;
	uint64_t base, size;
};

/* What the VMM needs from the image. */
struct loader_image {
	uint64_t entry;
	bool has_tohost, has_fromhost;   /* HTIF symbols (from .symtab) */
	uint64_t tohost, fromhost;       /* guest-physical addresses */
	bool is_elf;
};

bool elf_is_elf(const uint8_t *buf, size_t len);
/* Load an ELF64 RISC-V executable.  Returns 0, or -errno with *why set to
 * a short description of what is wrong with the file. */
int elf_load(const uint8_t *buf, size_t len, const struct loader_ram *ram,
	     struct loader_image *img, const char **why);
/* A raw binary goes to the start of RAM and is entered there. */
int raw_load(const uint8_t *buf, size_t len, const struct loader_ram *ram,
	     struct loader_image *img, const char **why);
/* Read path and load it as an ELF, or as a raw binary when it is not one. */
int loader_load_file(const char *path, const struct loader_ram *ram,
		     struct loader_image *img, const char **why);

#endif
