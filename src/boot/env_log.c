// SPDX-License-Identifier: MIT
/*
 * env_log.c - the boot environment a real boot log shows: the kernel's
 * own account of how its loader started it.
 *
 *   Linux version R ...           the release (a "-16k" or "-64k"
 *                                 flavour names the page size)
 *   Machine model: M              the machine
 *   Kernel command line: C        the command line
 *   efi: ... / EFI stub: ...      an EFI boot (but not "efi: UEFI not
 *                                 found.", which every non-EFI boot prints)
 *   efi:   0xB-0xE [Type|RUN|...|WB|..]   (efi=debug) the memory map:
 *                                 every descriptor with WB/WT/WC is RAM
 *                                 (drivers/firmware/efi/efi-init.c,
 *                                 reserve_regions()); NOMAP unless it is
 *                                 loader, boot services, conventional,
 *                                 persistent or ACPI reclaim memory mapped
 *                                 WB; ACPI reclaim is also reserved
 *   Early memory node ranges /    RAM as memblock holds it (no NOMAP
 *     node 0: [mem B-E]           flags: the log does not show them)
 *   [__]memblock_reserve: [B-E] F (memblock=debug; 7.x adds "nid=
 *                                 flags=" before F) what the kernel
 *                                 reserves for the loader before
 *                                 /reserved-memory: the image
 *                                 (arm64_memblock_init) and EFI's tables
 *   MEMBLOCK configuration:       (memblock=debug, EFI) the first dump,
 *     reserved[..] [B-E]          made before memblock=debug was parsed,
 *                                 holds the DTB reservation
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NODE_GAP_MAX (128ULL << 10)	/* two 64 KiB pages */

struct log_scan {
	struct sm_boot_env *env;
	struct sm_env_range efi[SM_ENV_MAX_BANKS];
	size_t nefi;
	struct sm_env_range nodes[SM_ENV_MAX_BANKS];
	size_t nnodes;
	struct sm_env_range dump[SM_ENV_MAX_RESERVED];
	size_t ndump;
	bool in_nodes;
	bool nodes_headerless;	/* the excerpt starts inside the list */
	bool in_dump;		/* inside the first MEMBLOCK dump's reserved */
	bool dump_done;
	bool efi_seen;
	bool zones_seen;
	bool image_seen;
};

static bool range_of(const char *p, uint64_t *b, uint64_t *e)
{
	unsigned long long x, y;

	if (sscanf(p, "%llx-%llx", &x, &y) != 2 || y < x)
		return false;
	*b = x;
	*e = y;
	return true;
}

static void push(struct sm_env_range *v, size_t *n, size_t max, uint64_t b,
		 uint64_t e, bool nomap)
{
	if (*n < max)
		v[(*n)++] = (struct sm_env_range){ b, e - b + 1, nomap };
}

static bool has_attr(const char *attrs, const char *a)
{
	char tok[8];

	snprintf(tok, sizeof(tok), "|%s|", a);
	return strstr(attrs, tok) != NULL;
}

/* one descriptor of efi=debug's memory map */
static void efi_desc(struct log_scan *s, const char *p)
{
	static const char *const usable[] = {
		"Conventional", "Loader Code", "Loader Data", "Boot Code",
		"Boot Data", "ACPI Reclaim", "Persistent",
	};
	const char *br = strchr(p, '[');
	uint64_t b, e;
	bool use = false;

	if (!br || !range_of(p, &b, &e))
		return;
	if (!has_attr(br, "WB") && !has_attr(br, "WT") && !has_attr(br, "WC"))
		return;		/* MMIO: not memory */
	for (size_t i = 0; i < sizeof(usable) / sizeof(usable[0]); i++)
		if (!strncmp(br + 1, usable[i], strlen(usable[i])))
			use = true;
	use = use && has_attr(br, "WB");
	push(s->efi, &s->nefi, SM_ENV_MAX_BANKS, b, e, !use);
	if (!strncmp(br + 1, "ACPI Reclaim", 12))
		push(s->env->reserved, &s->env->nreserved,
		     SM_ENV_MAX_RESERVED, b, e, false);
}

