// SPDX-License-Identifier: MIT
/*
 * probe_test.c - replay the oracle's probe of each real kernel's zram
 * (tests/zram/oracle/linux-<ver>-probe.txt, recorded by
 * oracle/zram/run.sh KERNEL probe) against the model and expect the same
 * answers: every `cat` prints the same text or fails with the same errno,
 * every `echo V >` is accepted or refused with the same errno, the
 * attribute set and modes are the kernel's (block-layer attributes the
 * model does not serve aside), the algorithm names accepted before
 * disksize are the same, and the kernel log has the same lines.
 *
 * Usage: probe_test ORACLE_DIR KERNEL. Case ids: zram-probe/<ver>/<n>.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <socmem/zram.h>

#include "../test.h"

#define DEV "/sys/block/zram0/"

/* generic block attributes the model does not serve (see NOTES.md) */
static const char *const unmodelled[] = {
	"alignment_offset", "bdi", "capability", "discard_alignment",
	"diskseq", "events", "events_async", "events_poll_msecs",
	"ext_range", "hidden", "holders", "inflight", "integrity", "partscan",
	"power", "queue", "range", "slaves", "stat", "subsystem", "trace",
	"uevent", NULL,
};

static char id[96];

static bool is_unmodelled(const char *name)
{
	for (const char *const *u = unmodelled; *u; u++)
		if (!strcmp(*u, name))
			return true;
	return false;
}

/* "sh: write error: Invalid argument" and the like, as an errno */
static int err_of(const char *msg)
{
	if (strstr(msg, "Permission denied"))
		return -EACCES;
	if (strstr(msg, "Invalid argument"))
		return -EINVAL;
	if (strstr(msg, "Device or resource busy"))
		return -EBUSY;
	return 0;
}

static void shell_text(char *s, ssize_t n)
{
	s[n < 0 ? 0 : n] = '\0';
	for (char *c = s; *c; c++)
		if (*c == '\n')
			*c = ' ';
	for (n = (ssize_t)strlen(s); n > 0 && s[n - 1] == ' ';)
		s[--n] = '\0';
}

static void replay_cat(struct sm_zram *dev, const char *attr, int rc,
		       const char *out, const char *err)
{
	char buf[4096];
	ssize_t n = sm_zram_attr_read(dev, attr, buf, sizeof(buf) - 1);

	if (rc) {
		CHECK_EQ_U64(n, err_of(err));
		return;
	}
	CHECK(n >= 0);
	shell_text(buf, n);
	CHECK_STR(out, buf);
}

static void replay_echo(struct sm_zram *dev, const char *val,
			const char *attr, int rc, const char *err)
{
	char buf[256];
	ssize_t n;

	snprintf(buf, sizeof(buf), "%s\n", val);
	n = sm_zram_attr_write(dev, attr, buf, strlen(buf));
	if (rc)
		CHECK_EQ_U64(n, err_of(err));
	else
		CHECK_EQ_U64(n, strlen(buf));
}

/* "try: CMD | rc=R | out=O | err=E" */
static void replay_try(struct sm_zram *dev, char *line)
{
	char *cmd = line, *rcs = strstr(line, " | rc="), *out, *err;
	char attr[64], val[64];
	int rc;

	if (!rcs)
		return;
	*rcs = '\0';
	rc = atoi(rcs + 6);
	out = strstr(rcs + 1, " | out=");
	err = out ? strstr(out + 1, " | err=") : NULL;
	if (!out || !err)
		return;
	*err = '\0';
	out += 7;
	err += 7;
	if (sscanf(cmd, "cat " DEV "%63s", attr) == 1) {
		replay_cat(dev, attr, rc, out, err);
	} else if (sscanf(cmd, "echo %63s > " DEV "%63s", val, attr) == 2) {
		replay_echo(dev, val, attr, rc, err);
	} else if (!strncmp(cmd, "dd if=/dev/zram0", 16)) {
		/* a reset device has no size: 0 records */
		CHECK_EQ_U64(sm_zram_disksize(dev), 0);
		CHECK_STR(err, "0+0 records in 0+0 records out");
	} else {
		fprintf(stderr, "FAIL %s: cannot replay '%s'\n", id, cmd);
		CHECK(0);
	}
}

