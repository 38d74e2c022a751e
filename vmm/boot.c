// SPDX-License-Identifier: MIT
/* Boot images into guest RAM (layout in boot.h).  Files are hostile:
 * sizes, headers and compressed streams are checked against the RAM
 * window before anything is copied, and decompression is bounded by the
 * room the kernel has. */
#include "vmm/boot.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "vmm/fdt.h"
#include "vmm/machine.h"

#define SZ_4K   0x1000ULL
#define SZ_64K  0x10000ULL
#define SZ_2M   0x200000ULL
#define BOOT_FDT_CAP       0xc0000000ULL  /* keep the tree below 3 GiB (QEMU) */
#define BOOT_FDT_ROOM      SZ_64K         /* free bytes after the tree */
#define BOOT_MAX_KERNEL    (1ULL << 30)   /* kernel files larger than this are refused */
#define BOOT_RNG_SEED_LEN  32

static uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }
static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
static uint64_t rd_le64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return le64toh(v); }
static uint32_t rd_le32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return le32toh(v); }
static void wr_le64(uint8_t *p, uint64_t v) { v = htole64(v); memcpy(p, &v, 8); }

static void boot_err(const char *what, const char *why)
{
	fprintf(stderr, "rvkvm: %s: %s\n", what, why);
}

/* --- files ---------------------------------------------------------------- */

/* Open a regular file of at most max bytes. */
static int boot_open(const char *path, uint64_t max, const char *too_big, int *fdp,
		     uint64_t *sizep, const char **why)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		return *why = strerror(e), -e;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return *why = strerror(e), -e;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return *why = "not a regular file", -EINVAL;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return *why = too_big, -EFBIG;
	}
	*fdp = fd;
	*sizep = (uint64_t)st.st_size;
	return 0;
}

/* Read exactly len bytes. */
static int boot_read_all(int fd, uint8_t *dst, uint64_t len, const char **why)
{
	uint64_t done = 0;
	while (done < len) {
		size_t chunk = len - done > (1u << 30) ? (1u << 30) : (size_t)(len - done);
		ssize_t n = read(fd, dst + done, chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			return *why = strerror(e), -e;
		}
		if (n == 0)
			return *why = "file shrank while being read", -EIO;
		done += (uint64_t)n;
	}
	return 0;
}

/* --- kernel formats --------------------------------------------------------- */

static bool is_gzip(const uint8_t *b, size_t len)
{
	return len >= 18 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8;  /* RFC 1952: deflate */
}

/* EFI zboot (Linux drivers/firmware/efi/libstub/zboot-header.S): "MZ",
 * "zimg" at 4, payload offset and size at 8 and 12, the compression name
 * at 24. */
#define ZBOOT_HDR_SIZE 56
static bool is_zboot(const uint8_t *b, size_t len)
{
	return len >= ZBOOT_HDR_SIZE && b[0] == 'M' && b[1] == 'Z' && !memcmp(b + 4, "zimg", 4);
}

static bool image_has_header(const uint8_t *b, size_t len)
{
	return len >= RISCV_IMAGE_HDR_SIZE &&
	       (rd_le64(b + 48) == RISCV_IMAGE_MAGIC || rd_le32(b + 56) == RISCV_IMAGE_MAGIC2);
}

