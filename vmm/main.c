// SPDX-License-Identifier: MIT
/* rvkvm command line: `rvkvm run [--firmware FILE|default] [--kernel FILE]
 * [--initrd FILE] [--append CMDLINE] [--mem SIZE] [--cpus N[,max=M]]
 * [--disk PATH[,ro]]... [--console stdio|none] [--dump-dtb FILE]`.
 * Exit status: the guest's exit code (HTIF or the test finisher; 0 =
 * pass), 1 when the VMM fails, 2 for a usage error. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm/api/api.h"
#include "vmm/boot.h"
#include "vmm/machine.h"
#include "vmm/snapshot/file.h"
#include "vmm/stats_server.h"

#define EXIT_USAGE 2

#define MEM_DEFAULT (256ULL << 20)
#define MEM_DEFAULT_KERNEL (512ULL << 20)   /* with --kernel */
#define MEM_MIN     (1ULL << 20)
#define MEM_MAX     (1ULL << 40)

static void usage_main(FILE *f)
{
	fputs("Usage: rvkvm COMMAND [OPTIONS]\n"
	      "A KVM-style hypervisor and VMM for RISC-V (RV64GC) guests.\n"
	      "\n"
	      "Commands:\n"
	      "  run       boot a guest (see `rvkvm run --help`)\n"
	      "  stat      print a running guest's statistics (see `rvkvm stat --help`)\n"
	      "  snapshot-rebase BASE_MEM DIFF_MEM\n"
	      "            apply a Diff snapshot's memory file onto the memory file of the\n"
	      "            snapshot it follows (in place): BASE_MEM then loads with the\n"
	      "            Diff snapshot's state file (Firecracker's rebase-snap)\n"
	      "\n"
	      "Options:\n"
	      "  -h, --help  show this help\n", f);
}

