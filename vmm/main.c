// SPDX-License-Identifier: MIT
/* rvkvm command line: `rvkvm run --firmware FILE [--mem SIZE]`.
 * Exit status: the guest's exit code (HTIF or the test finisher; 0 =
 * pass), 1 when the VMM fails, 2 for a usage error. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/machine.h"

#define EXIT_USAGE 2

#define MEM_DEFAULT (256ULL << 20)
#define MEM_MIN     (1ULL << 20)
#define MEM_MAX     (1ULL << 40)

static void usage_main(FILE *f)
{
	fputs("Usage: rvkvm COMMAND [OPTIONS]\n"
	      "A KVM-style hypervisor and VMM for RISC-V (RV64GC) guests.\n"
	      "\n"
	      "Commands:\n"
	      "  run       boot a guest (see `rvkvm run --help`)\n"
	      "\n"
	      "Options:\n"
	      "  -h, --help  show this help\n", f);
}

static void usage_run(FILE *f)
{
	fputs("Usage: rvkvm run --firmware FILE [--mem SIZE]\n"
	      "Boot FILE on one hart in M-mode: an RV64 ELF executable (entered at its entry\n"
	      "point) or a raw binary (loaded and entered at 0x80000000).\n"
	      "\n"
	      "Options:\n"
	      "  -f, --firmware FILE  the program to run\n"
	      "  -m, --mem SIZE       guest RAM at 0x80000000 (default 256M); suffixes K, M, G, T;\n"
	      "                       a bare number means MiB; a multiple of 4K, 1M to 1T\n"
	      "  -h, --help           show this help\n"
	      "\n"
	      "Devices: ACLINT at 0x2000000, ns16550a UART at 0x10000000 (console on stdout),\n"
	      "sifive,test1 finisher at 0x100000, HTIF when the ELF defines `tohost`.\n"
	      "Exit status: the guest's exit code (0 = pass), 1 on a VMM error, 2 on a usage error.\n",
	      f);
}

/* SIZE: decimal digits with an optional K/M/G/T suffix (optionally
 * followed by "B" or "iB"); no suffix means MiB, as QEMU's -m. */
static int parse_size(const char *s, uint64_t *out)
{
	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	char *end;
	unsigned long long n = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	unsigned shift = 20;
	if (*end) {
		switch (*end) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		case 't': case 'T': shift = 40; break;
		default: return -EINVAL;
		}
		end++;
		if (!strcmp(end, "iB"))
			end += 2;
		else if (!strcmp(end, "B"))
			end++;
		if (*end)
			return -EINVAL;
	}
	if (n > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = (uint64_t)n << shift;
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "firmware", required_argument, NULL, 'f' },
		{ "mem",      required_argument, NULL, 'm' },
		{ "help",     no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct machine_config cfg = { .mem_size = MEM_DEFAULT };
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			cfg.firmware = optarg;
			break;
		case 'm':
			if (parse_size(optarg, &cfg.mem_size) < 0 || cfg.mem_size < MEM_MIN ||
			    cfg.mem_size > MEM_MAX || cfg.mem_size % 4096) {
				fprintf(stderr, "rvkvm run: invalid memory size '%s' (examples: 128M, "
					"2G, 4096K; 1M to 1T, a multiple of 4K)\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage_run(stdout);
			return 0;
		case ':':
			fprintf(stderr, "rvkvm run: option '%s' needs an argument\n", argv[optind - 1]);
			return EXIT_USAGE;
		default:
			fprintf(stderr, "rvkvm run: unknown option '%s' (see `rvkvm run --help`)\n",
				argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "rvkvm run: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (!cfg.firmware) {
		fprintf(stderr, "rvkvm run: --firmware FILE is required (see `rvkvm run --help`)\n");
		return EXIT_USAGE;
	}

	struct machine m;
	int status = 1;
	if (machine_init(&m, &cfg) == 0)
		status = machine_run(&m);
	fflush(stdout);
	machine_destroy(&m);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage_main(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	fprintf(stderr, "rvkvm: unknown command '%s' (see `rvkvm --help`)\n", argv[1]);
	return EXIT_USAGE;
}
