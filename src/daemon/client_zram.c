// SPDX-License-Identifier: MIT
/*
 * client_zram.c - the typed calls of socmemd's zram service: open, stat,
 * read, write, the block device's limits, discard, swap, modules, the
 * device list, attributes, the service's state and the shared I/O
 * buffer. Each checks its reply once: sizes, counts no larger than what
 * was asked, strings that end inside their fields, paths that stay
 * under the state directory, and a shared buffer as large as it must be.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "client_call.h"
#include "sys.h"

/* a stand-in path under the state directory: relative, never climbing */
static bool mirror_ok(const char *m)
{
	if (*m == '/')
		return false;
	for (const char *p = m; *p; p = strchr(p, '/') ? strchr(p, '/') + 1 :
							 p + strlen(p))
		if (!strncmp(p, "..", 2) && (p[2] == '/' || !p[2]))
			return false;
	return true;
}

bool sm_daemon_client_zfile(const struct sm_zram_file *w,
			    struct sm_client_zfile *out)
{
	if (!SMD_TERMINATED(w->path) || !SMD_TERMINATED(w->mirror) ||
	    w->path[0] != '/' || w->type < SM_ZFILE_ATTR ||
	    w->type > SM_ZFILE_DIR || w->dev < -1 ||
	    (w->type == SM_ZFILE_BDEV && w->dev < 0) ||
	    (w->type == SM_ZFILE_DIR && !w->mirror[0]) || !mirror_ok(w->mirror))
		return false;
	*out = (struct sm_client_zfile){
		.type = w->type, .dev = w->dev, .mode = w->mode,
		.flags = w->flags, .ino = w->ino,
	};
	memcpy(out->path, w->path, sizeof(out->path));
	memcpy(out->mirror, w->mirror, sizeof(out->mirror));
	return true;
}

static int path_call(struct sm_daemon_client *c, unsigned int op,
		     const char *path, int flags, struct smd_client_reply *r)
{
	struct sm_zram_path_req q = { .flags = (uint32_t)flags };
	int ret = sm_daemon_client_path(q.path, sizeof(q.path), path);

	if (ret)
		return ret;
	return sm_daemon_client_call(c, SM_SVC_ZRAM, op, &q, sizeof(q), r,
				     false, false);
}

/* a reply that must be empty */
static int empty(struct sm_daemon_client *c, int ret,
		 struct smd_client_reply *r)
{
	if (!ret && r->len)
		return sm_daemon_client_reject(c, r);
	return ret;
}

/* an sm_zram_count of at most @max */
static int count_of(struct sm_daemon_client *c, struct smd_client_reply *r,
		    size_t max, size_t *count)
{
	struct sm_zram_count n;

	if (!sm_daemon_client_fixed(r, &n, sizeof(n)) || n.count > max)
		return sm_daemon_client_reject(c, r);
	*count = (size_t)n.count;
	return 0;
}

int sm_daemon_client_zram_open(struct sm_daemon_client *c, const char *path,
			       int flags, bool cloexec, struct sm_client_zfile *out,
			       int *fd)
{
	struct sm_zram_path_req q = { .flags = (uint32_t)flags };
	struct smd_client_reply r;
	struct sm_zram_file w;
	int ret = sm_daemon_client_path(q.path, sizeof(q.path), path);

	*fd = -1;
	if (ret)
		return ret;
	ret = sm_daemon_client_call(c, SM_SVC_ZRAM, SM_ZRAM_OPEN, &q, sizeof(q),
				    &r, true, cloexec);
	if (ret)
		return ret;
	if (!sm_daemon_client_fixed(&r, &w, sizeof(w)) || !sm_daemon_client_zfile(&w, out))
		return sm_daemon_client_reject(c, &r);
	/* a handle for a file, none for a directory (its mirror is opened) */
	if ((out->type == SM_ZFILE_DIR) != (r.fd < 0))
		return sm_daemon_client_reject(c, &r);
	*fd = r.fd;
	return 0;
}

