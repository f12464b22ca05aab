// SPDX-License-Identifier: MIT
/*
 * logparse.c - what a real board's dmesg shows of its memory map. The
 * lines are those of drivers/of/{fdt,of_reserved_mem}.c, kernel/dma/
 * {contiguous,coherent,swiotlb}.c, mm/cma.c and mm/mm_init.c in every
 * supported kernel's wording (6.1's "OF: fdt: " prefix, 6.12's "on node
 * -1", ...), so a log is read the same whatever its version; the version
 * itself comes from the "Linux version" line. Prefixes a log may carry
 * (quotes, journalctl, dmesg -T, stamps, caller ids: sm_boot_log_text())
 * are dropped first, as --env-from drops them. A log holding several
 * boots counts from the last one.
 *
 * Logs from the field are often excerpts, so the parser also notes which
 * parts (SM_LOGSEC_*) the log has at all and which it shows whole: a part
 * is whole when the line that comes before it in every boot (its header,
 * or "Linux version") and some line after its last one are both there.
 * The boot environment the log states (machine model, EFI or not, the
 * command line) is kept in m->env.
 *
 *   6.3+  "OF: reserved mem: <base>..<end> (<KiB> KiB) <map> <reusable> <name>"
 *   all   "Reserved memory: created CMA memory pool at <base>, size <MiB> MiB"
 *         then "OF: reserved mem: initialized node <name>, compatible id <c>"
 *         failures, overlaps, "cma: Reserved", zones and node ranges
 *
 * Which "cma: Reserved/Failed to reserve" line is the default area's: not
 * one a "hugetlb_cma:" line announces or follows, nor one a per-node
 * area's "reservation failed" follows, nor 6.12's "on node <n>" with a
 * real node; of the others the kernel makes the default area last (up to
 * 6.x, after hugetlb and per-node areas) or first (7.x).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logmap.h"

/* A "cma: Reserved/Failed to reserve" line, until we know whose it is. */
struct cma_line {
	bool failed;
	uint64_t mib;
	uint64_t base;
	bool other;		/* hugetlb's or a per-node area's */
};

struct parser {
	struct sm_logmap *m;
	size_t lineno;		/* lines read so far (non-empty ones) */
	size_t first[8];	/* per SM_LOGSEC_* bit: first line + 1, or 0 */
	size_t last[8];
	bool started;		/* "Linux version" seen */
	bool zones_header;
	bool nodes_header;
	size_t header_line[8];
	bool pool;		/* a "created ... pool" waits for its name */
	struct log_fact pending;
	bool zones;		/* inside "Zone ranges:" */
	bool overlap;		/* the pair line of OVERLAP DETECTED follows */
	bool hugetlb_next;	/* "hugetlb_cma: reserve ..." came first */
	struct cma_line cma[16];
	size_t ncma;
};

static int sec_index(unsigned int sec)
{
	return __builtin_ctz(sec);
}

/* The line just read belongs to @sec. */
static void saw(struct parser *ps, unsigned int sec)
{
	int i = sec_index(sec);

	if (!ps->first[i])
		ps->first[i] = ps->lineno;
	ps->last[i] = ps->lineno;
}

static const char *after(const char *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(l, prefix, n) ? NULL : l + n;
}

/* "OF: fdt: Reserved memory: X", "OF: reserved mem: [Reserved memory: ]X" */
static const char *rmem_text(const char *l)
{
	const char *p = after(l, "OF: reserved mem: ");

	if (!p)
		p = after(l, "OF: fdt: ");
	if (p && after(p, "Reserved memory: "))
		p += strlen("Reserved memory: ");
	return p;
}

static int fact(struct parser *ps, unsigned int type, const char *name)
{
	struct log_fact f = { .type = type, .name = name, .nomap = -1,
			      .reusable = -1 };

	return sm_plan_logmap_fact(ps->m, &f);
}

static int summary(struct parser *ps, const char *p)
{
	uint64_t base, end, kib;
	char map[16], reus[16], name[64];
	struct log_fact f = { .type = SM_LOGF_SUMMARY, .name = name };

	if (sscanf(p, "0x%" SCNx64 "..0x%" SCNx64 " (%" SCNu64 " KiB) %15s %15s %63s",
		   &base, &end, &kib, map, reus, name) != 6 || end < base)
		return 1;
	f.base = base;
	f.has_base = true;
	f.size = end - base + 1;
	f.nomap = !strcmp(map, "nomap");
	f.reusable = !strcmp(reus, "reusable");
	return sm_plan_logmap_fact(ps->m, &f);
}