static void usage_run(FILE *f)
{
	fputs("Usage: rvkvm run --kernel FILE [--initrd FILE] [--append CMDLINE] [OPTIONS]\n"
	      "       rvkvm run --firmware FILE|default [--kernel FILE ...] [OPTIONS]\n"
	      "Boot a machine laid out as QEMU's `virt`.  With --kernel alone the kernel runs\n"
	      "as a hypervisor guest: its harts in VS-mode, entered at the kernel with a0 =\n"
	      "hart id and a1 = device tree, the SBI served by rvkvm's core.  With --firmware\n"
	      "the machine is a full one: the harts start in M-mode at the firmware with a0 =\n"
	      "hart id, a1 = device tree, a2 = OpenSBI fw_dynamic_info.\n"
	      "\n"
	      "Options:\n"
	      "  -f, --firmware FILE  (or --bios) the M-mode firmware: an RV64 ELF executable\n"
	      "                       (entered at its entry point) or a raw binary (loaded and\n"
	      "                       entered at 0x80000000); `default` means OpenSBI\n"
	      "                       fw_dynamic.bin from $RVKVM_FIRMWARE_DIR, else\n"
	      "                       ${RVKVM_CACHE:-$HOME/.cache/rvkvm}/images/\n"
	      "  -k, --kernel FILE    kernel loaded at 0x80200000: a RISC-V Linux Image (with or\n"
	      "                       without EFI stub), gzip-compressed Image.gz, EFI zboot\n"
	      "                       (gzip), RV64 ELF executable, or raw binary; with a\n"
	      "                       firmware, started by it through fw_dynamic_info\n"
	      "  -i, --initrd FILE    initial ramdisk, placed at the top of RAM below the device\n"
	      "                       tree (/chosen linux,initrd-start/end)\n"
	      "  -a, --append CMDLINE kernel command line (/chosen bootargs); printable, at most\n"
	      "                       4095 bytes (Linux keeps the first 1023)\n"
	      "  -m, --mem SIZE       guest RAM at 0x80000000 (default 256M, 512M with --kernel);\n"
	      "                       suffixes K, M, G, T; a bare number means MiB; a multiple of\n"
	      "                       4K, 1M to 1T\n"
	      "  -c, --cpus N[,max=M] harts, 1 to 64 (default 1), each on a host thread; with\n"
	      "                       max (hypervisor guests) M harts, N plugged: the others\n"
	      "                       are present but offline until PUT /cpu-hotplug\n"
	      "      --cpu MODEL[,EXT=on|off...][,vlen=N]\n"
	      "                       the harts' ISA: max (default: everything rvkvm has),\n"
	      "                       rv64gc, rva22s64 or rva23s64, then single extensions\n"
	      "                       on or off (v, zba, zbb, zbc, zbs, zbkb, zbkx, zicond,\n"
	      "                       zcb, zimop, zcmop, zawrs, zicbom, zicboz, svinval, zfh,\n"
	      "                       zfhmin, zfa, zvbb); vlen: VLEN, 128 (default) to 1024\n"
	      "  -d, --disk PATH[,ro][,direct]\n"
	      "                       a raw disk image on virtio-blk (repeatable, up to 8, the\n"
	      "                       first is /dev/vda; `,ro` for read-only; `,direct`: I/O\n"
	      "                       past the host's page cache, O_DIRECT, as QEMU's\n"
	      "                       cache=none), one request queue per vCPU, I/O by a\n"
	      "                       device thread with io_uring\n"
	      "      --net user[,hostfwd=RULE]...[,restrict=on][,mac=MAC]\n"
	      "      --net tap,ifname=NAME[,queues=N][,mac=MAC]\n"
	      "                       a virtio-net interface (repeatable, up to 4) on user-mode\n"
	      "                       networking (libslirp: DHCP gives 10.0.2.15, the host is\n"
	      "                       10.0.2.2, DNS 10.0.2.3; RULE as QEMU's\n"
	      "                       [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT) or on\n"
	      "                       a host tap device; MAC default 52:54:00:12:34:56 (+n);\n"
	      "                       queues=N (1 to 8, default 1): multiqueue, N queue pairs\n"
	      "                       on N queues of the tap (IFF_MULTI_QUEUE; an existing tap\n"
	      "                       must be `ip tuntap add ... multi_queue`), each pair with\n"
	      "                       a thread; the guest picks how many it uses (MQ)\n"
	      "      --fs tag=TAG,socket=PATH | --fs tag=TAG,dir=DIR\n"
	      "                       virtio-fs served by a vhost-user backend listening on\n"
	      "                       PATH (virtiofsd), or by a virtiofsd rvkvm starts on DIR\n"
	      "                       (and stops); the guest mounts it with\n"
	      "                       `mount -t virtiofs TAG /mnt`\n"
	      "      --vhost-user-blk PATH | --vhost-user-blk socket=PATH[,reconnect=SECS]\n"
	      "                       a disk served by a vhost-user-blk backend on PATH\n"
	      "                       (e.g. qemu-storage-daemon --export type=vhost-user-blk);\n"
	      "                       with reconnect=SECS, when the backend hangs up the\n"
	      "                       device does not fail: rvkvm tries PATH again every SECS\n"
	      "                       seconds while the guest's I/O waits, and the requests\n"
	      "                       the old backend had not completed run again\n"
	      "                       Disks, interfaces, vhost-user devices, then a virtio-rng\n"
	      "                       take the virtio-mmio slots in order\n"
	      "      --vsock cid=N,uds=PATH\n"
	      "                       a virtio-vsock device (the slot after the devices above,\n"
	      "                       before the virtio-rng), guest CID N (3 to 4294967294),\n"
	      "                       its host side on unix sockets as Firecracker's: a host\n"
	      "                       program connects to PATH and writes \"CONNECT <port>\\n\"\n"
	      "                       for guest port <port>, answered \"OK <hostport>\\n\" once\n"
	      "                       the guest accepts; guest connections to CID 2 port P go\n"
	      "                       to the unix socket PATH_P\n"
	      "      --virtio-console socket=PATH\n"
	      "                       a virtio-console whose port 0 is the guest's hvc0, its\n"
	      "                       host side a unix socket rvkvm listens on (one client)\n"
	      "      --serial-port name=NAME,socket=PATH\n"
	      "                       one more port of that device (repeatable, up to 7): the\n"
	      "                       guest's /dev/vportNpM named NAME\n"
	      "      --balloon[=amount_mib=N,deflate_on_oom=on,free_page_reporting=on,\n"
	      "                stats_interval=S]\n"
	      "                       a virtio-balloon (after the other devices, before the\n"
	      "                       virtio-rng); resize it at run time with the API\n"
	      "                       (PATCH /balloon {\"amount_mib\": N})\n"
	      "      --sbi-disable EXT[,EXT...]  SBI extensions a hypervisor guest goes\n"
	      "                       without: v01 time ipi rfence srst hsm dbcn pmu\n"
	      "                       experimental vendor\n"
	      "      --halt-poll-ns N longest a halted vCPU polls for a wake-up before it\n"
	      "                       sleeps (KVM's halt polling; default 200000, 0 = off)\n"
	      "      --console MODE   `stdio` (default): the UART on stdin/stdout; `none`: no\n"
	      "                       console input, guest console output discarded\n"
	      "      --stats-sock PATH serve the VM's and vCPUs' statistics on a unix socket\n"
	      "                       at PATH while the guest runs (read with `rvkvm stat PATH`)\n"
	      "      --api-sock PATH  the management API (Firecracker's REST resources, see\n"
	      "                       docs/api.yaml) on a unix socket; without --kernel or\n"
	      "                       --firmware the VM waits to be configured through it and\n"
	      "                       started with PUT /actions {\"action_type\": \"InstanceStart\"}\n"
	      "      --config-file FILE  boot from a Firecracker-style JSON configuration\n"
	      "                       (boot-source, machine-config, drives, network-interfaces)\n"
	      "      --incoming unix:PATH|tcp:[HOST]:PORT\n"
	      "                       receive a live migration: wait there for the source\n"
	      "                       (PUT /migration/send on its API), build the machine it\n"
	      "                       describes (same disk paths) and run the guest on\n"
	      "  -h, --help           show this help\n"
	      "\n"
	      "Debug options:\n"
	      "      --dump-dtb FILE  write the device tree the guest would get to FILE and exit\n"
	      "                       (loads only a firmware named explicitly)\n"
	      "\n"
	      "Devices: ACLINT at 0x2000000 (full machine), PLIC at 0xc000000, ns16550a UART at 0x10000000,\n"
	      "virtio-mmio slots at 0x10001000..0x10008000, sifive,test1 finisher at 0x100000,\n"
	      "goldfish RTC at 0x101000, HTIF when the firmware ELF defines `tohost`.\n"
	      "Exit status: the guest's exit code (0 = pass), 1 on a VMM error, 2 on a usage error.\n",
	      f);
}

