// SPDX-License-Identifier: MIT
/*
 * log_text.c - a kernel message as users paste it: the text the kernel
 * printed, after whatever the tool that showed it put in front. One
 * reader for --env-from (env_log.c) and logdiff (plan/logparse.c).
 *
 *   > > ...                            mail and issue-tracker quoting
 *   Dec 07 02:00:00 host kernel: ...   journalctl, syslog
 *   2026-12-07T02:00:00+0000 host kernel: ...   journalctl -o short-iso
 *   <6>...                             printk levels (dmesg -r, /dev/kmsg)
 *   kern  :info  : ...                 dmesg -x
 *   [    0.000000] ...                 dmesg, the console
 *   [Mon Dec  7 02:00:00 2026] ...     dmesg -T
 *   2026-12-07T02:00:00,000000+00:00 ...  dmesg --time-format iso
 *   [    T0] ..., [  C1] ...           printk's caller id, after a stamp
 *
 * Each is taken off at most where it can stand, so a message that merely
 * contains "kernel: " or starts with "[" keeps its text. Readers drop a
 * trailing '\r' (CRLF logs) themselves.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include <socmem/board.h>

static bool digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)p[i]))
			return false;
	return true;
}

static bool month_at(const char *p)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	for (size_t i = 0; i + 3 <= sizeof(months) - 1; i += 3)
		if (!strncmp(p, months + i, 3) && p[3] == ' ')
			return true;
	return false;
}

/* "2026-12-07T02:00:00" */
static bool iso_date(const char *p)
{
	return digits(p, 4) && p[4] == '-' && digits(p + 5, 2) &&
	       p[7] == '-' && digits(p + 8, 2) && p[10] == 'T';
}

/* "Dec 07 02:00:00 host kernel: ", "2026-...T... host kernel: " */
static const char *journal(const char *l)
{
	const char *k = strstr(l, " kernel: ");

	if (!k || k - l > 96 || !(month_at(l) || iso_date(l)))
		return l;
	return k + 9;
}

/* "[    0.000000]", "[Mon Dec  7 02:00:00 2026]", "[    T0]": its end */
static const char *bracket(const char *l)
{
	const char *e = strchr(l, ']'), *p = l + 1;

	if (l[0] != '[' || !e || e - l > 32)
		return NULL;
	while (*p == ' ')
		p++;
	if ((*p == 'T' || *p == 'C') && p + 1 < e && digits(p + 1, e - p - 1))
		return e;			/* caller id */
	if (isdigit((unsigned char)*p)) {
		for (; p < e; p++)
			if (!isdigit((unsigned char)*p) && *p != '.')
				return NULL;
		return e;			/* seconds since boot */
	}
	/* dmesg -T: "Mon Dec  7 02:00:00 2026" */
	if (isupper((unsigned char)p[0]) && p[3] == ' ' && month_at(p + 4))
		return e;
	return NULL;
}

/* "kern  :info  : " (dmesg -x) */
static const char *facility(const char *l)
{
	const char *c = strchr(l, ':');

	if (strncmp(l, "kern ", 5) || !c || c - l > 8)
		return l;
	c = strchr(c + 1, ':');
	return c && c - l < 20 && c[1] == ' ' ? c + 2 : l;
}

const char *sm_boot_log_text(const char *line)
{
	const char *l = line, *e;

	while (l[0] == '>' && (l[1] == ' ' || l[1] == '>' || !l[1]))
		l += l[1] == ' ' ? 2 : 1;
	l = journal(l);
	if (l[0] == '<') {
		e = strchr(l, '>');
		if (e && e - l >= 2 && e - l <= 4 && digits(l + 1, e - l - 1))
			l = e + 1;
	}
	l = facility(l);
	if (iso_date(l)) {	/* dmesg --time-format iso */
		e = strchr(l, ' ');
		if (e && e - l < 40)
			l = e + 1;
	}
	/* a stamp, then perhaps a caller id: "[    0.000000][    T0] " */
	for (int i = 0; i < 2 && (e = bracket(l)); i++)
		l = e + 1 + (e[1] == ' ');
	return l;
}