int sm_daemon_client_zram_stat(struct sm_daemon_client *c, const char *path,
			       struct sm_client_zstat *out)
{
	struct smd_client_reply r;
	struct sm_zram_stat w;
	int ret = path_call(c, SM_ZRAM_STAT, path, 0, &r);

	if (ret)
		return ret;
	if (!sm_daemon_client_fixed(&r, &w, sizeof(w)) || !SMD_TERMINATED(w.mirror) ||
	    !mirror_ok(w.mirror) || (S_ISDIR(w.mode) && !w.mirror[0]))
		return sm_daemon_client_reject(c, &r);
	*out = (struct sm_client_zstat){
		.mode = w.mode, .nlink = w.nlink, .uid = w.uid, .gid = w.gid,
		.size = w.size, .rdev = w.rdev, .ino = w.ino, .time = w.time,
	};
	memcpy(out->mirror, w.mirror, sizeof(out->mirror));
	return 0;
}

int sm_daemon_client_zram_read(struct sm_daemon_client *c, const char *path,
			       int flags, uint64_t offset, void *buf, size_t len,
			       size_t *got)
{
	struct sm_zram_io_req q = { .offset = offset, .len = (uint32_t)len,
				    .flags = (uint32_t)flags };
	struct smd_client_reply r;
	int ret;

	if (len > SM_ZRAM_IO_MAX)
		return -EINVAL;
	ret = sm_daemon_client_path(q.path, sizeof(q.path), path);
	if (!ret)
		ret = sm_daemon_client_call(c, SM_SVC_ZRAM, SM_ZRAM_READ, &q,
					    sizeof(q), &r, false, false);
	if (ret)
		return ret;
	if (r.len > len)
		return sm_daemon_client_reject(c, &r);	/* more than asked */
	memcpy(buf, r.p, r.len);
	*got = r.len;
	return 0;
}

int sm_daemon_client_zram_write(struct sm_daemon_client *c, const char *path,
				int flags, uint64_t offset, const void *buf,
				size_t len, size_t *count)
{
	struct sm_zram_io_req q = { .offset = offset, .len = (uint32_t)len,
				    .flags = (uint32_t)flags };
	struct smd_client_reply r;
	unsigned char *m;
	int ret;

	if (len > SM_ZRAM_IO_MAX)
		return -EINVAL;
	ret = sm_daemon_client_path(q.path, sizeof(q.path), path);
	if (ret)
		return ret;
	m = malloc(sizeof(q) + len);	/* the request: its head, the bytes */
	if (!m)
		return -ENOMEM;
	memcpy(m, &q, sizeof(q));
	if (len)
		memcpy(m + sizeof(q), buf, len);
	ret = sm_daemon_client_call(c, SM_SVC_ZRAM, SM_ZRAM_WRITE, m,
				    sizeof(q) + len, &r, false, false);
	free(m);
	return ret ? ret : count_of(c, &r, len, count);
}

int sm_daemon_client_zram_bdev(struct sm_daemon_client *c, const char *path,
			       struct sm_client_zbdev *out)
{
	struct smd_client_reply r;
	struct sm_zram_bdev w;
	int ret = path_call(c, SM_ZRAM_BDEV, path, 0, &r);

	if (ret)
		return ret;
	/* block sizes: powers of two from a sector up (callers divide) */
	if (!sm_daemon_client_fixed(&r, &w, sizeof(w)) || w.logical < 512 ||
	    (w.logical & (w.logical - 1)) || w.physical < w.logical ||
	    (w.physical & (w.physical - 1)))
		return sm_daemon_client_reject(c, &r);
	*out = (struct sm_client_zbdev){ w.size, w.logical, w.physical,
					 w.io_min, w.io_opt };
	return 0;
}

