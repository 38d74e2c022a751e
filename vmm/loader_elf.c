// SPDX-License-Identifier: MIT
/* ELF64 RISC-V loader (System V gABI, RISC-V ELF psABI) and raw binaries.
 * The file is hostile: every header, offset and size is checked against
 * the buffer and the RAM window before use, with overflow-safe arithmetic. */
#include "vmm/loader_elf.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

/* Firmware files larger than this are refused before reading them. */
#define LOADER_MAX_FILE (1ULL << 30)

/* [off, off+n) lies inside a buffer of len bytes. */
static bool range_in(uint64_t off, uint64_t n, uint64_t len)
{
	return off <= len && n <= len - off;
}

/* [addr, addr+n) lies inside guest RAM. */
static bool ram_in(const struct loader_ram *ram, uint64_t addr, uint64_t n)
{
	return addr >= ram->base && range_in(addr - ram->base, n, ram->size);
}

bool elf_is_elf(const uint8_t *buf, size_t len)
{
	return len >= SELFMAG && memcmp(buf, ELFMAG, SELFMAG) == 0;
}

static int elf_check_ehdr(const Elf64_Ehdr *eh, size_t len, const char **why)
{
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return *why = "not a 64-bit ELF file", -ENOEXEC;
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return *why = "not a little-endian ELF file", -ENOEXEC;
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return *why = "unknown ELF version", -ENOEXEC;
	if (eh->e_machine != EM_RISCV)
		return *why = "not a RISC-V ELF file", -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return *why = "not an ELF executable", -ENOEXEC;
	if (eh->e_phnum == 0 || eh->e_phnum == PN_XNUM)
		return *why = "no program headers", -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return *why = "bad program header size", -ENOEXEC;
	if (!range_in(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), len))
		return *why = "program headers outside the file", -ENOEXEC;
	if (eh->e_shnum && eh->e_shentsize != sizeof(Elf64_Shdr))
		return *why = "bad section header size", -ENOEXEC;
	if (eh->e_shnum && !range_in(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), len))
		return *why = "section headers outside the file", -ENOEXEC;
	return 0;
}

static void elf_read_phdr(const uint8_t *buf, const Elf64_Ehdr *eh, unsigned i, Elf64_Phdr *ph)
{
	memcpy(ph, buf + eh->e_phoff + (uint64_t)i * sizeof(*ph), sizeof(*ph));
}

/* Check every PT_LOAD segment before copying any. */
static int elf_check_segments(const uint8_t *buf, size_t len, const Elf64_Ehdr *eh,
			      const struct loader_ram *ram, const char **why)
{
	unsigned nload = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;
		elf_read_phdr(buf, eh, i, &ph);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (ph.p_filesz > ph.p_memsz)
			return *why = "segment file size exceeds its memory size", -ENOEXEC;
		if (!range_in(ph.p_offset, ph.p_filesz, len))
			return *why = "segment data outside the file", -ENOEXEC;
		if (ph.p_paddr < ram->base)
			return *why = "segment below guest RAM", -ERANGE;
		if (!ram_in(ram, ph.p_paddr, ph.p_memsz))
			return *why = "segment beyond the end of guest RAM (too large, or try a larger --mem)",
			       -ERANGE;
		nload++;
	}
	if (!nload)
		return *why = "no loadable segments", -ENOEXEC;
	return 0;
}

/* Translate a symbol's virtual address to the physical address it was
 * loaded at (p_vaddr and p_paddr differ for some firmware). */
static uint64_t elf_virt_to_phys(const uint8_t *buf, const Elf64_Ehdr *eh, uint64_t va)
{
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;
		elf_read_phdr(buf, eh, i, &ph);
		if (ph.p_type == PT_LOAD && va >= ph.p_vaddr && va - ph.p_vaddr < ph.p_memsz)
			return ph.p_paddr + (va - ph.p_vaddr);
	}
	return va;
}

static void elf_read_shdr(const uint8_t *buf, const Elf64_Ehdr *eh, unsigned i, Elf64_Shdr *sh)
{
	memcpy(sh, buf + eh->e_shoff + (uint64_t)i * sizeof(*sh), sizeof(*sh));
}

/* Look up tohost/fromhost in .symtab.  A file without a symbol table is
 * fine; a symbol table that points outside the file is not. */