/* Inflate one gzip stream into out[0..cap). */
static int gunzip(const uint8_t *in, size_t inlen, uint8_t *out, size_t cap, size_t *outlen,
		  const char **why)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (inlen > UINT_MAX)
		return *why = "compressed kernel too large", -EFBIG;
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)   /* 16: gzip wrapper only */
		return *why = "zlib initialisation failed", -ENOMEM;
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)inlen;
	size_t done = 0;
	int r;
	for (;;) {
		size_t room = cap - done;
		zs.next_out = out + done;
		zs.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
		uInt before = zs.avail_out;
		int z = inflate(&zs, Z_NO_FLUSH);
		done += before - zs.avail_out;
		if (z == Z_STREAM_END) {
			r = 0;
		} else if ((z == Z_OK || z == Z_BUF_ERROR) && zs.avail_out == 0) {
			if (done < cap)
				continue;   /* more than 4 GiB of room: next window */
			r = -EFBIG;
			*why = "decompressed kernel does not fit in RAM (try a larger --mem)";
		} else if (z == Z_OK) {
			continue;
		} else if (z == Z_BUF_ERROR) {
			r = -EINVAL;
			*why = "truncated gzip data";
		} else if (z == Z_MEM_ERROR) {
			r = -ENOMEM;
			*why = "out of memory";
		} else {
			r = -EINVAL;
			*why = "corrupt gzip data";
		}
		break;
	}
	inflateEnd(&zs);
	*outlen = done;
	return r;
}

int boot_kernel_inflate(const uint8_t *buf, size_t len, uint8_t *out, size_t cap,
			size_t *outlen, const char **why)
{
	int r;
	*outlen = 0;
	if (is_zboot(buf, len)) {
		uint32_t off = rd_le32(buf + 8);
		char comp[33];
		memcpy(comp, buf + 24, 32);
		comp[32] = '\0';
		if (strcmp(comp, "gzip") != 0)
			return *why = "EFI zboot kernel with a payload that is not gzip "
				      "(only gzip is supported)", -ENOEXEC;
		if (off < ZBOOT_HDR_SIZE || off >= len)
			return *why = "EFI zboot payload outside the file", -ENOEXEC;
		/* The gzip stream ends itself; feed it the rest of the file. */
		r = gunzip(buf + off, len - off, out, cap, outlen, why);
	} else if (is_gzip(buf, len)) {
		r = gunzip(buf, len, out, cap, outlen, why);
	} else {
		return 0;
	}
	if (r < 0)
		return r;
	if (*outlen == 0)
		return *why = "empty decompressed kernel", -ENOEXEC;
	return 1;
}

/* --- command line and firmware path ---------------------------------------- */

int boot_check_cmdline(const char *s, const char **why)
{
	size_t n = strlen(s);
	if (n > BOOT_CMDLINE_MAX)
		return *why = "kernel command line too long (at most 4095 bytes)", -EINVAL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return *why = "kernel command line contains a control character", -EINVAL;
	return 0;
}