/* "memblock_reserve: [0xB-0xE] caller+0x.." before the image's */
static void reserve_line(struct log_scan *s, const char *p)
{
	const char *br = strchr(p, '[');
	const char *fn = strchr(p, ']');
	uint64_t b, e;

	if (s->image_seen || !br || !fn || !range_of(br + 1, &b, &e))
		return;
	fn += 2;
	/* 7.x: "__memblock_reserve: [B-E] nid=-1 flags=0 caller+0x.." */
	while (!strncmp(fn, "nid=", 4) || !strncmp(fn, "flags=", 6)) {
		const char *sp = strchr(fn, ' ');

		if (!sp)
			return;
		fn = sp + 1;
	}
	if (!strncmp(fn, "arm64_memblock_init", 19)) {
		/* the initrd comes first when there is one: the last wins */
		s->env->kernel_base = b;
		s->env->kernel_size = e - b + 1;
		s->env->kernel_src = SM_ENV_LOG;
	} else if (!strncmp(fn, "efi", 3) || !strncmp(fn, "reserve_regions", 15)) {
		push(s->env->reserved, &s->env->nreserved,
		     SM_ENV_MAX_RESERVED, b, e, false);
	}
}

static void dump_line(struct log_scan *s, const char *p)
{
	const char *br;
	uint64_t b, e;

	if (strncmp(p, " reserved[", 10)) {
		if (strncmp(p, " reserved.cnt", 13) && s->ndump)
			s->in_dump = false, s->dump_done = true;
		return;
	}
	br = strchr(p + 10, '[');
	if (br && range_of(br + 1, &b, &e))
		push(s->dump, &s->ndump, SM_ENV_MAX_RESERVED, b, e, false);
}

/* "  node   0: [mem 0x...-0x...]" (the leading blanks may be lost) */
static bool is_node_line(const char *p)
{
	unsigned int n;
	int end = 0;

	p += strspn(p, " \t");
	return sscanf(p, "node %u: [mem %n", &n, &end) == 1 && end > 0;
}

