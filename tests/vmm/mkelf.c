// SPDX-License-Identifier: MIT
/* Writes a small valid RISC-V ELF (exits 0 through HTIF) and malformed
 * variants of it into DIR, one file per case: `mkelf DIR` prints the names
 * of the files it wrote, "valid" first.  Every other file must be refused
 * by the loader with a message, never crash it or run. */
#include <elf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE 0x80000000ULL

/* File layout: ehdr | phdr | code (@0x100) | symtab | strtab | shdrs. */
struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	uint8_t pad[0x100 - sizeof(Elf64_Ehdr) - sizeof(Elf64_Phdr)];
	uint32_t code[4];
	Elf64_Sym sym[3];
	char str[24];
	Elf64_Shdr sh[3];
};

static void build_valid(struct image *im)
{
	memset(im, 0, sizeof(*im));
	Elf64_Ehdr *eh = &im->eh;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = 243; /* EM_RISCV */
	eh->e_version = EV_CURRENT;
	eh->e_entry = BASE;
	eh->e_phoff = offsetof(struct image, ph);
	eh->e_shoff = offsetof(struct image, sh);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 1;
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = 3;

	/* One segment: the code at BASE, tohost at BASE + 0x1000 (bss). */
	im->ph = (Elf64_Phdr){
		.p_type = PT_LOAD, .p_flags = PF_R | PF_W | PF_X,
		.p_offset = offsetof(struct image, code),
		.p_vaddr = BASE, .p_paddr = BASE,
		.p_filesz = sizeof(im->code), .p_memsz = 0x1010, .p_align = 4,
	};
	im->code[0] = 0x00001297; /* auipc t0, 1      -> tohost */
	im->code[1] = 0x00100313; /* li t1, 1         exit code 0 */
	im->code[2] = 0x0062b023; /* sd t1, 0(t0) */
	im->code[3] = 0x0000006f; /* j . */

	memcpy(im->str, "\0tohost\0fromhost", 17);
	im->sym[1] = (Elf64_Sym){ .st_name = 1, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT),
				  .st_shndx = SHN_ABS, .st_value = BASE + 0x1000, .st_size = 8 };
	im->sym[2] = (Elf64_Sym){ .st_name = 8, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT),
				  .st_shndx = SHN_ABS, .st_value = BASE + 0x1008, .st_size = 8 };
	im->sh[1] = (Elf64_Shdr){ .sh_type = SHT_SYMTAB, .sh_offset = offsetof(struct image, sym),
				  .sh_size = sizeof(im->sym), .sh_link = 2, .sh_info = 1,
				  .sh_entsize = sizeof(Elf64_Sym), .sh_addralign = 8 };
	im->sh[2] = (Elf64_Shdr){ .sh_type = SHT_STRTAB, .sh_offset = offsetof(struct image, str),
				  .sh_size = sizeof(im->str), .sh_addralign = 1 };
}

static const char *dir;

static void emit(const char *name, const void *buf, size_t len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s.elf", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
	printf("%s\n", name);
}

#define VARIANT(name, stmt) do {                     \
		struct image im;                     \
		build_valid(&im);                    \
		stmt;                                \
		emit(name, &im, sizeof(im));         \
	} while (0)

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkelf DIR\n");
		return 2;
	}
	dir = argv[1];
	struct image v;
	build_valid(&v);
	emit("valid", &v, sizeof(v));

	/* headers */
	emit("trunc_ehdr", &v, 40);
	emit("trunc_phdrs", &v, sizeof(Elf64_Ehdr) + 20);
	struct image t = v;
	t.eh.e_shnum = 0;  /* so that the segment data is what is missing */
	emit("trunc_segment", &t, offsetof(struct image, code) + 8);
	VARIANT("class32", im.eh.e_ident[EI_CLASS] = ELFCLASS32);
	VARIANT("big_endian", im.eh.e_ident[EI_DATA] = ELFDATA2MSB);
	VARIANT("machine_x86", im.eh.e_machine = EM_X86_64);
	VARIANT("type_rel", im.eh.e_type = ET_REL);
	VARIANT("no_phdrs", im.eh.e_phnum = 0);
	VARIANT("phentsize", im.eh.e_phentsize = 16);
	VARIANT("phoff_oob", im.eh.e_phoff = sizeof(im));
	VARIANT("phoff_wrap", im.eh.e_phoff = ~0ULL - 8);
	VARIANT("phnum_huge", im.eh.e_phnum = 0xfffe);
	VARIANT("shoff_oob", im.eh.e_shoff = ~0ULL - 100);
	VARIANT("shnum_huge", im.eh.e_shnum = 0xff00);
	/* segments */
	VARIANT("no_load", im.ph.p_type = PT_NOTE);
	VARIANT("seg_below_ram", im.ph.p_paddr = 0x1000);
	VARIANT("seg_past_ram", im.ph.p_paddr = BASE + (256ULL << 20) - 0x800);
	VARIANT("seg_memsz_wrap", im.ph.p_memsz = ~0ULL - 0x10);
	VARIANT("seg_paddr_wrap", (im.ph.p_paddr = ~0ULL - 0xfff, im.eh.e_entry = ~0ULL - 0xfff));
	VARIANT("seg_filesz_gt_memsz", (im.ph.p_filesz = 0x2000, im.ph.p_memsz = 0x1000));
	VARIANT("seg_offset_oob", im.ph.p_offset = sizeof(im));
	VARIANT("seg_offset_wrap", im.ph.p_offset = ~0ULL - 4);
	VARIANT("seg_filesz_oob", im.ph.p_filesz = sizeof(im));
	VARIANT("entry_outside", im.eh.e_entry = 0x1000);
	VARIANT("entry_past_ram", im.eh.e_entry = BASE + (256ULL << 20));
	/* symbols */
	VARIANT("symtab_link", im.sh[1].sh_link = 77);
	VARIANT("symtab_oob", im.sh[1].sh_size = 1ULL << 40);
	VARIANT("symtab_entsize", im.sh[1].sh_entsize = 7);
	VARIANT("strtab_oob", im.sh[2].sh_offset = ~0ULL - 2);
	VARIANT("strtab_type", im.sh[2].sh_type = SHT_PROGBITS);
	return 0;
}
