// SPDX-License-Identifier: MIT
/* libFuzzer target for the firmware loader: any input must be loaded
 * within the RAM window or refused, never read or write out of bounds.
 * Build: make fuzz-elf; run: build/tests/vmm/fuzz_elf -max_total_time=600 CORPUS_DIR */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/loader_elf.h"

#define FUZZ_RAM_BASE 0x80000000ULL
#define FUZZ_RAM_SIZE (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t ram[FUZZ_RAM_SIZE];
	struct loader_ram lram = { ram, FUZZ_RAM_BASE, sizeof(ram) };
	struct loader_image img;
	const char *why = NULL;
	int r = elf_is_elf(data, size) ? elf_load(data, size, &lram, &img, &why)
				       : raw_load(data, size, &lram, &img, &why);
	if (r == 0 && (img.entry < FUZZ_RAM_BASE || img.entry - FUZZ_RAM_BASE >= sizeof(ram)))
		abort();
	if (r < 0 && !why)
		abort();
	return 0;
}
