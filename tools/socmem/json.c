// SPDX-License-Identifier: MIT
/*
 * json.c - the streaming JSON writer (two-space indentation).
 */
#include <inttypes.h>

#include "json.h"

void sm_cli_json_init(struct json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->need_comma[0] = false;
	j->pretty = true;
}

static void indent(struct json *j)
{
	if (!j->pretty)
		return;
	fputc('\n', j->out);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

static void write_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (c < 0x20)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

/* Comma, newline, indentation and "key": before a value. */
static void member(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->need_comma[j->depth])
			fputc(',', j->out);
		indent(j);
	}
	j->need_comma[j->depth] = true;
	if (key) {
		write_string(j->out, key);
		fputs(": ", j->out);
	}
}

static void open(struct json *j, const char *key, char c)
{
	member(j, key);
	fputc(c, j->out);
	if (j->depth < 31)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_(struct json *j, char c)
{
	bool had = j->need_comma[j->depth];

	j->depth--;
	if (had)
		indent(j);
	fputc(c, j->out);
}

void sm_cli_json_obj_begin(struct json *j, const char *key) { open(j, key, '{'); }
void sm_cli_json_obj_end(struct json *j) { close_(j, '}'); }
void sm_cli_json_arr_begin(struct json *j, const char *key) { open(j, key, '['); }
void sm_cli_json_arr_end(struct json *j) { close_(j, ']'); }

void sm_cli_json_str(struct json *j, const char *key, const char *v)
{
	member(j, key);
	write_string(j->out, v);
}

void sm_cli_json_u64(struct json *j, const char *key, uint64_t v)
{
	member(j, key);
	fprintf(j->out, "%" PRIu64, v);
}

void sm_cli_json_i64(struct json *j, const char *key, int64_t v)
{
	member(j, key);
	fprintf(j->out, "%" PRId64, v);
}

void sm_cli_json_hex(struct json *j, const char *key, uint64_t v)
{
	member(j, key);
	fprintf(j->out, "\"0x%016" PRIx64 "\"", v);
}

void sm_cli_json_f64(struct json *j, const char *key, double v)
{
	member(j, key);
	fprintf(j->out, "%.3f", v);
}

void sm_cli_json_bool(struct json *j, const char *key, bool v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->out);
}

void sm_cli_json_null(struct json *j, const char *key)
{
	member(j, key);
	fputs("null", j->out);
}

void sm_cli_json_end(struct json *j)
{
	fputc('\n', j->out);
}