int boot_default_firmware(char *buf, size_t len)
{
	const char *dir = getenv("RVKVM_FIRMWARE_DIR"), *cache = getenv("RVKVM_CACHE");
	const char *home = getenv("HOME");
	int n;
	if (dir && *dir)
		n = snprintf(buf, len, "%s/fw_dynamic.bin", dir);
	else if (cache && *cache)
		n = snprintf(buf, len, "%s/images/fw_dynamic.bin", cache);
	else
		n = snprintf(buf, len, "%s/.cache/rvkvm/images/fw_dynamic.bin", home ? home : "");
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* --- the boot ---------------------------------------------------------------- */

struct boot_kernel {
	const char *path;
	uint8_t *file;                /* the file as read */
	const uint8_t *img;           /* the image: the file, in RAM, or elf_copy */
	size_t img_len;
	bool in_ram;                  /* img was decompressed into RAM at BOOT_KERNEL_OFFSET */
	uint8_t *elf_copy;            /* a decompressed ELF, out of the way of its segments */
	bool is_elf;
	uint64_t offset;              /* load address - RAM base */
	uint64_t span;                /* bytes it needs from there (image_size incl. bss) */
};

static void boot_kernel_free(struct boot_kernel *k)
{
	free(k->elf_copy);
	free(k->file);
	memset(k, 0, sizeof(*k));
}

/* Read the kernel and, when compressed, inflate it straight into guest RAM
 * at the default kernel offset (so RAM bounds the output); find where it
 * goes and how much room it needs. */
static int boot_kernel_read(struct boot_kernel *k, const struct loader_ram *ram)
{
	const char *why = "unknown error";
	int fd;
	uint64_t size = 0;
	uint64_t max = ram->size < BOOT_MAX_KERNEL ? ram->size : BOOT_MAX_KERNEL;
	int r = boot_open(k->path, max, "kernel file larger than guest RAM (try a larger --mem)",
			  &fd, &size, &why);
	if (r == 0) {
		k->file = malloc(size ? size : 1);
		r = k->file ? boot_read_all(fd, k->file, size, &why) : (why = "out of memory", -ENOMEM);
		close(fd);
	}
	if (r == 0 && size == 0)
		why = "empty kernel file", r = -ENOEXEC;
	if (r == 0 && ram->size <= BOOT_KERNEL_OFFSET)
		why = "guest RAM too small for a kernel (try a larger --mem)", r = -ERANGE;
	size_t len = 0;
	if (r == 0)
		r = boot_kernel_inflate(k->file, size, ram->host + BOOT_KERNEL_OFFSET,
					ram->size - BOOT_KERNEL_OFFSET, &len, &why);
	if (r < 0)
		goto fail;
	if (r == 1) {
		k->img = ram->host + BOOT_KERNEL_OFFSET;
		k->img_len = len;
		k->in_ram = true;
	} else {
		k->img = k->file;
		k->img_len = size;
	}

	k->offset = BOOT_KERNEL_OFFSET;
	k->span = k->img_len;
	if (elf_is_elf(k->img, k->img_len)) {
		k->is_elf = true;   /* placed by its program headers */
		if (k->in_ram) {
			k->elf_copy = malloc(k->img_len);
			if (!k->elf_copy) {
				why = "out of memory";
				r = -ENOMEM;
				goto fail;
			}
			memcpy(k->elf_copy, k->img, k->img_len);
			k->img = k->elf_copy;
			k->in_ram = false;
		}
	} else if (image_has_header(k->img, k->img_len)) {
		uint64_t text_offset = rd_le64(k->img + 8), image_size = rd_le64(k->img + 16);
		if (text_offset % SZ_4K || text_offset == 0 || text_offset >= ram->size) {
			why = "Image header: text_offset is not a usable RAM offset";
			r = -ENOEXEC;
			goto fail;
		}
		k->offset = text_offset;
		if (image_size > k->span)
			k->span = image_size;
	}
	return 0;
fail:
	boot_err(k->path, why);
	return r;
}

/* Where the device tree, fw_dynamic_info and initrd go (top of RAM down). */
struct boot_layout {
	uint64_t fdt_addr, info_addr, initrd_start, low;  /* low: lowest byte used */
};

/* Lay out from the top of RAM with the tree at fdt_align; false if
 * something would end below floor. */
static bool boot_plan_at(const struct loader_ram *ram, uint64_t top, uint64_t region,
			 uint64_t fdt_align, bool has_kernel, bool has_initrd,
			 uint64_t initrd_size, uint64_t floor, struct boot_layout *l)
{
	uint64_t base = ram->base;
	uint64_t need = region + (has_kernel ? SZ_4K : 0);
	if (top - base < need)
		return false;
	l->fdt_addr = align_down(top - region, fdt_align);
	l->low = l->fdt_addr;
	l->info_addr = 0;
	if (has_kernel) {
		if (l->low - base < SZ_4K)
			return false;
		l->low = l->info_addr = l->fdt_addr - SZ_4K;
	}
	l->initrd_start = 0;
	if (has_initrd) {
		if (initrd_size > l->low - base)
			return false;
		l->low = l->initrd_start = align_down(l->low - initrd_size, SZ_4K);
	}
	return l->low >= floor;
}

/* The tree 2 MiB-aligned as QEMU places it, or 4 KiB-aligned when that
 * would leave too little room below: floor is the end of the kernel, or
 * half of RAM for bare firmware (whose extent the ELF loader decides). */
static int boot_plan(const struct loader_ram *ram, uint64_t fdt_size, bool has_kernel,
		     uint64_t kernel_end, bool has_initrd, uint64_t initrd_size,
		     struct boot_layout *l)
{
	uint64_t base = ram->base, end = ram->base + ram->size;
	uint64_t top = base < BOOT_FDT_CAP && end > BOOT_FDT_CAP ? BOOT_FDT_CAP : end;
	uint64_t region = align_up(fdt_size, SZ_4K) + BOOT_FDT_ROOM;
	uint64_t floor = has_kernel ? kernel_end : base + (top - base) / 2;
	if (boot_plan_at(ram, top, region, SZ_2M, has_kernel, has_initrd, initrd_size, floor, l) ||
	    boot_plan_at(ram, top, region, SZ_4K, has_kernel, has_initrd, initrd_size,
			 has_kernel ? floor : base, l))
		return 0;
	if (has_initrd)
		fprintf(stderr, "rvkvm: initrd (%llu bytes) does not fit in guest RAM%s "
			"(try a larger --mem)\n", (unsigned long long)initrd_size,
			has_kernel ? " above the kernel" : "");
	else if (has_kernel)
		fprintf(stderr, "rvkvm: the kernel (%llu KiB from %#llx) and the device tree "
			"(%llu KiB) do not fit in guest RAM (try a larger --mem)\n",
			(unsigned long long)((kernel_end - base - BOOT_KERNEL_OFFSET) >> 10),
			(unsigned long long)(base + BOOT_KERNEL_OFFSET),
			(unsigned long long)(region >> 10));
	else
		fprintf(stderr, "rvkvm: guest RAM too small for the device tree (%llu KiB needed)\n",
			(unsigned long long)(region >> 10));
	return -ERANGE;
}

static int boot_fdt(const struct machine_config *cfg, const struct loader_ram *ram,
		    const struct boot_info *bi, const uint8_t *seed, size_t seed_len,
		    void **blob, size_t *size)
{
	struct dt_config dc = {
		.nr_harts = cfg->nr_cpus ? cfg->nr_cpus : 1,
		.hyp_guest = cfg->hyp_guest,
		.isa_off = { cfg->cpu.off[0], cfg->cpu.off[1] },
		.vlen = cfg->cpu.vlen ? cfg->cpu.vlen : 128,
		.ram_base = ram->base,
		.ram_size = ram->size,
		.bootargs = cfg->append,
		.has_initrd = bi->has_initrd,
		.initrd_start = bi->initrd_start,
		.initrd_end = bi->initrd_end,
		.rng_seed = seed,
		.rng_seed_len = seed_len,
	};
	const char *why = "unknown error";
	int r = dt_build(&dc, blob, size, &why);
	if (r < 0)
		boot_err("device tree", why);
	return r;
}

static int boot_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		int e = errno ? errno : EIO;
		boot_err(path, strerror(e));
		if (f)
			fclose(f);
		return -e;
	}
	return 0;
}

