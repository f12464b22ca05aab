// SPDX-License-Identifier: MIT
/*
 * bootargs.c - the kernel command line split into parameters the way
 * lib/cmdline.c:next_arg() splits it: words separated by white space,
 * double quotes grouping (and removed around the whole word or the
 * value), "name=value" split at the first '=', and a bare "--" ending
 * the part the kernel reads.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <socmem/dt.h>

static char *skip_spaces(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

char *sm_dt_next_arg(char *args, char **param, char **val)
{
	size_t i, equals = 0;
	int in_quote = 0, quoted = 0;

	if (*args == '"') {
		args++;
		in_quote = 1;
		quoted = 1;
	}
	for (i = 0; args[i]; i++) {
		if (isspace((unsigned char)args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return skip_spaces(args);
}

int sm_dt_cmdline_parse(const char *line, struct sm_cmdline *out)
{
	char *copy = strdup(line ? line : "");
	char *args, *param, *val;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (!copy)
		return -ENOMEM;
	args = skip_spaces(copy);
	while (*args) {
		struct sm_param *p;

		args = sm_dt_next_arg(args, &param, &val);
		if (!val && !strcmp(param, "--"))
			break;
		if (out->count == cap) {
			cap = cap ? cap * 2 : 16;
			p = realloc(out->params, cap * sizeof(*p));
			if (!p)
				goto nomem;
			out->params = p;
		}
		p = &out->params[out->count];
		p->name = strdup(param);
		p->value = val ? strdup(val) : NULL;
		if (!p->name || (val && !p->value)) {
			free(p->name);
			free(p->value);
			goto nomem;
		}
		out->count++;
	}
	free(copy);
	return 0;
nomem:
	free(copy);
	sm_dt_cmdline_free(out);
	return -ENOMEM;
}

void sm_dt_cmdline_free(struct sm_cmdline *cl)
{
	for (size_t i = 0; i < cl->count; i++) {
		free(cl->params[i].name);
		free(cl->params[i].value);
	}
	free(cl->params);
	cl->params = NULL;
	cl->count = 0;
}
