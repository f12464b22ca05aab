// SPDX-License-Identifier: MIT
/*
 * zram_algo.c - choosing compressors: comp_algorithm (Linux 6.1
 * comp_algorithm_store() over the crypto API; 6.12+
 * __comp_algorithm_store() over zram's own backends), algorithm_params
 * (6.12+), recomp_algorithm (CONFIG_ZRAM_MULTI_COMP), and creating the
 * compressors when disksize is set (zcomp_create()).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define CRYPTO_MAX_ALG_NAME 128

static unsigned int max_comps(const struct sm_zram *zram)
{
	return zram->ctl->opts.multi_comp && zram_prof(zram)->id >
						     SM_KERNEL_6_1 ?
		       ZRAM_MAX_COMPS :
		       1;
}

static bool in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

/* zcomp_available_algorithm() */
static bool available(const struct sm_zram *zram, const char *name)
{
	const struct zram_profile *prof = zram_prof(zram);

	if (zram->ctl->opts.all_algorithms && sm_zram_zcomp_lookup(name))
		return true;
	if (prof->crypto_api)	/* crypto_has_comp(): exact names */
		return in_list(zram->ctl->backends, name) ||
		       in_list(zram->ctl->extra_algs, name);
	/* lookup_backend_ops(): sysfs_streq() */
	for (const char *const *b = zram->ctl->backends; *b; b++)
		if (sm_zram_sysfs_streq(name, *b))
			return true;
	return false;
}

/* The backend a stored name selects ("lz4\n" still selects lz4). */
static const char *backend_name(const struct sm_zram *zram, const char *name)
{
	for (const char *const *b = zram->ctl->backends; *b; b++)
		if (sm_zram_sysfs_streq(name, *b))
			return *b;
	for (const char *const *b = zram->ctl->extra_algs; *b; b++)
		if (!strcmp(name, *b))
			return *b;
	return name;
}

/* zcomp_available_show(): the list, the selected name in brackets */
ssize_t sm_zram_comp_show(const struct sm_zram *zram, unsigned int prio,
			  char *buf, size_t cap)
{
	const struct zram_profile *prof = zram_prof(zram);
	const char *sel = zram->comp_algs[prio];
	bool known = false;
	size_t n = 0;

	for (const char *const *b = zram->ctl->backends; *b; b++) {
		bool is = sel && !strcmp(*b, sel);

		known |= is;
		n += (size_t)sm_zram_scnprintf(buf + n, cap - n - 2,
					       is ? "[%s] " : "%s ", *b);
	}
	/* 6.1: a crypto algorithm outside the list shows when selected */
	if (prof->crypto_api && !known && sel && available(zram, sel))
		n += (size_t)sm_zram_scnprintf(buf + n, cap - n - 2, "[%s] ",
					       sel);
	n += (size_t)sm_zram_scnprintf(buf + n, cap - n, "\n");
	return (ssize_t)n;
}

/* comp_algorithm store for priority @prio (0 = comp_algorithm) */
int sm_zram_comp_set(struct sm_zram *zram, unsigned int prio, const char *buf)
{
	char name[ZRAM_PAGE_SIZE + 1];
	size_t sz = strlen(buf);

	if (zram_prof(zram)->crypto_api) {
		/* strscpy() into char[CRYPTO_MAX_ALG_NAME]: cut, no error */
		if (sz >= CRYPTO_MAX_ALG_NAME)
			sz = CRYPTO_MAX_ALG_NAME - 1;
	} else if (sz >= CRYPTO_MAX_ALG_NAME) {
		return -E2BIG;
	}
	memcpy(name, buf, sz);
	name[sz] = '\0';
	if (sz > 0 && name[sz - 1] == '\n')
		name[sz - 1] = '\0';
	if (!available(zram, name))
		return -EINVAL;
	if (zram_init_done(zram)) {
		sm_zram_log(zram->ctl,
			    "zram: Can't change algorithm for initialized device");
		return -EBUSY;
	}
	/* 6.12+ keep the string as written (sysfs_streq matched it) */
	free(zram->comp_algs[prio]);
	zram->comp_algs[prio] = strdup(name);
	return zram->comp_algs[prio] ? 0 : -ENOMEM;
}

void sm_zram_params_reset(struct zram_params *p)
{
	free(p->dict);
	p->dict = NULL;
	p->dict_len = 0;
	p->level = SM_ZCOMP_NO_LEVEL;
	p->winbits = 0;
}

/* zram_destroy_comps() of 6.12+: back to the default, no secondaries */
void sm_zram_comp_reset(struct sm_zram *zram)
{
	for (int p = 0; p < ZRAM_MAX_COMPS; p++) {
		free(zram->comp_algs[p]);
		zram->comp_algs[p] = NULL;
		sm_zram_params_reset(&zram->params[p]);
	}
	zram->comp_algs[0] = strdup(zram_prof(zram)->default_comp);
}

/* kernel_read_file_from_path() of a dictionary */
static int read_dict(const char *path, struct zram_params *p)
{
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -EINVAL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    st.st_size > (1 << 30))
		goto out_close;
	p->dict = malloc((size_t)st.st_size);
	if (!p->dict)
		goto out_close;
	n = read(fd, p->dict, (size_t)st.st_size);
	close(fd);
	if (n != st.st_size) {
		sm_zram_params_reset(p);
		return -EINVAL;
	}
	p->dict_len = (size_t)n;
	return 0;