static int rmem_line(struct parser *ps, const char *p)
{
	char name[64], compat[32];
	uint64_t base, mib;
	struct log_fact f = { .name = name, .nomap = -1, .reusable = -1 };
	int n;

	if (sscanf(p, "failed to reserve memory for node '%63[^']': base 0x%" SCNx64 ", size %" SCNu64 " MiB",
		   name, &base, &mib) == 3) {
		f.type = SM_LOGF_FAIL_RESERVE;
		f.base = base;
		f.has_base = true;
		f.mib = mib;
		f.has_mib = true;
		return sm_plan_logmap_fact(ps->m, &f);
	}
	if (sscanf(p, "failed to allocate memory for node '%63[^']': size %" SCNu64 " MiB",
		   name, &mib) == 2) {
		f.type = SM_LOGF_FAIL_ALLOC;
		f.mib = mib;
		f.has_mib = true;
		return sm_plan_logmap_fact(ps->m, &f);
	}
	if (sscanf(p, "too many defined dynamic regions, skip '%63[^']'",
		   name) == 1)
		return fact(ps, SM_LOGF_FAIL_ALLOC, name);
	n = 0;
	if (sscanf(p, "node %63s compatible matching fail%n", name, &n) == 1 &&
	    n)
		return fact(ps, SM_LOGF_UNMATCHED, name);
	/* node names may hold commas ("linux,cma"): split at the last words */
	if (!strncmp(p, "initialized node ", 17) &&
	    strstr(p, ", compatible id ") &&
	    sscanf(strstr(p, ", compatible id ") + 16, "%31s", compat) == 1) {
		snprintf(name, sizeof(name), "%.*s",
			 (int)(strstr(p, ", compatible id ") - p - 17), p + 17);
		if (ps->pool) {
			ps->pending.name = name;
			ps->pool = false;
			if (sm_plan_logmap_fact(ps->m, &ps->pending))
				return -ENOMEM;
		}
		f.type = SM_LOGF_INIT;
		f.handler = compat;
		return sm_plan_logmap_fact(ps->m, &f);
	}
	if (!strncmp(p, "OVERLAP DETECTED!", 17)) {
		ps->overlap = true;
		return 0;
	}
	if (!strncmp(p, "Skipping dt linux,cma-default", 29)) {
		ps->m->cma_skipped = true;
		return 0;
	}
	return summary(ps, p);
}

/* "Reserved memory: created CMA memory pool at <base>, size <n> MiB" */
static int pool_line(struct parser *ps, const char *l)
{
	static const struct { const char *what; enum sm_region_kind kind; }
	pools[] = {
		{ "Reserved memory: created CMA memory pool at ", SM_REGION_CMA },
		{ "Reserved memory: created DMA memory pool at ",
		  SM_REGION_DMA_POOL },
		{ "software IO TLB: Reserved memory: created restricted DMA pool at ",
		  SM_REGION_RESTRICTED_POOL },
	};
	uint64_t base, mib;
	char name[64];
	int n = 0;

	for (size_t i = 0; i < sizeof(pools) / sizeof(pools[0]); i++) {
		const char *p = after(l, pools[i].what);

		if (!p || sscanf(p, "0x%" SCNx64 ", size %" SCNu64 " MiB", &base,
				 &mib) != 2)
			continue;
		memset(&ps->pending, 0, sizeof(ps->pending));
		ps->pending = (struct log_fact){
			.type = SM_LOGF_POOL, .base = base, .has_base = true,
			.mib = mib, .has_mib = true, .nomap = -1,
			.reusable = -1, .kind = pools[i].kind };
		ps->pool = true;
		return 0;
	}
	if (sscanf(l, "Reserved memory: bypass %63s node%n", name, &n) == 1 &&
	    n)
		return fact(ps, SM_LOGF_BYPASS, name);
	if (!strncmp(l, "Skipping dt linux,cma-default", 29))
		ps->m->cma_skipped = true;
	return 1;
}

/* "a (0x..--0x..) overlaps with b (0x..--0x..)" */
static int overlap_line(struct parser *ps, const char *l)
{
	struct sm_log_overlap o;

	if (sscanf(l, "%63s (0x%" SCNx64 "--0x%" SCNx64 ") overlaps with %63s (0x%" SCNx64 "--0x%" SCNx64 ")",
		   o.a, &o.a_base, &o.a_end, o.b, &o.b_base, &o.b_end) != 6)
		return 1;
	ps->overlap = false;
	return sm_plan_logmap_overlap(ps->m, &o);
}