int sm_daemon_client_zram_discard(struct sm_daemon_client *c, const char *path,
				  uint64_t offset, uint32_t len)
{
	struct sm_zram_io_req q = { .offset = offset, .len = len };
	struct smd_client_reply r;
	int ret = sm_daemon_client_path(q.path, sizeof(q.path), path);

	if (ret)
		return ret;
	ret = sm_daemon_client_call(c, SM_SVC_ZRAM, SM_ZRAM_DISCARD, &q,
				    sizeof(q), &r, false, false);
	return empty(c, ret, &r);
}

int sm_daemon_client_zram_swapon(struct sm_daemon_client *c, const char *path,
				 int flags)
{
	struct smd_client_reply r;

	return empty(c, path_call(c, SM_ZRAM_SWAPON, path, flags, &r), &r);
}

int sm_daemon_client_zram_swapoff(struct sm_daemon_client *c, const char *path)
{
	struct smd_client_reply r;

	return empty(c, path_call(c, SM_ZRAM_SWAPOFF, path, 0, &r), &r);
}

int sm_daemon_client_zram_module(struct sm_daemon_client *c, const char *name,
				 const char *params, bool load, unsigned int flags)
{
	struct sm_zram_module_req q = { .load = load, .flags = flags };
	struct smd_client_reply r;
	int ret;

	if (!name || sm_daemon_client_path(q.name, sizeof(q.name), name) ||
	    sm_daemon_client_path(q.params, sizeof(q.params), params ? params : ""))
		return -EINVAL;
	ret = sm_daemon_client_call(c, SM_SVC_ZRAM, SM_ZRAM_MODULE, &q,
				    sizeof(q), &r, false, false);
	return empty(c, ret, &r);
}

int sm_daemon_client_zram_devices(struct sm_daemon_client *c,
				  struct sm_client_zdev **devs, size_t *n,
				  bool *loaded)
{
	const size_t head = sizeof(struct sm_zram_devices);
	struct sm_client_zdev *out = NULL;
	struct smd_client_reply r;
	struct sm_zram_devices l;
	uint32_t count;
	int ret;

	*devs = NULL;
	*n = 0;
	ret = sm_daemon_client_call(c, SM_SVC_ZRAM, SM_ZRAM_DEVICES, NULL, 0,
				    &r, false, false);
	if (ret)
		return ret;
	if (!sm_daemon_client_array(&r, head,
				    offsetof(struct sm_zram_devices, count),
				    sizeof(struct sm_zram_dev_info), &count))
		return sm_daemon_client_reject(c, &r);
	memcpy(&l, r.p, sizeof(l));
	if (count && !(out = calloc(count, sizeof(*out))))
		return -ENOMEM;
	for (uint32_t i = 0; i < count; i++) {
		struct sm_zram_dev_info w;

		memcpy(&w, r.p + head + i * sizeof(w), sizeof(w));
		if (w.id < 0 || !SMD_TERMINATED(w.algorithm) ||
		    !SMD_TERMINATED(w.streams)) {
			free(out);
			return sm_daemon_client_reject(c, &r);
		}
		out[i] = (struct sm_client_zdev){
			.id = w.id, .swap = w.swap != 0, .prio = w.prio,
			.disksize = w.disksize,
		};
		memcpy(out[i].algorithm, w.algorithm, sizeof(w.algorithm));
		memcpy(out[i].mm, w.mm, sizeof(w.mm));
		memcpy(out[i].streams, w.streams, sizeof(w.streams));
	}
	*devs = out;
	*n = count;
	if (loaded)
		*loaded = l.loaded != 0;
	return 0;
}

static int attr_call(struct sm_daemon_client *c, int id, const char *attr,
		     const char *value, struct smd_client_reply *r)
{
	struct sm_zram_attr_req q = { .id = id, .write = value != NULL };

	if (!attr || sm_daemon_client_path(q.attr, sizeof(q.attr), attr) ||
	    sm_daemon_client_path(q.value, sizeof(q.value), value ? value : ""))
		return -EINVAL;
	return sm_daemon_client_call(c, SM_SVC_ZRAM, SM_ZRAM_ATTR, &q,
				     sizeof(q), r, false, false);
}

