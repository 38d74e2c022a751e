/* Exit costs of an S-mode guest kernel, timed with its own clock (rdtime,
 * 10 MHz on rvkvm and QEMU virt): an SBI call that does nothing (BASE
 * get_spec_version), an MMIO read of the UART's line status register,
 * and an IPI round trip between two harts (SBI send_ipi + WFI; the
 * secondary is started with SBI HSM).  The first rdtime is the clock at
 * the kernel's first instruction: on an rvkvm hypervisor guest the clock
 * starts at KVM_CREATE_VM, so it is the VM-create to first-instruction
 * latency.  Prints "BENCH name=value" lines on the UART, then powers off
 * with SBI SRST.  The same binary runs as an rvkvm hypervisor guest, on
 * rvkvm's full machine under OpenSBI and on QEMU virt under OpenSBI. */
#include <stdint.h>

#define SBI_EXT_BASE 0x10
#define SBI_EXT_IPI  0x735049
#define SBI_EXT_HSM  0x48534D
#define SBI_EXT_SRST 0x53525354
#define UART ((volatile uint8_t *)0x10000000UL)
#define SIP_SSIP 2UL
#define NS_PER_TICK 100   /* 10 MHz timebase */

#ifndef ITERS
#define ITERS 20000
#endif
#define IPI_ITERS (ITERS / 10)

extern char secondary_entry[];
static volatile uint64_t secondary_up;

struct sbiret { long error, value; };

static struct sbiret sbi(long eid, long fid, long a0, long a1, long a2)
{
	register long r0 asm("a0") = a0, r1 asm("a1") = a1, r2 asm("a2") = a2;
	register long r6 asm("a6") = fid, r7 asm("a7") = eid;
	asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
	return (struct sbiret){ r0, r1 };
}

static inline uint64_t rdtime(void)
{
	uint64_t t;
	asm volatile("rdtime %0" : "=r"(t));
	return t;
}

static void putc_uart(char c)
{
	while (!(UART[5] & 0x20))  /* LSR.THRE */
		;
	UART[0] = (uint8_t)c;
}

static void puts_uart(const char *s)
{
	while (*s)
		putc_uart(*s++);
}

static void put_dec(uint64_t v)
{
	char b[24];
	int n = 0;
	do {
		b[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		putc_uart(b[--n]);
}

static void report(const char *name, uint64_t v)
{
	puts_uart("BENCH ");
	puts_uart(name);
	putc_uart('=');
	put_dec(v);
	putc_uart('\n');
}

/* Wait for an IPI with interrupts off (WFI wakes on sip & sie), clear it. */
static void wait_ipi(void)
{
	uint64_t sip;
	for (;;) {
		asm volatile("csrr %0, sip" : "=r"(sip));
		if (sip & SIP_SSIP)
			break;
		asm volatile("wfi");
	}
	asm volatile("csrc sip, %0" :: "r"(SIP_SSIP));
}

void secondary(long hartid)
{
	long other = hartid ^ 1;
	asm volatile("csrs sie, %0" :: "r"(SIP_SSIP));
	__atomic_store_n(&secondary_up, 1, __ATOMIC_RELEASE);
	for (;;) {
		wait_ipi();
		sbi(SBI_EXT_IPI, 0, 1L << other, 0, 0);
	}
}

void bmain(long hartid)
{
	uint64_t first = rdtime();
	report("first_insn_us", first * NS_PER_TICK / 1000);

	uint64_t t0 = rdtime();
	for (int i = 0; i < ITERS; i++)
		sbi(SBI_EXT_BASE, 0, 0, 0, 0);
	report("sbi_call_ns", (rdtime() - t0) * NS_PER_TICK / ITERS);

	t0 = rdtime();
	for (int i = 0; i < ITERS; i++)
		(void)UART[5];
	report("mmio_read_ns", (rdtime() - t0) * NS_PER_TICK / ITERS);

	long other = hartid ^ 1;
	if (sbi(SBI_EXT_HSM, 0, other, (long)secondary_entry, 0).error == 0) {
		while (!__atomic_load_n(&secondary_up, __ATOMIC_ACQUIRE))
			;
		asm volatile("csrs sie, %0" :: "r"(SIP_SSIP));
		t0 = rdtime();
		for (int i = 0; i < IPI_ITERS; i++) {
			sbi(SBI_EXT_IPI, 0, 1L << other, 0, 0);
			wait_ipi();
		}
		report("ipi_round_trip_ns", (rdtime() - t0) * NS_PER_TICK / IPI_ITERS);
	}
	puts_uart("BENCH-DONE\n");
	sbi(SBI_EXT_SRST, 0, 0, 0, 0);
}
