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

void sm_cli_json_init(struct json *j, FILE *out);
void sm_cli_json_obj_begin(struct json *j, const char *key);
void sm_cli_json_obj_end(struct json *j);
void sm_cli_json_arr_begin(struct json *j, const char *key);
void sm_cli_json_arr_end(struct json *j);
void sm_cli_json_str(struct json *j, const char *key, const char *v);
void sm_cli_json_u64(struct json *j, const char *key, uint64_t v);
void sm_cli_json_i64(struct json *j, const char *key, int64_t v);
void sm_cli_json_hex(struct json *j, const char *key, uint64_t v);
void sm_cli_json_f64(struct json *j, const char *key, double v);
void sm_cli_json_bool(struct json *j, const char *key, bool v);
void sm_cli_json_null(struct json *j, const char *key);
void sm_cli_json_end(struct json *j);

#endif /* SOCMEM_JSON_H */