/* Load the firmware into [RAM base, limit). */
static int boot_firmware(const char *path, const struct loader_ram *ram, uint64_t limit,
			 bool has_kernel, struct boot_info *bi)
{
	struct loader_ram win = { ram->host, ram->base, limit - ram->base };
	const char *why = "unknown error";
	int r = loader_load_file(path, &win, &bi->fw, &why);
	if (r < 0) {
		boot_err(path, why);
		if (r == -ERANGE && has_kernel)
			fprintf(stderr, "rvkvm: with --kernel, the firmware must fit in "
				"[%#llx, %#llx) below the kernel\n",
				(unsigned long long)ram->base, (unsigned long long)limit);
		return r;
	}
	bi->has_fw = true;
	return 0;
}

/* Copy the kernel to RAM + offset; the room is [that, limit). */
static int boot_kernel_place(struct boot_kernel *k, const struct loader_ram *ram,
			     uint64_t limit, struct boot_info *bi)
{
	uint64_t addr = ram->base + k->offset;
	if (addr >= limit || k->span > limit - addr) {
		fprintf(stderr, "rvkvm: %s: the kernel needs %llu KiB at %#llx but only %llu KiB "
			"are free below the initrd and device tree (try a larger --mem)\n",
			k->path, (unsigned long long)(k->span >> 10), (unsigned long long)addr,
			(unsigned long long)(addr < limit ? (limit - addr) >> 10 : 0));
		return -ERANGE;
	}
	bi->has_kernel = true;
	if (k->is_elf) {
		struct loader_ram win = { ram->host + k->offset, addr, limit - addr };
		struct loader_image img;
		const char *why = "unknown error";
		int r = elf_load(k->img, k->img_len, &win, &img, &why);
		if (r < 0) {
			boot_err(k->path, why);
			return r;
		}
		bi->kernel_addr = addr;
		bi->kernel_size = k->img_len;
		bi->kernel_entry = img.entry;
		return 0;
	}
	/* From the file, or within RAM when it was inflated there. */
	memmove(ram->host + k->offset, k->img, k->img_len);
	bi->kernel_addr = bi->kernel_entry = addr;
	bi->kernel_size = k->img_len;
	return 0;
}

