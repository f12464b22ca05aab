// SPDX-License-Identifier: MIT
/*
 * dt_load.c - read a device tree from a file: a DTB as it is (checked by
 * libfdt), a gzipped DTB as the DTB inside (dt_gunzip.c), anything else
 * as DTS source for cpp and dtc (dts_compile.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libfdt.h>

#include <socmem/dt.h>

#include "internal.h"

/* Read a whole regular file into memory. */
int sm_dt_read_file(const char *path, void **buf, size_t *len,
		    struct sm_diag *diag)
{
	struct stat st;
	size_t got = 0;
	char *p;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sm_dt_diag_set(diag, -errno, "%s: %s", path,
				      strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;

		close(fd);
		return sm_dt_diag_set(diag, -err, "%s: %s", path,
				      err == EISDIR ? strerror(err) :
				      "not a regular file");
	}
	p = malloc((size_t)st.st_size + 1);
	if (!p) {
		close(fd);
		return sm_dt_diag_set(diag, -ENOMEM, "%s: out of memory", path);
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, p + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? errno : EIO;

			free(p);
			close(fd);
			return sm_dt_diag_set(diag, -err, "%s: read: %s", path,
					      strerror(err));
		}
		got += (size_t)n;
	}
	close(fd);
	p[got] = '\0';
	*buf = p;
	*len = got;
	return 0;
}

/* "board.dtb", "overlay.dtbo": the user says it is a blob */
static bool named_dtb(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot && (!strcmp(dot, ".dtb") || !strcmp(dot, ".dtbo"));
}

static bool looks_like_dtb(const void *buf, size_t len)
{
	return len >= 4 && fdt_magic(buf) == FDT_MAGIC;
}

/* Check a DTB as the kernel needs it: whole, and structurally sound. */
static int check_blob(const void *blob, size_t len, const char *name,
		      struct sm_diag *diag)
{
	struct sm_dt_index idx;
	int err;

	if (len < sizeof(struct fdt_header))
		return sm_dt_diag_set(diag, -EINVAL,
				      "%s: truncated DTB: %zu bytes, the header alone needs %zu",
				      name, len, sizeof(struct fdt_header));
	err = fdt_check_header(blob);
	if (err)
		return sm_dt_diag_set(diag, -EINVAL, "%s: corrupt DTB: %s", name,
				      fdt_strerror(err));
	if (fdt_totalsize(blob) > len)
		return sm_dt_diag_set(diag, -EINVAL,
				      "%s: truncated DTB: header says %u bytes, file has %zu",
				      name, fdt_totalsize(blob), len);
	/*
	 * Our own bounds-checked walk first: libfdt 1.6.1's fdt_next_tag()
	 * lets a huge property length wrap the offset backwards, so
	 * fdt_check_full() can loop forever on a hostile blob.
	 */
	err = sm_dt_index_build(blob, &idx);
	sm_dt_index_free(&idx);
	if (err == -ENOMEM)
		return sm_dt_diag_set(diag, err, "%s: out of memory", name);
	if (err)
		return sm_dt_diag_set(diag, -EINVAL, "%s: corrupt DTB: %s", name,
				      fdt_strerror(-FDT_ERR_BADSTRUCTURE));
	err = fdt_check_full(blob, fdt_totalsize(blob));
	if (err)
		return sm_dt_diag_set(diag, -EINVAL, "%s: corrupt DTB: %s", name,
				      fdt_strerror(err));
	return 0;
}

int sm_dt_from_blob(const void *blob, size_t size, const char *name,
		    struct sm_dt **out, struct sm_diag *diag)
{
	struct sm_dt *dt;
	int err;

	err = check_blob(blob, size, name, diag);
	if (err)
		return err;
	dt = calloc(1, sizeof(*dt));
	if (!dt)
		return sm_dt_diag_set(diag, -ENOMEM, "%s: out of memory", name);
	dt->size = fdt_totalsize(blob);
	dt->blob = malloc(dt->size);
	dt->path = strdup(name);
	if (!dt->blob || !dt->path) {
		sm_dt_free(dt);
		return sm_dt_diag_set(diag, -ENOMEM, "%s: out of memory", name);
	}
	memcpy(dt->blob, blob, dt->size);
	*out = dt;
	return 0;
}

int sm_dt_load(const char *path, const struct sm_dt_options *opts,
	       struct sm_dt **out, struct sm_diag *diag)
{
	static const struct sm_dt_options no_opts;
	void *buf;
	size_t len;
	int err;

	if (!opts)
		opts = &no_opts;
	err = sm_dt_read_file(path, &buf, &len, diag);
	if (err)
		return err;
	if (sm_dt_is_gzip(buf, len)) {
		void *raw;
		size_t rawlen;

		err = sm_dt_gunzip(buf, len, path, &raw, &rawlen, diag);
		free(buf);
		if (err)
			return err;
		if (!looks_like_dtb(raw, rawlen)) {
			free(raw);
			return sm_dt_diag_set(diag, -EINVAL,
					      "%s: not a gzipped DTB (bad magic number inside, not 0xd00dfeed)",
					      path);
		}
		err = sm_dt_from_blob(raw, rawlen, path, out, diag);
		free(raw);
		return err;
	}
	if (looks_like_dtb(buf, len)) {
		err = sm_dt_from_blob(buf, len, path, out, diag);
		free(buf);
		return err;
	}
	if (len >= 3 && strlen(path) > 3 &&
	    !strcmp(path + strlen(path) - 3, ".gz")) {
		err = sm_dt_diag_set(diag, -EINVAL,
				     "%s: not gzip data (no 1f 8b 08 magic)", path);
		free(buf);
		return err;
	}
	if (named_dtb(path)) {
		/* dtc's syntax error about binary bytes would mislead */
		err = sm_dt_diag_set(diag, -EINVAL, "%s: not a DTB (%s)", path,
				     len < 4 ? "shorter than its magic number" :
				     "bad magic number, not 0xd00dfeed");
		free(buf);
		return err;
	}
	free(buf);
	return sm_dt_dts_compile(path, opts, out, diag);
}

void sm_dt_free(struct sm_dt *dt)
{
	if (!dt)
		return;
	sm_dt_srcmap_free(dt->srcmap);
	free(dt->blob);
	free(dt->path);
	free(dt);
}

int sm_dt_node_path(const struct sm_dt *dt, int node, char *buf, size_t len)
{
	int err = fdt_get_path(dt->blob, node, buf, (int)len);

	if (err == -FDT_ERR_NOSPACE)
		return -ENOSPC;
	return err ? -EINVAL : 0;
}

const char *sm_dt_bootargs(const struct sm_dt *dt)
{
	int node = fdt_path_offset(dt->blob, "/chosen");
	int len;
	const char *p;

	if (node < 0)
		return "";
	p = fdt_getprop(dt->blob, node, "bootargs", &len);
	/* the kernel copies at most the property's length, NUL or not */
	if (!p || len <= 0 || memchr(p, '\0', (size_t)len) == NULL)
		return "";
	return p;
}