static int cma_line(struct parser *ps, const char *p)
{
	struct cma_line c = { 0 };
	int node = -1, n = 0;
	char fn[64];

	/* "Reserved %lu MiB in %d ranges" (multi-range areas) is not it */
	if (sscanf(p, "Reserved %" SCNu64 " MiB at 0x%" SCNx64 "%n", &c.mib,
		   &c.base, &n) == 2 && n) {
		sscanf(p + n, " on node %d", &node);
	} else if (sscanf(p, "Failed to reserve %" SCNu64 " MiB%n", &c.mib,
			  &n) == 1 && n) {
		c.failed = true;
		sscanf(p + n, " on node %d", &node);
	} else if (sscanf(p, "%63[^:]: reservation failed: err%n", fn,
			  &n) == 1 && n) {
		/* a per-node area: the line before was its own */
		if (ps->ncma)
			ps->cma[ps->ncma - 1].other = true;
		return 0;
	} else {
		return 1;
	}
	c.other = ps->hugetlb_next || node >= 0;
	ps->hugetlb_next = false;
	if (ps->ncma < sizeof(ps->cma) / sizeof(ps->cma[0]))
		ps->cma[ps->ncma++] = c;
	ps->m->memlines++;
	return 0;
}

/* "hugetlb_cma: reserve ...", then its area, then "reserved/failed" */
static void hugetlb_line(struct parser *ps, const char *p)
{
	if (!strncmp(p, "reserve ", 8))
		ps->hugetlb_next = true;
	else if ((!strncmp(p, "reserved ", 9) ||
		  !strncmp(p, "reservation failed", 18)) && ps->ncma)
		ps->cma[ps->ncma - 1].other = true;
}

/* The default area: the last candidate up to 6.x, the first from 7.x. */
static void pick_default_cma(struct parser *ps)
{
	struct sm_logmap *m = ps->m;
	const struct cma_line *d = NULL;

	for (size_t i = 0; i < ps->ncma; i++) {
		if (ps->cma[i].other)
			continue;
		d = &ps->cma[i];
		if (m->major >= 7)
			break;
	}
	if (!d)
		return;
	m->cma_reserved = !d->failed;
	m->cma_failed = d->failed;
	m->cma_base = d->failed ? 0 : d->base;
	m->cma_mib = d->mib;
}

static int zone_line(struct parser *ps, const char *l)
{
	char name[16];
	uint64_t s, e;

	if (sscanf(l, " node %*d: [mem 0x%" SCNx64 "-0x%" SCNx64 "]", &s, &e) ==
	    2) {
		ps->zones = false;
		saw(ps, SM_LOGSEC_NODES);
		return sm_plan_logmap_node(ps->m, s, e);
	}
	if (!ps->zones)
		return 1;
	if (sscanf(l, " %15s [mem 0x%" SCNx64 "-0x%" SCNx64 "]", name, &s,
		   &e) == 3) {
		saw(ps, SM_LOGSEC_ZONES);
		return sm_plan_logmap_zone(ps->m, name, false, s, e);
	}
	if (sscanf(l, " %15s empty", name) == 1 && strstr(l, " empty")) {
		saw(ps, SM_LOGSEC_ZONES);
		return sm_plan_logmap_zone(ps->m, name, true, 0, 0);
	}
	ps->zones = false;
	return 1;
}

/* A new boot: everything before it is forgotten. */
static void version_line(struct parser *ps, const char *p)
{
	struct sm_logmap *m = ps->m;

	size_t lineno = ps->lineno;

	sm_plan_logmap_free(m);
	memset(ps, 0, sizeof(*ps));
	ps->m = m;
	ps->lineno = lineno;
	ps->started = true;
	saw(ps, SM_LOGSEC_VERSION);
	sscanf(p, "%63s", m->version);
	if (sscanf(m->version, "%d.%d", &m->major, &m->minor) != 2)
		m->major = m->minor = 0;
}

static bool env_line(struct parser *ps, const char *l);
static void header(struct parser *ps, unsigned int sec);

static int parse_line(struct parser *ps, const char *line)
{
	const char *l = sm_boot_log_text(line), *p;
	uint64_t s, e;

	if ((p = after(l, "Linux version "))) {
		version_line(ps, p);
		return 0;
	}
	if (env_line(ps, l))
		return 0;
	if (ps->overlap && overlap_line(ps, l) <= 0)
		return 0;
	if (!strcmp(l, "Zone ranges:")) {
		ps->zones = true;
		header(ps, SM_LOGSEC_ZONES);
		return 0;
	}
	if (!strcmp(l, "Early memory node ranges")) {
		header(ps, SM_LOGSEC_NODES);
		return 0;
	}
	if (zone_line(ps, l) <= 0)
		return 0;
	if (sscanf(l, "NUMA: Faking a node at [mem 0x%" SCNx64 "-0x%" SCNx64 "]",
		   &s, &e) == 2) {
		ps->m->has_dram = true;
		ps->m->dram = (struct sm_log_range){ s, e };
		ps->m->memlines++;
		return 0;
	}
	if ((p = after(l, "cma: "))) {
		if (cma_line(ps, p) < 0)
			return -ENOMEM;
		saw(ps, SM_LOGSEC_CMA);
		return 0;
	}
	if ((p = after(l, "hugetlb_cma: "))) {
		hugetlb_line(ps, p);
		return 0;
	}
	if (pool_line(ps, l) <= 0) {
		saw(ps, SM_LOGSEC_RMEM);
		return 0;
	}
	if ((p = rmem_text(l))) {
		if (rmem_line(ps, p) < 0)
			return -ENOMEM;
		saw(ps, SM_LOGSEC_RMEM);
		return 0;
	}
	return 0;
}

