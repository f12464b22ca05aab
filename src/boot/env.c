// SPDX-License-Identifier: MIT
/*
 * env.c - the boot environment as an input: names, memory banks in
 * "BASE:SIZE" form, and the board environment file (docs/env.md).
 *
 * An environment file is lines of "key = value"; '#' starts a comment.
 * Keys: loader (qemu|uboot|efi), memory (BASE:SIZE[,...], repeatable),
 * memory-nomap (likewise, EFI runtime/reserved memory), kernel, dtb
 * (ADDRESS [SIZE] or loader-chosen), initrd (ADDRESS SIZE or none),
 * fdt_high, initrd_high (U-Boot's variables), page-size (4K|16K|64K),
 * cmdline (the rest of the line), kaslr (yes|no), source (free text: where
 * the banks come from; kept for people, not used).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const loader_names[SM_LOADER_COUNT] = {
	[SM_LOADER_QEMU] = "qemu",
	[SM_LOADER_UBOOT] = "uboot",
	[SM_LOADER_EFI] = "efi",
};

const char *sm_boot_loader_name(enum sm_loader loader)
{
	return loader < SM_LOADER_COUNT ? loader_names[loader] : "?";
}

int sm_boot_loader_find(const char *name)
{
	for (int i = 0; i < SM_LOADER_COUNT; i++)
		if (!strcmp(name, loader_names[i]))
			return i;
	if (!strcmp(name, "u-boot"))
		return SM_LOADER_UBOOT;
	return -EINVAL;
}

const char *sm_boot_env_source_name(enum sm_env_source src)
{
	switch (src) {
	case SM_ENV_DEFAULT: return "default";
	case SM_ENV_DT: return "dt";
	case SM_ENV_FILE: return "env file";
	case SM_ENV_LOG: return "log";
	case SM_ENV_OPTION: return "option";
	}
	return "?";
}

void sm_boot_env_init(struct sm_boot_env *env)
{
	memset(env, 0, sizeof(*env));
	env->kernel_base = SM_ENV_LOADER_CHOSEN;
	env->dtb_base = SM_ENV_LOADER_CHOSEN;
	env->fdt_high = SM_ENV_LOADER_CHOSEN;
	env->initrd_high = SM_ENV_LOADER_CHOSEN;
	env->kaslr = false;
}

void sm_boot_env_release(struct sm_boot_env *env)
{
	free(env->cmdline);
	env->cmdline = NULL;
}

/* a number with memparse's suffixes, the whole token */
static int parse_size(const char *s, uint64_t *v)
{
	const char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	*v = sm_dt_memparse(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	return *end ? -EINVAL : 0;
}

static int add_banks(struct sm_boot_env *env, const char *spec, bool nomap,
		     enum sm_env_source src, struct sm_diag *diag)
{
	char *copy = strdup(spec), *save = NULL;
	int err = 0;

	if (!copy)
		return sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	if (env->banks_src != src) {
		env->nbanks = 0;	/* a later source replaces the banks */
		env->banks_src = src;
	}
	for (char *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');
		struct sm_env_range r = { .nomap = nomap };

		if (!colon) {
			err = sm_dt_diag_set(diag, -EINVAL,
					     "'%s': a bank is BASE:SIZE (e.g. 0x80000000:8G)",
					     tok);
			break;
		}
		*colon = '\0';
		if (parse_size(tok, &r.base) || parse_size(colon + 1, &r.size) ||
		    !r.size || r.base + r.size - 1 < r.base) {
			err = sm_dt_diag_set(diag, -EINVAL,
					     "'%s:%s': a bank is BASE:SIZE with a size > 0 that ends below 2^64",
					     tok, colon + 1);
			break;
		}
		if (env->nbanks == SM_ENV_MAX_BANKS) {
			err = sm_dt_diag_set(diag, -E2BIG, "more than %d banks",
					     SM_ENV_MAX_BANKS);
			break;
		}
		env->banks[env->nbanks++] = r;
	}
	free(copy);
	return err;
}

int sm_boot_env_parse_banks(struct sm_boot_env *env, const char *spec,
			    enum sm_env_source src, struct sm_diag *diag)
{
	return add_banks(env, spec, false, src, diag);
}

/* "loader-chosen" or an address */
static int parse_addr(const char *s, uint64_t *v)
{
	while (isspace((unsigned char)*s))
		s++;
	if (!strncmp(s, "loader-chosen", 13)) {
		*v = SM_ENV_LOADER_CHOSEN;
		return 0;
	}
	return parse_size(s, v);
}

static int set_page_size(struct sm_boot_env *env, const char *v,
			 enum sm_env_source src)
{
	uint64_t n;

	if (parse_size(v, &n))
		return -EINVAL;
	switch (n) {
	case 4096: env->page_shift = 12; break;
	case 16384: env->page_shift = 14; break;
	case 65536: env->page_shift = 16; break;
	default: return -EINVAL;
	}
	env->page_src = src;
	return 0;
}

int sm_boot_env_set_page_size(struct sm_boot_env *env, const char *value,
			      enum sm_env_source src)
{
	return set_page_size(env, value, src);
}

/* "ADDRESS [SIZE]" */
static int two_numbers(char *v, uint64_t *a, uint64_t *b, bool addr)
{
	char *sp;

	while (isspace((unsigned char)*v))
		v++;
	sp = strpbrk(v, " \t");
	if (sp) {
		*sp++ = '\0';
		if (parse_size(sp, b))
			return -EINVAL;
	}
	return addr ? parse_addr(v, a) : parse_size(v, a);
}

static int file_key(struct sm_boot_env *env, const char *key, char *v,
		    struct sm_diag *diag)
{
	const enum sm_env_source F = SM_ENV_FILE;
	uint64_t a = 0, b = 0;
	int i;

	if (!strcmp(key, "loader")) {
		if ((i = sm_boot_loader_find(v)) < 0)
			return -EINVAL;
		env->loader = (enum sm_loader)i;
		env->loader_src = F;
	} else if (!strcmp(key, "memory") || !strcmp(key, "memory-nomap")) {
		if (env->banks_src != F) {
			env->nbanks = 0;
			env->banks_src = F;
		}
		return add_banks(env, v, key[6] == '-', F, diag);
	} else if (!strcmp(key, "kernel")) {
		/* ADDRESS [SIZE]: the size is the Image header's image_size
		 * (_end - _text), for a build whose image is not the profile's */
		if (two_numbers(v, &env->kernel_base, &env->kernel_size, true))
			return -EINVAL;
		/* "loader-chosen": the loader's rule places it, as by default */
		env->kernel_src = env->kernel_base == SM_ENV_LOADER_CHOSEN ?
				  SM_ENV_DEFAULT : F;
	} else if (!strcmp(key, "dtb")) {
		if (two_numbers(v, &a, &b, true))
			return -EINVAL;
		env->dtb_base = a;
		env->dtb_size = b;
		env->dtb_src = a == SM_ENV_LOADER_CHOSEN ? SM_ENV_DEFAULT : F;
	} else if (!strcmp(key, "initrd")) {
		if (!strcmp(v, "none")) {
			a = b = 0;
		} else if (two_numbers(v, &a, &b, false) || !b) {
			return -EINVAL;
		}
		env->initrd_base = a;
		env->initrd_size = b;
		env->initrd_src = F;
	} else if (!strcmp(key, "fdt_high") || !strcmp(key, "initrd_high")) {
		if (parse_size(v, &a))
			return -EINVAL;
		/* U-Boot: all ones (32 or 64 bit) means "do not relocate" */
		if (a == 0xffffffffULL || a == UINT64_MAX)
			a = UINT64_MAX - 1;
		*(key[0] == 'f' ? &env->fdt_high : &env->initrd_high) = a;
	} else if (!strcmp(key, "page-size")) {
		return set_page_size(env, v, F);
	} else if (!strcmp(key, "cmdline")) {
		free(env->cmdline);
		env->cmdline = strdup(v);
		if (!env->cmdline)
			return -ENOMEM;
		env->cmdline_src = F;
	} else if (!strcmp(key, "kaslr")) {
		if (strcmp(v, "yes") && strcmp(v, "no"))
			return -EINVAL;
		env->kaslr = !strcmp(v, "yes");
	} else if (strcmp(key, "source")) {
		return sm_dt_diag_set(diag, -EINVAL, "unknown key '%s'", key);
	}
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int sm_boot_env_load_file(struct sm_boot_env *env, const char *path,
			  struct sm_diag *diag)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int lineno = 0, err = 0;

	if (!f)
		return sm_dt_diag_set(diag, -errno, "%s: %s", path,
				      strerror(errno));
	while (!err && fgets(line, sizeof(line), f)) {
		char *hash, *eq, *key, *val;
		struct sm_diag d = { 0 };

		lineno++;
		if (line[0] != '#' && (hash = strstr(line, " #")))
			*hash = '\0';	/* a comment after a value */
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			err = sm_dt_diag_set(diag, -EINVAL,
					     "%s:%d: expected 'key = value'",
					     path, lineno);
			break;
		}
		*eq = '\0';
		val = trim(eq + 1);
		key = trim(key);
		err = file_key(env, key, val, &d);
		if (err == -ENOMEM)
			sm_dt_diag_set(diag, err, "out of memory");
		else if (err)
			sm_dt_diag_set(diag, err, "%s:%d: %s: %s", path, lineno,
				       key, d.msg[0] ? d.msg : "bad value");
	}
	fclose(f);
	return err;
}