static void scan_line(struct log_scan *s, const char *line)
{
	struct sm_boot_env *env = s->env;
	const char *p = sm_boot_log_text(line);
	uint64_t b, e;

	if (s->in_dump) {
		dump_line(s, p);
		if (s->in_dump)
			return;
	}
	/*
	 * A pasted excerpt often starts inside "Early memory node ranges"
	 * (its header cut off): the "  node N: [mem ...]" lines are the
	 * kernel's only lines of that form, so they are taken, and the
	 * environment says the banks may be partial.
	 */
	if (!s->in_nodes && !s->nnodes && is_node_line(p)) {
		s->in_nodes = true;
		s->nodes_headerless = true;
	}
	if (s->in_nodes) {
		const char *m = strstr(p, ": [mem ");

		if (is_node_line(p) && m && range_of(m + 7, &b, &e)) {
			struct sm_env_range *last = s->nnodes ?
				&s->nodes[s->nnodes - 1] : NULL;

			/*
			 * The kernel prints whole pages: a NOMAP range that
			 * does not start or end on a page loses its partial
			 * pages on both sides, so a gap of less than two
			 * pages (64 KiB ones at most) is RAM, not a hole.
			 */
			if (last && b > last->base + last->size - 1 &&
			    b - (last->base + last->size) < NODE_GAP_MAX) {
				last->size = e - last->base + 1;
				return;
			}
			push(s->nodes, &s->nnodes, SM_ENV_MAX_BANKS, b, e, false);
			return;
		}
		s->in_nodes = false;
	}
	if (!strncmp(p, "Linux version ", 14)) {
		sscanf(p + 14, "%63s", env->release);
		/* Debian's and others' flavours name their page size */
		/* "-16k" (Debian), "_16k" (Raspberry Pi's 6.1 "v8_16k") */
		if (strstr(env->release, "-16k") || strstr(env->release, "_16k"))
			env->page_shift = 14, env->page_src = SM_ENV_LOG;
		else if (strstr(env->release, "-64k") ||
			 strstr(env->release, "_64k"))
			env->page_shift = 16, env->page_src = SM_ENV_LOG;
	} else if (!strncmp(p, "Machine model: ", 15)) {
		snprintf(env->machine, sizeof(env->machine), "%s", p + 15);
	} else if (!strncmp(p, "Kernel command line: ", 21)) {
		free(env->cmdline);
		env->cmdline = strdup(p + 21);
		env->cmdline_src = SM_ENV_LOG;
	} else if (!strncmp(p, "efi:", 4) || !strncmp(p, "EFI stub:", 9)) {
		/* "efi: UEFI not found." is what a non-EFI boot prints */
		if (!strstr(p, "not found"))
			s->efi_seen = true;
		if (!strncmp(p, "efi:   0x", 9))
			efi_desc(s, p + 7);
	} else if (!strncmp(p, "Early memory node ranges", 24)) {
		s->in_nodes = s->nnodes == 0;
	} else if (!strncmp(p, "Zone ranges:", 12)) {
		s->zones_seen = true;
	} else if (!strncmp(p, "memblock_reserve: ", 18) ||
		   !strncmp(p, "__memblock_reserve: ", 20)) {
		reserve_line(s, p);
	} else if (!strncmp(p, "MEMBLOCK configuration:", 23)) {
		s->in_dump = !s->dump_done && !s->zones_seen;
	} else if (!strncmp(p, "OF: reserved mem:", 17) ||
		   !strncmp(p, "Reserved memory:", 16)) {
		s->image_seen = true;	/* past arm64_memblock_init's reserves */
	}
}

/* the first dump's entry no memblock_reserve line explains: the DTB */
static void take_dtb(struct log_scan *s)
{
	struct sm_boot_env *env = s->env;

	for (size_t i = 0; i < s->ndump; i++) {
		bool known = false;

		for (size_t j = 0; j < env->nreserved; j++)
			if (s->dump[i].base >= env->reserved[j].base &&
			    s->dump[i].base < env->reserved[j].base +
						      env->reserved[j].size)
				known = true;
		if (!known) {
			env->dtb_base = s->dump[i].base;
			env->dtb_size = s->dump[i].size;
			env->dtb_src = SM_ENV_LOG;
			return;
		}
	}
}

int sm_boot_env_from_log(struct sm_boot_env *env, const char *path,
			 struct sm_diag *diag)
{
	struct log_scan *s = calloc(1, sizeof(*s));
	char line[8192];
	FILE *f;

	if (!s)
		return sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	f = fopen(path, "r");
	if (!f) {
		free(s);
		return sm_dt_diag_set(diag, -errno, "%s: %s", path,
				      strerror(errno));
	}
	s->env = env;
	env->nreserved = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		scan_line(s, line);
	}
	fclose(f);
	if (!s->nefi && !s->nnodes) {
		free(s);
		return sm_dt_diag_set(diag, -ENODATA,
				      "%s: the log shows no memory ranges (neither 'Early memory node ranges' nor an efi=debug memory map)",
				      path);
	}
	/* the EFI map has the NOMAP flags; the node ranges only the extent */
	env->nbanks = s->nefi ? s->nefi : s->nnodes;
	memcpy(env->banks, s->nefi ? s->efi : s->nodes,
	       env->nbanks * sizeof(env->banks[0]));
	env->banks_src = SM_ENV_LOG;
	env->banks_partial = !s->nefi && s->nodes_headerless;
	if (s->efi_seen) {
		env->loader = SM_LOADER_EFI;
		env->loader_src = SM_ENV_LOG;
		take_dtb(s);
	}
	env->from_log = path;
	free(s);
	return 0;
}