int sm_daemon_client_zram_attr_read(struct sm_daemon_client *c, int id,
				    const char *attr, char *buf, size_t len)
{
	struct smd_client_reply r;
	size_t n;
	int ret;

	if (!len)
		return -EINVAL;
	ret = attr_call(c, id, attr, NULL, &r);
	if (ret)
		return ret;
	if (memchr(r.p, '\0', r.len))
		return sm_daemon_client_reject(c, &r);	/* text has no NUL */
	n = r.len < len ? r.len : len - 1;
	memcpy(buf, r.p, n);
	buf[n] = '\0';
	return 0;
}

int sm_daemon_client_zram_attr_write(struct sm_daemon_client *c, int id,
				     const char *attr, const char *value,
				     size_t *count)
{
	struct smd_client_reply r;
	size_t n = 0;
	int ret = attr_call(c, id, attr, value ? value : "", &r);

	if (ret)
		return ret;
	ret = count_of(c, &r, strlen(value ? value : ""), &n);
	if (!ret && count)
		*count = n;
	return ret;
}

int sm_daemon_client_zram_state(struct sm_daemon_client *c,
				struct sm_client_zstate *out)
{
	struct smd_client_reply r;
	struct sm_zram_state w;
	int ret;

	ret = sm_daemon_client_call(c, SM_SVC_ZRAM, SM_ZRAM_STATE, NULL, 0, &r,
				    false, false);
	if (ret)
		return ret;
	/* the release names a directory under the state directory */
	if (!sm_daemon_client_fixed(&r, &w, sizeof(w)) ||
	    !SMD_TERMINATED(w.release) || !w.release[0] ||
	    strchr(w.release, '/') || !strcmp(w.release, ".") ||
	    !strcmp(w.release, ".."))
		return sm_daemon_client_reject(c, &r);
	*out = (struct sm_client_zstate){ .mem_total = w.mem_total,
					  .loaded = w.loaded != 0 };
	memcpy(out->release, w.release, sizeof(out->release));
	return 0;
}

int sm_daemon_client_zram_shm(struct sm_daemon_client *c, int *fd)
{
	struct smd_client_reply r;
	struct stat st;
	int ret;

	*fd = -1;
	ret = sm_daemon_client_call(c, SM_SVC_ZRAM, SM_ZRAM_SHM, NULL, 0, &r,
				    true, true);
	if (ret)
		return ret;
	/* the caller maps SM_ZRAM_SHM_SIZE bytes of it: a shorter file
	 * would fault there */
	if (r.len || r.fd < 0 || sm_sys_fstat(r.fd, &st) ||
	    !S_ISREG(st.st_mode) || st.st_size < SM_ZRAM_SHM_SIZE)
		return sm_daemon_client_reject(c, &r);
	*fd = r.fd;
	return 0;
}

static int shm_io(struct sm_daemon_client *c, unsigned int op,
		  const char *path, int flags, uint64_t offset, size_t len,
		  size_t *count)
{
	struct sm_zram_io_req q = { .offset = offset, .len = (uint32_t)len,
				    .flags = (uint32_t)flags };
	struct smd_client_reply r;
	int ret;

	if (len > SM_ZRAM_SHM_SIZE)
		return -EINVAL;
	ret = sm_daemon_client_path(q.path, sizeof(q.path), path);
	if (!ret)
		ret = sm_daemon_client_call(c, SM_SVC_ZRAM, op, &q, sizeof(q),
					    &r, false, false);
	return ret ? ret : count_of(c, &r, len, count);
}

int sm_daemon_client_zram_shm_read(struct sm_daemon_client *c, const char *path,
				   int flags, uint64_t offset, size_t len,
				   size_t *count)
{
	return shm_io(c, SM_ZRAM_SHM_READ, path, flags, offset, len, count);
}

int sm_daemon_client_zram_shm_write(struct sm_daemon_client *c,
				    const char *path,
				    int flags, uint64_t offset, size_t len,
				    size_t *count)
{
	return shm_io(c, SM_ZRAM_SHM_WRITE, path, flags, offset, len, count);
}
