/* SPDX-License-Identifier: MIT */
/*
 * json.h - a small streaming JSON writer for the CLI's --format json.
 * Addresses are written as "0x..." strings (JSON numbers lose precision
 * above 2^53); sizes and counts as numbers.
 */
#ifndef SOCMEM_JSON_H
#define SOCMEM_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json {
	FILE *out;
	int depth;
	bool need_comma[32];
	bool pretty;
};

void json_init(struct json *j, FILE *out);
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *v);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_i64(struct json *j, const char *key, int64_t v);
void json_hex(struct json *j, const char *key, uint64_t v);
void json_f64(struct json *j, const char *key, double v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
void json_end(struct json *j);

#endif /* SOCMEM_JSON_H */
