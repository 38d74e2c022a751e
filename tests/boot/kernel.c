/* A fake S-mode kernel for the boot tests: checks what the boot protocol
 * hands it (a0 = hart id, a1 = device tree), reads the tree's /chosen,
 * /memory and /cpus, checksums the initrd, prints what it found on the
 * ns16550a UART and exits through the sifive,test device (pass 0x5555,
 * fail N << 16 | 0x3333; SBI SRST if the device is not reachable).
 *
 * Output lines (tests/boot/run.sh compares them):
 *   kernel: hart=N smode=1
 *   fwinfo: version=V next=ADDR mode=M options=O boot_hart=H  (fake firmware only)
 *   fdt: ok addr=ADDR
 *   mem: base=ADDR size=SIZE
 *   cpus: N
 *   bootargs: [TEXT]            or  bootargs: none
 *   initrd: size=N crc=CRC32    or  initrd: none
 *   result: PASS                or  result: FAIL N (why)
 */
#include <stddef.h>
#include <stdint.h>

#define UART_BASE   0x10000000UL
#define TEST_DEV    0x100000UL
#define RAM_BASE    0x80000000UL
#define FAKE_MAGIC  0x454b4146UL
#define FDT_MAGIC   0xd00dfeedu

long probe_csrr_mhartid(void);
long probe_store32(uintptr_t addr, uint32_t val);
extern char _end[];   /* kernel.ld: end of the image, stack included */

/* The compiler may call memset for struct initialisers (built with
 * -fno-tree-loop-distribute-patterns so this loop stays a loop). */