static int parse_count(const char *s, char **end, unsigned long *n)
{
	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*n = strtoul(s, end, 10);
	return errno || *n < 1 || *n > KVM_MAX_VCPUS ? -EINVAL : 0;
}

/* N[,max=M]: 1 <= N <= M <= KVM_MAX_VCPUS, decimal.  With max the machine
 * has M harts of which N are plugged (*plugged = N, 0 without max). */
static int parse_cpus(const char *s, unsigned *out, unsigned *plugged)
{
	char *end;
	unsigned long n, max;
	if (parse_count(s, &end, &n) < 0)
		return -EINVAL;
	*plugged = 0;
	if (!*end) {
		*out = (unsigned)n;
		return 0;
	}
	if (strncmp(end, ",max=", 5) || parse_count(end + 5, &end, &max) < 0 || *end || max < n)
		return -EINVAL;
	*out = (unsigned)max;
	*plugged = (unsigned)n;
	return 0;
}

/* PATH[,ro][,direct]: the image must exist and be a regular file or block
 * device. */
/* --fs tag=TAG,socket=PATH|dir=DIR; --vhost-user-blk
 * socket=PATH[,reconnect=SECS] (or PATH).  Parsed in place: the strings
 * point into arg. */
static int parse_vhost(char *arg, bool fs, struct machine_vhost *v)
{
	const char *opt = fs ? "--fs" : "--vhost-user-blk";
	*v = (struct machine_vhost){ .kind = fs ? VHOST_DEV_FS : VHOST_DEV_BLK };
	if (!fs && !strchr(arg, '=')) {
		v->socket = arg;
		return 0;
	}
	char *save = NULL;
	for (char *tok = strtok_r(arg, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *val = strchr(tok, '=');
		if (!val) {
			fprintf(stderr, "rvkvm run: %s: '%s' is not KEY=VALUE\n", opt, tok);
			return -1;
		}
		*val++ = 0;
		if (!strcmp(tok, "socket") && *val) {
			v->socket = val;
		} else if (fs && !strcmp(tok, "dir") && *val) {
			v->dir = val;
		} else if (fs && !strcmp(tok, "tag") && *val && strlen(val) <= VIRTIO_FS_TAG_LEN) {
			v->tag = val;
		} else if (fs && !strcmp(tok, "reconnect")) {
			fprintf(stderr, "rvkvm run: --fs: reconnect= is not supported: virtiofsd keeps "
				"the FUSE session's state, so a restarted one cannot serve the "
				"guest's mount\n");
			return -1;
		} else if (!strcmp(tok, "reconnect")) {
			char *end;
			errno = 0;
			unsigned long secs = strtoul(val, &end, 10);
			if (*val < '0' || *val > '9' || *end || errno || !secs || secs > 86400) {
				fprintf(stderr, "rvkvm run: %s: reconnect=%s: seconds between "
					"attempts, 1 to 86400\n", opt, val);
				return -1;
			}
			v->reconnect_s = (unsigned)secs;
		} else {
			fprintf(stderr, "rvkvm run: %s: bad option '%s=%s'%s\n", opt, tok, val,
				fs && !strcmp(tok, "tag") ? " (a tag has 1 to 36 bytes)" : "");
			return -1;
		}
	}
	if (!v->socket == !v->dir || (fs && !v->tag)) {
		fprintf(stderr, "rvkvm run: %s needs %s\n", opt,
			fs ? "tag=TAG and one of socket=PATH or dir=DIR" : "socket=PATH");
		return -1;
	}
	return 0;
}

/* --virtio-console socket=PATH (hvc0, port 0) and --serial-port
 * name=NAME,socket=PATH (more ports), in place. */
static int parse_vport(char *arg, bool console, struct machine_config *cfg)
{
	const char *opt = console ? "--virtio-console" : "--serial-port";
	struct virtio_console_port_opts p = { NULL, NULL };
	char *save = NULL;
	for (char *tok = strtok_r(arg, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *val = strchr(tok, '=');
		if (!val || !val[1])
			goto bad;
		*val++ = 0;
		if (!strcmp(tok, "socket"))
			p.socket = val;
		else if (!console && !strcmp(tok, "name") && strlen(val) < VIRTIO_CONSOLE_NAME_MAX)
			p.name = val;
		else
			goto bad;
	}
	if (!p.socket || (!console && !p.name))
		goto bad;
	bool has_console = cfg->nr_vports && !cfg->vports[0].name;
	if (console && has_console) {
		fprintf(stderr, "rvkvm run: --virtio-console given twice\n");
		return -1;
	}
	if (cfg->nr_vports + 1 + (!has_console && !console) > VIRTIO_CONSOLE_MAX_PORTS) {
		fprintf(stderr, "rvkvm run: at most %d virtio-console ports\n", VIRTIO_CONSOLE_MAX_PORTS - 1);
		return -1;
	}
	if (console) {   /* the console is port 0 */
		memmove(&cfg->vports[1], &cfg->vports[0], cfg->nr_vports * sizeof(p));
		cfg->vports[0] = p;
	} else {
		cfg->vports[cfg->nr_vports] = p;
	}
	cfg->nr_vports++;
	return 0;
bad:
	fprintf(stderr, "rvkvm run: %s: expected %s\n", opt,
		console ? "socket=PATH" : "name=NAME,socket=PATH");
	return -1;
}

/* --balloon[=amount_mib=N,deflate_on_oom=on,free_page_reporting=on,stats_interval=S] */
static int parse_balloon(char *arg, struct machine_balloon *b)
{
	*b = (struct machine_balloon){ .enabled = true };
	char *save = NULL;
	for (char *tok = arg ? strtok_r(arg, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
		char *val = strchr(tok, '='), *end;
		if (!val)
			goto bad;
		*val++ = 0;
		if (!strcmp(tok, "deflate_on_oom") || !strcmp(tok, "free_page_reporting")) {
			if (strcmp(val, "on") && strcmp(val, "off"))
				goto bad;
			*(!strcmp(tok, "deflate_on_oom") ? &b->deflate_on_oom : &b->free_page_reporting) =
				!strcmp(val, "on");
			continue;
		}
		errno = 0;
		unsigned long v = strtoul(val, &end, 10);
		if (errno || end == val || *end || *val == '-')
			goto bad;
		if (!strcmp(tok, "amount_mib") && v <= UINT32_MAX >> 8)
			b->amount_mib = (uint32_t)v;
		else if (!strcmp(tok, "stats_interval") && v <= 86400)
			b->stats_interval_s = (unsigned)v;
		else
			goto bad;
	}
	return 0;
bad:
	fprintf(stderr, "rvkvm run: --balloon: expected amount_mib=N, deflate_on_oom=on|off, "
		"free_page_reporting=on|off, stats_interval=SECONDS\n");
	return -1;
}

/* --sbi-disable EXT[,EXT...]: SBI extensions a hypervisor guest goes
 * without (KVM_REG_RISCV_SBI_EXT; BASE cannot be disabled). */
static int parse_sbi_exts(const char *arg, uint32_t *mask)
{
	static const struct { const char *name; unsigned ext; } exts[] = {
		{ "v01", KVM_RISCV_SBI_EXT_V01 }, { "time", KVM_RISCV_SBI_EXT_TIME },
		{ "ipi", KVM_RISCV_SBI_EXT_IPI }, { "rfence", KVM_RISCV_SBI_EXT_RFENCE },
		{ "srst", KVM_RISCV_SBI_EXT_SRST }, { "hsm", KVM_RISCV_SBI_EXT_HSM },
		{ "dbcn", KVM_RISCV_SBI_EXT_DBCN }, { "experimental", KVM_RISCV_SBI_EXT_EXPERIMENTAL },
		{ "vendor", KVM_RISCV_SBI_EXT_VENDOR }, { "pmu", KVM_RISCV_SBI_EXT_PMU },
	};
	const char *p = arg;
	while (*p) {
		size_t len = strcspn(p, ",");
		bool found = false;
		for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
			if (strlen(exts[i].name) == len && !strncmp(p, exts[i].name, len)) {
				*mask |= 1u << exts[i].ext;
				found = true;
			}
		}
		if (!found) {
			fprintf(stderr, "rvkvm run: unknown SBI extension '%.*s' in --sbi-disable "
				"(v01, time, ipi, rfence, srst, hsm, dbcn, pmu, experimental, vendor)\n",
				(int)len, p);
			return -1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int parse_disk(char *arg, struct machine_disk *d)
{
	d->readonly = d->direct = false;
	/* Trailing ,ro and ,direct (any order); a comma elsewhere is the
	 * path's own. */
	for (;;) {
		size_t n = strlen(arg);
		if (n >= 3 && !strcmp(arg + n - 3, ",ro")) {
			arg[n - 3] = '\0';
			d->readonly = true;
		} else if (n >= 7 && !strcmp(arg + n - 7, ",direct")) {
			arg[n - 7] = '\0';
			d->direct = true;
		} else {
			break;
		}
	}
	d->path = arg;
	struct stat st;
	if (!*arg) {
		fprintf(stderr, "rvkvm run: --disk needs a path\n");
		return -EINVAL;
	}
	if (stat(arg, &st) < 0) {
		fprintf(stderr, "rvkvm run: disk image '%s': %s\n", arg, strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		fprintf(stderr, "rvkvm run: disk image '%s': not a regular file or block device\n", arg);
		return -EINVAL;
	}
	return 0;
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

/* Strings a configuration read from elsewhere (an incoming migration)
 * points to, freed when the run ends. */
struct vmm_strings {
	char **v;
	size_t n;
};

static const char *keep_string(void *ctx, const char *s)
{
	struct vmm_strings *k = ctx;
	char **v = realloc(k->v, (k->n + 1) * sizeof(*v));
	if (!v)
		return NULL;
	k->v = v;
	return (k->v[k->n++] = strdup(s));
}

static void free_strings(struct vmm_strings *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i]);
	free(k->v);
}

static int cmd_run(int argc, char **argv, char *const *orig_argv)
{
	enum { OPT_CONSOLE = 0x100, OPT_DUMP_DTB, OPT_HALT_POLL, OPT_SBI_DISABLE };
	enum { OPT_STATS_SOCK = 0x180, OPT_NET, OPT_FS, OPT_VHOST_BLK, OPT_API_SOCK, OPT_CONFIG_FILE,
	       OPT_BALLOON, OPT_VIRTIO_CONSOLE, OPT_SERIAL_PORT };
	enum { OPT_VSOCK = 0x1c0, OPT_INCOMING, OPT_CPU };
	static const struct option opts[] = {
		{ "firmware", required_argument, NULL, 'f' },
		{ "bios",     required_argument, NULL, 'f' },
		{ "kernel",   required_argument, NULL, 'k' },
		{ "initrd",   required_argument, NULL, 'i' },
		{ "append",   required_argument, NULL, 'a' },
		{ "mem",      required_argument, NULL, 'm' },
		{ "cpus",     required_argument, NULL, 'c' },
		{ "cpu",      required_argument, NULL, OPT_CPU },
		{ "disk",     required_argument, NULL, 'd' },
		{ "net",      required_argument, NULL, OPT_NET },
		{ "vsock",    required_argument, NULL, OPT_VSOCK },
		{ "fs",       required_argument, NULL, OPT_FS },
		{ "balloon",  optional_argument, NULL, OPT_BALLOON },
		{ "virtio-console", required_argument, NULL, OPT_VIRTIO_CONSOLE },
		{ "serial-port", required_argument, NULL, OPT_SERIAL_PORT },
		{ "vhost-user-blk", required_argument, NULL, OPT_VHOST_BLK },
		{ "console",  required_argument, NULL, OPT_CONSOLE },
		{ "stats-sock", required_argument, NULL, OPT_STATS_SOCK },
		{ "api-sock", required_argument, NULL, OPT_API_SOCK },
		{ "config-file", required_argument, NULL, OPT_CONFIG_FILE },
		{ "incoming", required_argument, NULL, OPT_INCOMING },
		{ "dump-dtb", required_argument, NULL, OPT_DUMP_DTB },
		{ "halt-poll-ns", required_argument, NULL, OPT_HALT_POLL },
		{ "sbi-disable", required_argument, NULL, OPT_SBI_DISABLE },
		{ "help",     no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct machine_config cfg = { .halt_poll_ns = -1, .mem_size = 0, .nr_cpus = 1 };
	const char *why, *stats_sock = NULL, *api_sock = NULL, *config_file = NULL, *incoming = NULL;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:k:i:a:m:c:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			cfg.firmware = optarg;
			break;
		case 'k':
			cfg.kernel = optarg;
			break;
		case 'i':
			cfg.initrd = optarg;
			break;
		case 'a':
			if (boot_check_cmdline(optarg, &why) < 0) {
				fprintf(stderr, "rvkvm run: --append: %s\n", why);
				return EXIT_USAGE;
			}
			cfg.append = optarg;
			break;
		case 'c':
			if (parse_cpus(optarg, &cfg.nr_cpus, &cfg.nr_plugged) < 0) {
				fprintf(stderr, "rvkvm run: invalid number of cpus '%s' (N or "
					"N,max=M with 1 <= N <= M <= %d)\n", optarg, KVM_MAX_VCPUS);
				return EXIT_USAGE;
			}
			break;
		case 'd':
			if (cfg.nr_disks == MACHINE_MAX_DISKS) {
				fprintf(stderr, "rvkvm run: too many disks (at most %d)\n", MACHINE_MAX_DISKS);
				return EXIT_USAGE;
			}
			if (parse_disk(optarg, &cfg.disks[cfg.nr_disks]) < 0)
				return EXIT_USAGE;
			cfg.nr_disks++;
			break;
		case OPT_NET: {
			char err[256];
			if (cfg.nr_nets == MACHINE_MAX_NETS) {
				fprintf(stderr, "rvkvm run: too many --net (at most %d)\n", MACHINE_MAX_NETS);
				return EXIT_USAGE;
			}
			if (netdev_parse(optarg, &cfg.nets[cfg.nr_nets], err, sizeof(err)) < 0) {
				fprintf(stderr, "rvkvm run: --net: %s\n", err);
				return EXIT_USAGE;
			}
			cfg.nr_nets++;
			break;
		}
		case OPT_FS:
		case OPT_VHOST_BLK:
			if (cfg.nr_vhosts == MACHINE_MAX_VHOSTS) {
				fprintf(stderr, "rvkvm run: too many vhost-user devices (at most %d)\n",
					MACHINE_MAX_VHOSTS);
				return EXIT_USAGE;
			}
			if (parse_vhost(optarg, c == OPT_FS, &cfg.vhosts[cfg.nr_vhosts]) < 0)
				return EXIT_USAGE;
			cfg.nr_vhosts++;
			break;
		case OPT_VSOCK: {
			char err[160];
			if (cfg.has_vsock) {
				fprintf(stderr, "rvkvm run: --vsock given twice\n");
				return EXIT_USAGE;
			}
			if (virtio_vsock_parse(optarg, &cfg.vsock, err, sizeof(err)) < 0) {
				fprintf(stderr, "rvkvm run: --vsock: %s\n", err);
				return EXIT_USAGE;
			}
			cfg.has_vsock = true;
			break;
		}
		case OPT_CONSOLE:
			if (!strcmp(optarg, "stdio")) {
				cfg.console = MACHINE_CONSOLE_STDIO;
			} else if (!strcmp(optarg, "none")) {
				cfg.console = MACHINE_CONSOLE_NONE;
			} else {
				fprintf(stderr, "rvkvm run: invalid console '%s' (stdio or none)\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_DUMP_DTB:
			cfg.dump_dtb = optarg;
			break;
		case OPT_STATS_SOCK:
			stats_sock = optarg;
			break;
		case OPT_API_SOCK:
			api_sock = optarg;
			break;
		case OPT_BALLOON:
			if (parse_balloon(optarg, &cfg.balloon) < 0)
				return EXIT_USAGE;
			break;
		case OPT_VIRTIO_CONSOLE:
		case OPT_SERIAL_PORT:
			if (parse_vport(optarg, c == OPT_VIRTIO_CONSOLE, &cfg) < 0)
				return EXIT_USAGE;
			break;
		case OPT_CONFIG_FILE:
			config_file = optarg;
			break;
		case OPT_INCOMING:
			incoming = optarg;
			break;
		case OPT_CPU: {
			char why[256];
			if (cpu_model_parse(optarg, &cfg.cpu, why, sizeof(why)) < 0) {
				fprintf(stderr, "rvkvm run: %s\n", why);
				return EXIT_USAGE;
			}
			break;
		}
		case OPT_SBI_DISABLE:
			if (parse_sbi_exts(optarg, &cfg.sbi_disabled) < 0)
				return EXIT_USAGE;
			break;
		case OPT_HALT_POLL: {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-' || v > UINT32_MAX) {
				fprintf(stderr, "rvkvm run: invalid --halt-poll-ns '%s' (0 to %u)\n",
					optarg, UINT32_MAX);
				return EXIT_USAGE;
			}
			cfg.halt_poll_ns = (int64_t)v;
			break;
		}
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
	bool cli_configured = cfg.firmware || cfg.kernel || cfg.dump_dtb;
	if (config_file && cli_configured) {
		fprintf(stderr, "rvkvm run: --config-file replaces --kernel/--firmware\n");
		return EXIT_USAGE;
	}
	if (incoming && (cli_configured || config_file || cfg.nr_disks || cfg.nr_nets ||
			 cfg.nr_vhosts || cfg.has_vsock || cfg.balloon.enabled || cfg.mem_size)) {
		fprintf(stderr, "rvkvm run: --incoming takes the machine from the source: give no "
			"boot source, devices or memory size\n");
		return EXIT_USAGE;
	}
	if (!cli_configured && !config_file && !api_sock && !incoming) {
		fprintf(stderr, "rvkvm run: --firmware FILE is required, or --kernel FILE, or "
			"--api-sock PATH (see `rvkvm run --help`)\n");
		return EXIT_USAGE;
	}
	if (cfg.nr_plugged && cfg.firmware) {
		fprintf(stderr, "rvkvm run: --cpus N,max=M (vCPU hotplug) is for hypervisor guests: "
			"with --firmware the firmware starts every hart\n");
		return EXIT_USAGE;
	}
	if (cfg.initrd && !cfg.kernel) {
		fprintf(stderr, "rvkvm run: --initrd needs --kernel\n");
		return EXIT_USAGE;
	}
	if (cfg.firmware && !strcmp(cfg.firmware, "default") && !cfg.kernel && !cfg.dump_dtb) {
		fprintf(stderr, "rvkvm run: --firmware default (OpenSBI fw_dynamic) needs --kernel FILE\n");
		return EXIT_USAGE;
	}
	/* Guest console output (UART, HTIF) goes to stdout: discard it. */
	if (cfg.console == MACHINE_CONSOLE_NONE && !freopen("/dev/null", "w", stdout)) {
		fprintf(stderr, "rvkvm: /dev/null: %s\n", strerror(errno));
		return 1;
	}
	struct vmm_api *api = NULL;
	if ((api_sock || config_file) && vmm_api_create(&api, &cfg) < 0)
		return 1;
	if (config_file && vmm_api_load_config(api, config_file) < 0) {
		vmm_api_destroy(api);
		return 1;
	}
	if (api_sock && vmm_api_serve(api, api_sock) < 0) {
		vmm_api_destroy(api);
		return 1;
	}
	bool configured = cli_configured || config_file;
	struct vmm_strings strs = { 0 };
	struct machine_restore incoming_rs = { .incoming = true };
	int mig_fd = -1;
	if (incoming) {
		/* The machine is the source's: its configuration first, then
		 * (once it is built) its memory and state. */
		char err[256];
		if (api)
			vmm_api_set_incoming(api);
		mig_fd = machine_migrate_listen(incoming, &cfg, keep_string, &strs, err, sizeof(err));
		if (mig_fd < 0) {
			fprintf(stderr, "rvkvm: --incoming %s: %s\n", incoming, err);
			vmm_api_destroy(api);
			free_strings(&strs);
			return 1;
		}
		cfg.restore = &incoming_rs;
		configured = true;
	}

	struct machine m;
	struct vmm_stats_server *stats = NULL;
	int status = 1;
	bool reset = false;
	for (;;) {
		/* Configured by the API: wait for InstanceStart. */
		if (api && !vmm_api_wait_start(api, configured)) {
			status = 0;
			break;
		}
		if (!cfg.restore)
			cfg.hyp_guest = cfg.kernel && !cfg.firmware;
		if (!cfg.mem_size)
			cfg.mem_size = cfg.kernel ? MEM_DEFAULT_KERNEL : MEM_DEFAULT;
		if (cfg.append && cfg.kernel && strlen(cfg.append) > BOOT_CMDLINE_LINUX_MAX)
			fprintf(stderr, "rvkvm: warning: --append is %zu bytes; Linux keeps the first %d\n",
				strlen(cfg.append), BOOT_CMDLINE_LINUX_MAX);
		int r = machine_init(&m, &cfg);
		if (mig_fd >= 0) {
			bool paused = false;
			if (r == 0)
				r = machine_migrate_receive(&m, mig_fd, &paused);
			else
				close(mig_fd);   /* the source hears it and keeps its guest */
			mig_fd = -1;
			if (api)
				vmm_api_set_resume(api, !paused);
			else if (paused)
				fprintf(stderr, "rvkvm: the guest was paused on the source; with no "
					"--api-sock to resume it, it runs\n");
		}
		if (api)
			vmm_api_started(api, &m, r);
		if (r < 0 && api && !configured) {
			machine_destroy(&m);   /* InstanceStart said why: wait for another */
			continue;
		}
		if (r == 0) {
			if (cfg.dump_dtb)
				status = 0;
			else if (!stats_sock || vmm_stats_server_start(&stats, stats_sock, m.vm, m.vcpus,
								      m.nr_cpus) == 0)
				status = machine_run(&m);
		}
		if (api)
			vmm_api_detach(api);
		vmm_stats_server_stop(stats);  /* before the VM goes */
		reset = m.stop.requested && m.stop.reset;
		fflush(stdout);
		machine_destroy(&m);  /* also restores the terminal */
		break;
	}
	vmm_api_destroy(api);
	free_strings(&strs);
	if (reset && !cli_configured) {
		/* The configuration came from the API or a file: as Firecracker,
		 * a guest reboot ends the VMM. */
		fprintf(stderr, "rvkvm: guest reset: the VMM exits (configured through the API)\n");
		return 0;
	}
	if (reset) {
		/* A guest reset boots the same machine again: start over with a
		 * fresh process (every device, hart and page of RAM reset). */
		fprintf(stderr, "rvkvm: guest reset: rebooting\n");
		if (orig_argv[0])
			execv("/proc/self/exe", orig_argv);
		fprintf(stderr, "rvkvm: cannot reboot: %s\n", strerror(errno));
		return 1;
	}
	return status;
}

static void free_argv(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

int main(int argc, char **argv)
{
	/* The command line as given, for a reboot (option parsing permutes
	 * argv and edits some arguments in place). */
	char **orig_argv = calloc((size_t)argc + 1, sizeof(char *));
	if (!orig_argv)
		return 1;
	for (int i = 0; i < argc; i++)
		if (!(orig_argv[i] = strdup(argv[i])))
			break;
	int rc;
	if (argc < 2) {
		usage_main(stderr);
		rc = EXIT_USAGE;
	} else if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage_main(stdout);
		rc = 0;
	} else if (!strcmp(argv[1], "run")) {
		rc = cmd_run(argc - 1, argv + 1, orig_argv);
	} else if (!strcmp(argv[1], "stat")) {
		rc = cmd_stat(argc - 1, argv + 1);
	} else if (!strcmp(argv[1], "snapshot-rebase")) {
		char err[512];
		if (argc != 4) {
			fprintf(stderr, "Usage: rvkvm snapshot-rebase BASE_MEM DIFF_MEM\n");
			rc = EXIT_USAGE;
		} else if (snap_rebase_mem(argv[2], argv[3], err, sizeof(err)) < 0) {
			fprintf(stderr, "rvkvm: snapshot-rebase: %s\n", err);
			rc = 1;
		} else {
			rc = 0;
		}
	} else {
		fprintf(stderr, "rvkvm: unknown command '%s' (see `rvkvm --help`)\n", argv[1]);
		rc = EXIT_USAGE;
	}
	free_argv(orig_argv);
	return rc;
}
