// SPDX-License-Identifier: GPL-2.0
/* edgectl output: text or JSON through one set of calls. */
#include <stdarg.h>
#include <stdio.h>
#include <json-c/json.h>

#include "edgectl.h"
#include "out.h"

#define OUT_DEPTH 16

static struct json_object *out_stack[OUT_DEPTH];
static int out_top = -1;

static void out_add(const char *key, struct json_object *val)
{
	struct json_object *parent;

	if (out_top < 0) {
		json_object_put(val);
		return;
	}
	parent = out_stack[out_top];
	if (json_object_is_type(parent, json_type_array))
		json_object_array_add(parent, val);
	else
		json_object_object_add(parent, key ? key : "value", val);
}

static void out_push(const char *key, struct json_object *obj)
{
	if (out_top + 1 >= OUT_DEPTH) {
		ectl_err("output nested too deeply");
		json_object_put(obj);
		return;
	}
	if (out_top >= 0)
		out_add(key, json_object_get(obj));
	out_stack[++out_top] = obj;
}

static void out_pop(void)
{
	if (out_top < 0)
		return;
	/* The root keeps its own reference until out_end(). */
	if (out_top > 0)
		json_object_put(out_stack[out_top]);
	out_top--;
}

void out_begin(void)
{
	if (ectl_opts.json && out_top < 0)
		out_stack[++out_top] = json_object_new_object();
}

void out_end(void)
{
	int flags = ectl_opts.pretty ? JSON_C_TO_STRING_PRETTY : JSON_C_TO_STRING_PLAIN;
	struct json_object *root;

	if (!ectl_opts.json || out_top < 0)
		return;
	root = out_stack[0];
	while (out_top > 0)
		out_pop();
	out_top = -1;
	puts(json_object_to_json_string_ext(root, flags | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	fflush(stdout);
}

void out_obj_open(const char *key)
{
	if (ectl_opts.json)
		out_push(key, json_object_new_object());
}

void out_obj_close(void)
{
	if (ectl_opts.json)
		out_pop();
}

void out_arr_open(const char *key)
{
	if (ectl_opts.json)
		out_push(key, json_object_new_array());
}

void out_arr_close(void)
{
	if (ectl_opts.json)
		out_pop();
}

void out_str(const char *key, const char *fmt, const char *val)
{
	if (ectl_opts.json)
		out_add(key, json_object_new_string(val ? val : ""));
	else if (fmt)
		printf(fmt, val ? val : "");
}

void out_u64(const char *key, const char *fmt, uint64_t val)
{
	if (ectl_opts.json)
		out_add(key, json_object_new_uint64(val));
	else if (fmt)
		printf(fmt, val);
}

void out_s64(const char *key, const char *fmt, int64_t val)
{
	if (ectl_opts.json)
		out_add(key, json_object_new_int64(val));
	else if (fmt)
		printf(fmt, val);
}

void out_dbl(const char *key, const char *fmt, double val)
{
	if (ectl_opts.json)
		out_add(key, json_object_new_double(val));
	else if (fmt)
		printf(fmt, val);
}

void out_bool(const char *key, const char *fmt, bool val)
{
	if (ectl_opts.json)
		out_add(key, json_object_new_boolean(val));
	else if (fmt)
		printf(fmt, val ? "yes" : "no");
}

void out_text(const char *fmt, ...)
{
	va_list ap;

	if (ectl_opts.json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}