/* "attrs-types: name:mode name/ ..." against the model's set */
static void check_attrs(struct sm_zram *dev, char *list)
{
	const char *name;
	unsigned int mode;
	size_t i, ours = 0, theirs = 0;
	char *save = NULL;

	for (char *w = strtok_r(list, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		char *colon = strchr(w, ':');
		bool found = false;

		if (!colon)
			continue;	/* a directory */
		*colon = '\0';
		if (is_unmodelled(w))
			continue;
		theirs++;
		for (i = 0; !sm_zram_attr_at(dev, i, &name, &mode); i++)
			if (!strcmp(name, w)) {
				found = true;
				CHECK_EQ_U64(mode, strtoul(colon + 1, NULL, 8));
			}
		if (!found)
			fprintf(stderr, "FAIL %s: model lacks %s\n", id, w);
		CHECK(found);
	}
	for (i = 0; !sm_zram_attr_at(dev, i, &name, &mode); i++)
		ours++;
	CHECK_EQ_U64(ours, theirs);
}

static void check_dmesg(struct sm_zram_ctl *ctl, const char *want)
{
	char got[8192] = "";
	size_t n = 0;

	for (size_t i = 0; i < sm_zram_ctl_log_count(ctl); i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s|",
				      sm_zram_ctl_log_at(ctl, i));
	CHECK_STR(want, got);
}

static enum sm_kernel_id kernel_id(const char *name)
{
	if (!strcmp(name, "6.1"))
		return SM_KERNEL_6_1;
	if (!strcmp(name, "6.12"))
		return SM_KERNEL_6_12;
	return SM_KERNEL_7_2;
}

static void replay_line(struct sm_zram_ctl *ctl, struct sm_zram *dev,
			char *line)
{
	char buf[256];
	int rc;

	if (!strncmp(line, "ZRAM try: ", 10)) {
		replay_try(dev, line + 10);
	} else if (!strncmp(line, "ZRAM attrs-types: ", 18)) {
		check_attrs(dev, line + 18);
	} else if (!strncmp(line, "ZRAM comp_algorithm-default: ", 29)) {
		ssize_t n = sm_zram_attr_read(dev, "comp_algorithm", buf, 255);

		buf[n > 0 ? n - 1 : 0] = '\0';	/* $(cat): the newline */
		CHECK_STR(line + 29, buf);
	} else if (sscanf(line, "ZRAM algo-accept: %63s rc=%d", buf, &rc) ==
		   2) {
		strcat(buf, "\n");
		CHECK((sm_zram_attr_write(dev, "comp_algorithm", buf,
					  strlen(buf)) > 0) == (rc == 0));
	} else if (!strncmp(line, "ZRAM dmesg: ", 12)) {
		check_dmesg(ctl, line + 12);
	}
}

int main(int argc, char **argv)
{
	struct sm_zram_ctl *ctl;
	char path[4096], line[8192];
	int n = 0;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: %s ORACLE_DIR KERNEL\n", argv[0]);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/linux-%s-probe.txt", argv[1],
		 argv[2]);
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		return TEST_SKIP;
	}
	if (sm_zram_ctl_create(kernel_id(argv[2]), NULL, &ctl))
		return 1;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		snprintf(id, sizeof(id), "zram-probe/%s/%d", argv[2], ++n);
		test_current = id;
		test_case_failed = 0;
		test_cases++;
		replay_line(ctl, sm_zram_ctl_dev(ctl, 0), line);
		if (test_case_failed) {
			fprintf(stderr, "  line %d: %s\n", n, line);
			test_failures++;
		}
	}
	fclose(f);
	sm_zram_ctl_destroy(ctl);
	return test_done();
}