out_close:
	close(fd);
	return -EINVAL;
}

struct params_args {
	int prio;
	int level;
	int winbits;
	bool have_winbits;
	const char *algo;
	const char *dict;
};

/* One word of algorithm_params; unknown keys are ignored, as upstream */
static int params_word(const struct sm_zram *zram, const char *param,
		       const char *val, struct params_args *a)
{
	if (!val || !*val)
		return -EINVAL;
	if (!strcmp(param, "priority"))
		return sm_zram_kstrtoint(val, 10, &a->prio);
	if (!strcmp(param, "level"))
		return sm_zram_kstrtoint(val, 10, &a->level);
	if (!strcmp(param, "algo"))
		a->algo = val;
	else if (!strcmp(param, "dict"))
		a->dict = val;
	else if (!strcmp(param, "deflate.winbits") &&
		 zram_prof(zram)->deflate_winbits) {
		a->have_winbits = true;
		return sm_zram_kstrtoint(val, 10, &a->winbits);
	}
	return 0;
}

ssize_t sm_zram_algorithm_params_store(struct sm_zram *zram, const char *buf,
				       size_t len)
{
	struct params_args a = { .prio = 0, .level = SM_ZCOMP_NO_LEVEL };
	char *copy = strdup(buf), *args, *param, *val;
	struct zram_params *p;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	args = sm_zram_skip_spaces(copy);
	while (*args && !err) {
		args = sm_dt_next_arg(args, &param, &val);
		err = params_word(zram, param, val, &a);
	}
	if (!err && a.algo) {
		a.prio = -EINVAL;
		for (unsigned int i = 0; i < max_comps(zram); i++)
			if (zram->comp_algs[i] &&
			    !strcmp(zram->comp_algs[i], a.algo)) {
				a.prio = (int)i;
				break;
			}
	}
	if (!err && (a.prio < 0 || a.prio >= (int)max_comps(zram)))
		err = -EINVAL;
	if (!err) {
		p = &zram->params[a.prio];
		sm_zram_params_reset(p);
		if (a.dict)
			err = read_dict(a.dict, p);
		p->level = a.level;
		if (a.have_winbits)
			p->winbits = a.winbits;
	}
	free(copy);
	return err ? err : (ssize_t)len;
}

ssize_t sm_zram_recomp_algorithm_show(struct sm_zram *zram, char *buf,
				      size_t cap)
{
	size_t n = 0;

	for (unsigned int prio = 1; prio < max_comps(zram); prio++) {
		if (!zram->comp_algs[prio])
			continue;
		n += (size_t)sm_zram_scnprintf(buf + n, cap - n - 2, "#%u: ",
					       prio);
		n += (size_t)sm_zram_comp_show(zram, prio, buf + n, cap - n);
	}
	return (ssize_t)n;
}

ssize_t sm_zram_recomp_algorithm_store(struct sm_zram *zram, const char *buf,
				       size_t len)
{
	char *copy = strdup(buf), *args, *param, *val, *alg = NULL;
	int prio = 1, err = 0;

	if (!copy)
		return -ENOMEM;
	args = sm_zram_skip_spaces(copy);
	while (*args && !err) {
		args = sm_dt_next_arg(args, &param, &val);
		if (!val || !*val)
			err = -EINVAL;
		else if (!strcmp(param, "algo"))
			alg = val;
		else if (!strcmp(param, "priority"))
			err = sm_zram_kstrtoint(val, 10, &prio);
	}
	if (!err && !alg)
		err = -EINVAL;
	if (!err && (prio < 1 || prio >= (int)max_comps(zram)))
		err = -EINVAL;
	if (!err)
		err = sm_zram_comp_set(zram, (unsigned int)prio, alg);
	free(copy);
	return err ? err : (ssize_t)len;
}

/* disksize_store(): one compressor per configured priority */
int sm_zram_comps_create(struct sm_zram *zram)
{
	const struct zram_profile *prof = zram_prof(zram);

	for (unsigned int p = 0; p < ZRAM_MAX_COMPS; p++) {
		const struct zram_params *zp = &zram->params[p];
		struct sm_zcomp_params cp = {
			.level = zp->level, .dict = zp->dict,
			.dict_len = zp->dict_len, .deflate_winbits = zp->winbits,
		};
		int err;

		if (!zram->comp_algs[p])
			continue;
		if (zp->winbits && (zp->winbits < 9 || zp->winbits > 15) &&
		    !strcmp(zram->comp_algs[p], "deflate")) {
			sm_zram_log(zram->ctl, "invalid deflate winbits: %d",
				    zp->winbits);
			err = -EINVAL;
		} else {
			err = sm_zram_zcomp_create(backend_name(zram,
								zram->comp_algs[p]),
						   prof->id, &cp, &zram->comps[p]);
		}
		if (err) {
			sm_zram_log(zram->ctl,
				    "zram: Cannot initialise %s compressing backend",
				    zram->comp_algs[p]);
			sm_zram_comps_destroy(zram);
			return err;
		}
		zram->num_active_comps++;
	}
	return 0;
}

void sm_zram_comps_destroy(struct sm_zram *zram)
{
	for (int p = 0; p < ZRAM_MAX_COMPS; p++) {
		if (!zram->comps[p])
			continue;
		sm_zram_zcomp_destroy(zram->comps[p]);
		zram->comps[p] = NULL;
		zram->num_active_comps--;
	}
}
