/* SPDX-License-Identifier: MIT */
/* Booting the machine: firmware, Linux kernel, initrd and device tree in
 * guest RAM, OpenSBI's fw_dynamic_info, and the harts' boot registers.
 *
 * RAM layout (QEMU virt's choices):
 *   0x8000_0000          firmware (OpenSBI fw_dynamic, or --firmware FILE)
 *   RAM + text_offset    the kernel Image (0x8020_0000 for RV64)
 *   ...                  free
 *   initrd               page-aligned, just below the fw_dynamic_info page
 *   fw_dynamic_info      one page, just below the device tree
 *   device tree          at the top of RAM, capped at 3 GiB physical,
 *                        2 MiB-aligned (4 KiB-aligned on small RAM), with
 *                        64 KiB free after it for in-place edits
 * Every hart starts in M-mode at the firmware entry with a0 = hart id,
 * a1 = device tree, a2 = fw_dynamic_info (0 without a kernel).
 *
 * The default firmware (no --firmware, or --firmware default, with
 * --kernel) is OpenSBI's fw_dynamic.bin from $RVKVM_FIRMWARE_DIR, else
 * ${RVKVM_CACHE:-$HOME/.cache/rvkvm}/images/ (where
 * scripts/guest-image.sh puts it). */
#ifndef VMM_BOOT_H
#define VMM_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/loader_elf.h"

struct machine_config;

/* OpenSBI's struct fw_dynamic_info (include/sbi/fw_dynamic.h), version 2:
 * six XLEN-sized little-endian fields. */
#define FW_DYNAMIC_INFO_MAGIC    0x4942534fULL   /* "OSBI" */
#define FW_DYNAMIC_INFO_VERSION  2
#define FW_DYNAMIC_INFO_SIZE     (6 * 8)
#define FW_DYNAMIC_NEXT_MODE_S   1

/* The RISC-V Linux Image header (Documentation/arch/riscv/boot-image-header.rst). */
#define RISCV_IMAGE_HDR_SIZE     64
#define RISCV_IMAGE_MAGIC        0x5643534952ULL  /* "RISCV\0\0\0" at offset 48 */
#define RISCV_IMAGE_MAGIC2       0x05435352u      /* "RSC\x05" at offset 56 */
#define BOOT_KERNEL_OFFSET       0x200000ULL      /* RV64 text_offset */

#define BOOT_CMDLINE_MAX         4095             /* bytes in --append */
#define BOOT_CMDLINE_LINUX_MAX   1023             /* RISC-V COMMAND_LINE_SIZE - 1 */

/* Where everything went. */
struct boot_info {
	struct loader_image fw;       /* firmware entry and HTIF symbols */
	bool has_fw;
	uint64_t fdt_addr, fdt_size;
	uint64_t fw_info_addr;        /* 0: none (no kernel) */
	bool has_kernel;
	uint64_t kernel_addr, kernel_size, kernel_entry;
	bool has_initrd;
	uint64_t initrd_start, initrd_end;
};

/* Path of the default firmware (OpenSBI fw_dynamic.bin) into buf.
 * Returns 0, or -ENAMETOOLONG. */
int boot_default_firmware(char *buf, size_t len);

/* Check the kernel command line: printable, at most BOOT_CMDLINE_MAX
 * bytes.  Returns 0 or -EINVAL with *why set. */
int boot_check_cmdline(const char *s, const char **why);

/* Inflate a compressed kernel file already in memory (gzip, or an EFI
 * zboot image with a gzip payload) into out[0..cap).  Returns 1 with
 * *outlen set, 0 when the file is not compressed (RISC-V Image with or
 * without the EFI "MZ" stub, ELF or raw binary: used as is), or -errno
 * with *why set; output that would exceed cap is an error. */
int boot_kernel_inflate(const uint8_t *buf, size_t len, uint8_t *out, size_t cap,
			size_t *outlen, const char **why);

/* Load everything cfg names into ram and fill bi.  Errors are reported
 * on stderr ("rvkvm: ..."); returns 0 or -errno.  With cfg->dump_dtb the
 * device tree is also written to that file. */
int boot_load(const struct machine_config *cfg, const struct loader_ram *ram,
	      struct boot_info *bi);

#endif