void *memset(void *d, int c, size_t n)
{
	uint8_t *p = d;
	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

/* --- console ---------------------------------------------------------------- */

static void putc_uart(char c)
{
	volatile uint8_t *u = (volatile uint8_t *)UART_BASE;
	while (!(u[5] & 0x20))   /* LSR.THRE */
		;
	u[0] = (uint8_t)c;
}

static void puts_uart(const char *s)
{
	while (*s)
		putc_uart(*s++);
}

static void put_hex(uint64_t v)
{
	char buf[17];
	int n = 0;
	do {
		buf[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		putc_uart(buf[--n]);
}

static void put_dec(uint64_t v)
{
	char buf[21];
	int n = 0;
	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		putc_uart(buf[--n]);
}

/* --- exit --------------------------------------------------------------------- */

static void sbi_shutdown(void)
{
	/* SBI System Reset extension ("SRST"): shutdown, no reason. */
	register unsigned long a0 __asm__("a0") = 0;
	register unsigned long a1 __asm__("a1") = 0;
	register unsigned long a6 __asm__("a6") = 0;
	register unsigned long a7 __asm__("a7") = 0x53525354;
	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
}

static void __attribute__((noreturn)) finish(unsigned code, const char *why)
{
	if (code) {
		puts_uart("result: FAIL ");
		put_dec(code);
		puts_uart(" (");
		puts_uart(why);
		puts_uart(")\n");
	} else {
		puts_uart("result: PASS\n");
	}
	uint32_t v = code ? (code << 16) | 0x3333 : 0x5555;
	if (probe_store32(TEST_DEV, v) != -1)
		sbi_shutdown();
	for (;;)
		__asm__ volatile("wfi");
}

/* --- flattened device tree (Devicetree Specification v0.4, chapter 5) ------- */

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t be_cells(const void *p, uint32_t len)
{
	return len == 8 ? (uint64_t)be32(p) << 32 | be32((const uint8_t *)p + 4) : be32(p);
}

static size_t slen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

static int seq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

struct fdt {
	const uint8_t *base;
	uint32_t off_struct, size_struct, off_strings, size_strings;
};

/* Walk the structure block; for each property of the node at `path`
 * (e.g. "/chosen") named `prop`, return its value; count the nodes
 * directly under `count_under` whose names start with `count_prefix`. */
struct fdt_query {
	const char *path, *prop;
	const void *val;
	uint32_t len;
	int found;
	const char *count_under, *count_prefix;
	unsigned count;
};

static int fdt_walk(const struct fdt *f, struct fdt_query *q)
{
	char cur[256];
	size_t curlen = 0, saved[16];
	int depth = 0;
	uint32_t off = 0;
	cur[0] = '\0';
	while (off + 4 <= f->size_struct) {
		const uint8_t *p = f->base + f->off_struct + off;
		uint32_t tok = be32(p);
		off += 4;
		if (tok == 1) {            /* FDT_BEGIN_NODE */
			const char *name = (const char *)p + 4;
			size_t n = slen(name, f->size_struct - off);
			if (n == f->size_struct - off || depth == 16)
				return -1;
			off += (uint32_t)((n + 4) & ~3u);
			saved[depth++] = curlen;
			if (depth == 1)
				continue;          /* the root: path "" */
			if (q->count_under && seq(cur, q->count_under)) {
				const char *a = name, *b = q->count_prefix;
				while (*b && *a == *b)
					a++, b++;
				if (!*b)
					q->count++;
			}
			if (curlen + 1 + n >= sizeof(cur))
				return -1;
			cur[curlen++] = '/';
			for (size_t i = 0; i < n; i++)
				cur[curlen++] = name[i];
			cur[curlen] = '\0';
		} else if (tok == 2) {     /* FDT_END_NODE */
			if (!depth)
				return -1;
			curlen = saved[--depth];
			cur[curlen] = '\0';
		} else if (tok == 3) {     /* FDT_PROP: len, nameoff, value */
			if (off + 8 > f->size_struct)
				return -1;
			uint32_t len = be32(p + 4), nameoff = be32(p + 8);
			off += 8;
			if (len > f->size_struct - off || nameoff >= f->size_strings)
				return -1;
			const char *pname = (const char *)f->base + f->off_strings + nameoff;
			if (slen(pname, f->size_strings - nameoff) == f->size_strings - nameoff)
				return -1;
			if (!q->found && q->path && seq(cur, q->path) && seq(pname, q->prop)) {
				q->val = p + 12;
				q->len = len;
				q->found = 1;
			}
			off += (len + 3) & ~3u;
		} else if (tok == 4) {     /* FDT_NOP */
		} else if (tok == 9) {     /* FDT_END */
			return depth == 0 ? 0 : -1;
		} else {
			return -1;
		}
	}
	return -1;
}

static const void *fdt_prop(const struct fdt *f, const char *path, const char *prop, uint32_t *len)
{
	struct fdt_query q = { .path = path, .prop = prop };
	if (fdt_walk(f, &q) < 0 || !q.found)
		return 0;
	*len = q.len;
	return q.val;
}

/* --- checks --------------------------------------------------------------------- */

static uint32_t crc32(const uint8_t *p, uint64_t n)
{
	uint32_t c = 0xffffffffu;
	for (uint64_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1));
	}
	return ~c;
}

void kmain(unsigned long hartid, unsigned long dtb, unsigned long a2, unsigned long a3,
	   unsigned long a4, unsigned long a5, unsigned long a6, unsigned long a7)
{
	puts_uart("kernel: hart=");
	put_dec(hartid);
	puts_uart(" smode=");
	put_dec(probe_csrr_mhartid() == 2);   /* illegal instruction: not M-mode */
	puts_uart("\n");
	if (a7 == FAKE_MAGIC) {
		puts_uart("fwinfo: version=");
		put_dec(a3);
		puts_uart(" next=");
		put_hex(a2);
		puts_uart(" mode=");
		put_dec(a4);
		puts_uart(" options=");
		put_hex(a5);
		puts_uart(" boot_hart=");
		put_hex(a6);
		puts_uart("\n");
	}

	/* The header (5.2), checked before anything in it is trusted. */
	if (dtb & 7)
		finish(1, "device tree not 8-byte aligned");
	if (dtb < RAM_BASE)
		finish(2, "device tree below RAM");
	const uint8_t *h = (const uint8_t *)dtb;
	if (be32(h) != FDT_MAGIC)
		finish(3, "bad device tree magic");
	struct fdt f = { .base = h };
	uint32_t total = be32(h + 4);
	f.off_struct = be32(h + 8);
	f.off_strings = be32(h + 12);
	uint32_t version = be32(h + 20);
	f.size_strings = be32(h + 32);
	f.size_struct = be32(h + 36);
	if (total < 40 || total > (2u << 20))
		finish(4, "device tree totalsize not sane");
	if (version < 17 || f.off_struct > total || f.size_struct > total - f.off_struct ||
	    f.off_strings > total || f.size_strings > total - f.off_strings)
		finish(5, "device tree header inconsistent");

	uint32_t len;
	const void *v = fdt_prop(&f, "/memory@80000000", "reg", &len);
	if (!v || len != 16)
		finish(6, "no /memory@80000000 reg");
	uint64_t mem_base = be_cells(v, 8), mem_size = be_cells((const uint8_t *)v + 8, 8);
	if (mem_base != RAM_BASE || dtb + total > mem_base + mem_size)
		finish(7, "device tree outside RAM");
	puts_uart("fdt: ok addr=");
	put_hex(dtb);
	puts_uart("\nmem: base=");
	put_hex(mem_base);
	puts_uart(" size=");
	put_hex(mem_size);
	puts_uart("\n");

	struct fdt_query cq = { .count_under = "/cpus", .count_prefix = "cpu@" };
	if (fdt_walk(&f, &cq) < 0)
		finish(8, "malformed structure block");
	puts_uart("cpus: ");
	put_dec(cq.count);
	puts_uart("\n");
	/* a0 names a hart of the tree: /cpus/cpu@<hex id> with reg = id. */
	char path[32] = "/cpus/cpu@";
	char hex[17];
	int n = 0;
	unsigned long id = hartid;
	do {
		hex[n++] = "0123456789abcdef"[id & 15];
		id >>= 4;
	} while (id);
	int pl = 10;
	while (n)
		path[pl++] = hex[--n];
	path[pl] = '\0';
	v = fdt_prop(&f, path, "reg", &len);
	if (!v || len != 4 || be32(v) != hartid)
		finish(9, "a0 is not a hart of the device tree");
	v = fdt_prop(&f, "/cpus", "timebase-frequency", &len);
	if (!v || len != 4 || be32(v) != 10000000)
		finish(10, "timebase-frequency is not 10 MHz");

	const char *args = fdt_prop(&f, "/chosen", "bootargs", &len);
	puts_uart("bootargs: ");
	if (args) {
		if (!len || slen(args, len) != len - 1)
			finish(11, "bootargs not a string");
		putc_uart('[');
		puts_uart(args);
		puts_uart("]\n");
	} else {
		puts_uart("none\n");
	}

	uint32_t slen_, elen;
	const void *s = fdt_prop(&f, "/chosen", "linux,initrd-start", &slen_);
	const void *e = fdt_prop(&f, "/chosen", "linux,initrd-end", &elen);
	puts_uart("initrd: ");
	if (!s != !e)
		finish(12, "only one of linux,initrd-start/end");
	if (s) {
		if ((slen_ != 4 && slen_ != 8) || (elen != 4 && elen != 8))
			finish(13, "initrd properties of odd size");
		uint64_t start = be_cells(s, slen_), end = be_cells(e, elen);
		if (end < start || start < mem_base || end > mem_base + mem_size)
			finish(14, "initrd outside RAM");
		if (end > dtb && start < dtb + total)
			finish(15, "initrd overlaps the device tree");
		if (start < (uintptr_t)_end)
			finish(16, "initrd overlaps the kernel");
		puts_uart("size=");
		put_dec(end - start);
		puts_uart(" crc=");
		uint32_t crc = crc32((const uint8_t *)start, end - start);
		for (int i = 28; i >= 0; i -= 4)
			putc_uart("0123456789abcdef"[(crc >> i) & 15]);
		puts_uart("\n");
	} else {
		puts_uart("none\n");
	}
	if (!fdt_prop(&f, "/chosen", "stdout-path", &len))
		finish(17, "no /chosen/stdout-path");
	finish(0, "");
}
