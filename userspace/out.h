/* SPDX-License-Identifier: GPL-2.0 */
/*
 * edgectl output: one print path for text and JSON. Each call names the JSON
 * key and the text format; in JSON mode values are collected with json-c and
 * printed by out_end(), in text mode they are printed as they come.
 */
#ifndef EDGECTL_OUT_H
#define EDGECTL_OUT_H

#include <stdbool.h>
#include <stdint.h>

void out_begin(void);
void out_end(void);

/* Objects and arrays; key is ignored inside arrays and at the top. */
void out_obj_open(const char *key);
void out_obj_close(void);
void out_arr_open(const char *key);
void out_arr_close(void);

/* fmt is the text-mode format for the value; NULL prints nothing in text. */
void out_str(const char *key, const char *fmt, const char *val);
void out_u64(const char *key, const char *fmt, uint64_t val);
void out_s64(const char *key, const char *fmt, int64_t val);
void out_dbl(const char *key, const char *fmt, double val);
void out_bool(const char *key, const char *fmt, bool val);

/* Text-mode only decoration (newlines, headings). */
void out_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* EDGECTL_OUT_H */