/* "Zone ranges:", "Early memory node ranges": the part starts here. */
static void header(struct parser *ps, unsigned int sec)
{
	ps->header_line[sec_index(sec)] = ps->lineno;
	if (sec == SM_LOGSEC_ZONES)
		ps->zones_header = true;
	else
		ps->nodes_header = true;
}

/* The environment: "Machine model:", "efi:", "Kernel command line:". */
static bool env_line(struct parser *ps, const char *l)
{
	struct sm_log_env *env = &ps->m->env;
	const char *p;

	if ((p = after(l, "Machine model: ")) ||
	    (p = after(l, "OF: fdt: Machine model: "))) {
		snprintf(env->model, sizeof(env->model), "%s", p);
		saw(ps, SM_LOGSEC_MODEL);
		return true;
	}
	if (!strcmp(l, "efi: UEFI not found.")) {
		env->loader = SM_LOG_LOADER_NOT_EFI;
		saw(ps, SM_LOGSEC_EFI);
		return true;
	}
	if ((p = after(l, "efi: EFI v")) && (p = strstr(p, " by "))) {
		env->loader = SM_LOG_LOADER_EFI;
		snprintf(env->efi_by, sizeof(env->efi_by), "%s", p + 4);
		saw(ps, SM_LOGSEC_EFI);
		return true;
	}
	if ((p = after(l, "Kernel command line: "))) {
		snprintf(env->cmdline, sizeof(env->cmdline), "%s", p);
		env->has_cmdline = true;
		saw(ps, SM_LOGSEC_CMDLINE);
		return true;
	}
	return false;
}

/*
 * Which parts the log has, and which it shows whole. The kernel prints
 * /reserved-memory and the CMA areas after "Linux version" and before
 * "Kernel command line"; the zones and node ranges after their headers.
 */
static void sections(struct parser *ps)
{
	struct sm_log_env *env = &ps->m->env;
	static const unsigned int all[] = {
		SM_LOGSEC_VERSION, SM_LOGSEC_MODEL, SM_LOGSEC_EFI,
		SM_LOGSEC_RMEM, SM_LOGSEC_CMA, SM_LOGSEC_ZONES,
		SM_LOGSEC_NODES, SM_LOGSEC_CMDLINE,
	};

	for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++) {
		unsigned int sec = all[k];
		int i = sec_index(sec);
		bool start, end;

		if (ps->first[i])
			env->seen |= sec;
		switch (sec) {
		case SM_LOGSEC_RMEM:
			/* nothing may be printed: then the part is empty */
			start = ps->started;
			end = ps->last[i] ? ps->last[i] < ps->lineno :
			      env->has_cmdline || ps->zones_header;
			break;
		case SM_LOGSEC_CMA:
			start = ps->started;
			end = env->has_cmdline;
			break;
		case SM_LOGSEC_ZONES:
		case SM_LOGSEC_NODES:
			start = ps->header_line[i] != 0;
			end = start && (ps->last[i] ? ps->last[i] < ps->lineno :
					ps->header_line[i] < ps->lineno);
			break;
		default:
			start = end = ps->first[i] != 0;
			break;
		}
		if (start && end)
			env->complete |= sec;
	}
}

int sm_plan_log_parse(const char *text, size_t len, struct sm_logmap *out)
{
	struct parser ps = { .m = out };
	char line[1024];
	size_t i = 0;
	int err = 0;

	memset(out, 0, sizeof(*out));
	while (i < len && !err) {
		size_t n = 0;

		while (i < len && text[i] != '\n') {
			if (n < sizeof(line) - 1 && text[i] != '\r')
				line[n++] = text[i];
			i++;
		}
		i++;
		line[n] = '\0';
		if (!line[strspn(line, " \t")])
			continue;
		ps.lineno++;
		err = parse_line(&ps, line);
	}
	if (!err) {
		pick_default_cma(&ps);
		sections(&ps);
	}
	if (!err && !out->memlines)
		err = -ENODATA;
	if (err)
		sm_plan_logmap_free(out);
	return err;
}