/* OpenSBI struct fw_dynamic_info, version 2. */
static void boot_write_fw_info(const struct loader_ram *ram, uint64_t addr, uint64_t next)
{
	uint8_t *p = ram->host + (addr - ram->base);
	wr_le64(p + 0, FW_DYNAMIC_INFO_MAGIC);
	wr_le64(p + 8, FW_DYNAMIC_INFO_VERSION);
	wr_le64(p + 16, next);                     /* next_addr */
	wr_le64(p + 24, FW_DYNAMIC_NEXT_MODE_S);   /* next_mode */
	wr_le64(p + 32, 0);                        /* options */
	wr_le64(p + 40, ~0ULL);                    /* boot_hart: any (lottery) */
}

int boot_load(const struct machine_config *cfg, const struct loader_ram *ram,
	      struct boot_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	struct boot_kernel k = { .path = cfg->kernel };
	void *blob = NULL;
	size_t blob_size = 0;
	int initrd_fd = -1;
	uint64_t initrd_size = 0;
	const char *why = "unknown error";
	char fwpath[PATH_MAX];
	const char *fw = cfg->firmware;
	int r;

	/* Firmware: a file, or OpenSBI by default when there is a kernel.  A
	 * device-tree dump loads only a firmware named explicitly. */
	bool fw_default = !fw || !strcmp(fw, "default");
	if (cfg->hyp_guest) {
		fw_default = false;  /* no firmware: the core serves the SBI */
		fw = NULL;
	}
	if (fw_default && !cfg->kernel && !cfg->dump_dtb) {
		fprintf(stderr, "rvkvm: the default firmware (OpenSBI fw_dynamic) needs "
			"--kernel FILE\n");
		return -EINVAL;
	}
	if (fw_default && !cfg->dump_dtb) {
		if (boot_default_firmware(fwpath, sizeof(fwpath)) < 0) {
			fprintf(stderr, "rvkvm: default firmware path too long\n");
			return -ENAMETOOLONG;
		}
		if (access(fwpath, R_OK) != 0) {
			fprintf(stderr, "rvkvm: OpenSBI firmware %s: %s\n"
				"rvkvm: fetch it with scripts/guest-image.sh, point RVKVM_FIRMWARE_DIR "
				"at a directory holding fw_dynamic.bin, or pass --firmware FILE\n",
				fwpath, strerror(errno));
			return -ENOENT;
		}
		fw = fwpath;
	} else if (fw_default) {
		fw = NULL;
	}

	if (cfg->kernel) {
		r = boot_kernel_read(&k, ram);
		if (r < 0)
			goto out;
	}
	if (cfg->initrd) {
		r = boot_open(cfg->initrd, ram->size, "initrd larger than guest RAM (try a larger --mem)",
			      &initrd_fd, &initrd_size, &why);
		if (r == 0 && initrd_size == 0)
			why = "empty initrd", r = -EINVAL;
		if (r < 0) {
			boot_err(cfg->initrd, why);
			goto out;
		}
		bi->has_initrd = true;
	}

	/* The tree's size does not depend on the initrd addresses: size it
	 * with placeholders, place everything, then build it for real. */
	uint8_t seed[BOOT_RNG_SEED_LEN];
	size_t seed_len = getrandom(seed, sizeof(seed), GRND_NONBLOCK) == (ssize_t)sizeof(seed) ?
			  sizeof(seed) : 0;
	r = boot_fdt(cfg, ram, bi, seed, seed_len, &blob, &blob_size);
	if (r < 0)
		goto out;
	struct boot_layout l;
	if (cfg->kernel && (k.offset >= ram->size || k.span > ram->size - k.offset)) {
		fprintf(stderr, "rvkvm: %s: the kernel needs %llu KiB from %#llx, beyond the end "
			"of guest RAM (try a larger --mem)\n", cfg->kernel,
			(unsigned long long)(k.span >> 10), (unsigned long long)(ram->base + k.offset));
		r = -ERANGE;
		goto out;
	}
	uint64_t kernel_end = cfg->kernel ? ram->base + k.offset + k.span : ram->base;
	r = boot_plan(ram, blob_size, cfg->kernel != NULL, kernel_end, bi->has_initrd,
		      initrd_size, &l);
	if (r < 0)
		goto out;

	/* The kernel first: an inflated one still sits at the default offset,
	 * which the firmware's window may cover when text_offset is larger. */
	uint64_t kernel_addr = ram->base + (cfg->kernel ? k.offset : 0);
	if (cfg->kernel) {
		r = boot_kernel_place(&k, ram, l.low, bi);
		if (r < 0)
			goto out;
	}
	if (fw) {
		r = boot_firmware(fw, ram, cfg->kernel ? kernel_addr : l.low, cfg->kernel != NULL, bi);
		if (r < 0)
			goto out;
	}
	if (bi->has_initrd) {
		r = boot_read_all(initrd_fd, ram->host + (l.initrd_start - ram->base), initrd_size, &why);
		if (r < 0) {
			boot_err(cfg->initrd, why);
			goto out;
		}
		bi->initrd_start = l.initrd_start;
		bi->initrd_end = l.initrd_start + initrd_size;
	}

	size_t placeholder_size = blob_size;
	free(blob);
	blob = NULL;
	r = boot_fdt(cfg, ram, bi, seed, seed_len, &blob, &blob_size);
	if (r < 0)
		goto out;
	if (blob_size != placeholder_size) {
		fprintf(stderr, "rvkvm: device tree size changed while placing it\n");
		r = -EINVAL;
		goto out;
	}
	memcpy(ram->host + (l.fdt_addr - ram->base), blob, blob_size);
	bi->fdt_addr = l.fdt_addr;
	bi->fdt_size = blob_size;
	if (bi->has_kernel && !cfg->hyp_guest) {
		bi->fw_info_addr = l.info_addr;
		boot_write_fw_info(ram, l.info_addr, bi->kernel_entry);
	}
	if (!bi->has_fw)
		bi->fw.entry = cfg->hyp_guest ? bi->kernel_entry : ram->base;
	if (cfg->dump_dtb)
		r = boot_write_file(cfg->dump_dtb, blob, blob_size);
out:
	if (initrd_fd >= 0)
		close(initrd_fd);
	free(blob);
	boot_kernel_free(&k);
	return r;
}