static int elf_find_htif(const uint8_t *buf, size_t len, const Elf64_Ehdr *eh,
			 struct loader_image *img, const char **why)
{
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		Elf64_Shdr sym, str;
		elf_read_shdr(buf, eh, i, &sym);
		if (sym.sh_type != SHT_SYMTAB)
			continue;
		if (sym.sh_entsize != sizeof(Elf64_Sym) || !range_in(sym.sh_offset, sym.sh_size, len) ||
		    sym.sh_link >= eh->e_shnum)
			return *why = "malformed symbol table", -ENOEXEC;
		elf_read_shdr(buf, eh, sym.sh_link, &str);
		if (str.sh_type != SHT_STRTAB || !range_in(str.sh_offset, str.sh_size, len))
			return *why = "malformed symbol string table", -ENOEXEC;
		const char *strtab = (const char *)buf + str.sh_offset;
		uint64_t nsyms = sym.sh_size / sizeof(Elf64_Sym);
		for (uint64_t k = 0; k < nsyms; k++) {
			Elf64_Sym s;
			memcpy(&s, buf + sym.sh_offset + k * sizeof(s), sizeof(s));
			if (s.st_name >= str.sh_size || s.st_shndx == SHN_UNDEF)
				continue;
			const char *name = strtab + s.st_name;
			size_t max = str.sh_size - s.st_name;
			if (!memchr(name, '\0', max))
				continue;  /* unterminated name: not one of ours */
			if (!strcmp(name, "tohost")) {
				img->has_tohost = true;
				img->tohost = elf_virt_to_phys(buf, eh, s.st_value);
			} else if (!strcmp(name, "fromhost")) {
				img->has_fromhost = true;
				img->fromhost = elf_virt_to_phys(buf, eh, s.st_value);
			}
		}
		break;  /* one SHT_SYMTAB per file (gABI) */
	}
	return 0;
}

int elf_load(const uint8_t *buf, size_t len, const struct loader_ram *ram,
	     struct loader_image *img, const char **why)
{
	static const char *dummy;
	if (!why)
		why = &dummy;
	memset(img, 0, sizeof(*img));
	Elf64_Ehdr eh;
	if (!elf_is_elf(buf, len))
		return *why = "not an ELF file", -ENOEXEC;
	if (len < sizeof(eh))
		return *why = "truncated ELF header", -ENOEXEC;
	memcpy(&eh, buf, sizeof(eh));
	int r = elf_check_ehdr(&eh, len, why);
	if (r < 0)
		return r;
	r = elf_check_segments(buf, len, &eh, ram, why);
	if (r < 0)
		return r;
	if (!ram_in(ram, eh.e_entry, 2))
		return *why = "entry point outside guest RAM", -ERANGE;
	r = elf_find_htif(buf, len, &eh, img, why);
	if (r < 0)
		return r;

	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		elf_read_phdr(buf, &eh, i, &ph);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		uint8_t *dst = ram->host + (ph.p_paddr - ram->base);
		memcpy(dst, buf + ph.p_offset, ph.p_filesz);
		memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
	}
	img->entry = eh.e_entry;
	img->is_elf = true;
	return 0;
}

int raw_load(const uint8_t *buf, size_t len, const struct loader_ram *ram,
	     struct loader_image *img, const char **why)
{
	static const char *dummy;
	if (!why)
		why = &dummy;
	memset(img, 0, sizeof(*img));
	if (len == 0)
		return *why = "empty firmware file", -ENOEXEC;
	if (len > ram->size)
		return *why = "firmware larger than guest RAM (try a larger --mem)", -ERANGE;
	memcpy(ram->host, buf, len);
	img->entry = ram->base;
	return 0;
}

/* Read a whole regular file into a malloc'd buffer. */
static int loader_read_file(const char *path, uint8_t **out, size_t *outlen, const char **why)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return *why = strerror(errno), -errno;
	struct stat st;
	int r = 0;
	uint8_t *buf = NULL;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		*why = strerror(errno);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = -EINVAL;
		*why = "not a regular file";
		goto out;
	}
	if ((uint64_t)st.st_size > LOADER_MAX_FILE) {
		r = -EFBIG;
		*why = "file too large";
		goto out;
	}
	size_t len = (size_t)st.st_size, done = 0;
	buf = malloc(len ? len : 1);
	if (!buf) {
		r = -ENOMEM;
		*why = "out of memory";
		goto out;
	}
	while (done < len) {
		ssize_t n = read(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			*why = strerror(errno);
			goto out;
		}
		if (n == 0)
			break;  /* shrank while reading: load what is there */
		done += (size_t)n;
	}
	*out = buf;
	*outlen = done;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return r;
}

int loader_load_file(const char *path, const struct loader_ram *ram,
		     struct loader_image *img, const char **why)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int r = loader_read_file(path, &buf, &len, why);
	if (r < 0)
		return r;
	if (elf_is_elf(buf, len))
		r = elf_load(buf, len, ram, img, why);
	else
		r = raw_load(buf, len, ram, img, why);
	free(buf);
	return r;
}
