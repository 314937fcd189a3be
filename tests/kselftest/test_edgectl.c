// SPDX-License-Identifier: GPL-2.0
/*
 * The edgectl object commands against the module: iproute2 grammar, -j JSON
 * for every show, the kernel's extack message shown verbatim, exit status,
 * usage per object, a 100,000-entry plan file and the monitor.
 */
#include <signal.h>
#include <unistd.h>
#include <fcntl.h>
#include <json-c/json.h>

#include "kselftest_harness.h"
#include "efcfg.h"

#define EDGECTL "build/edgectl"
#define PLAN_FILE "/tmp/edgectl-test-plan.json"
#define MON_FILE "/tmp/edgectl-test-monitor.json"
#define BIG 100000

/* Big enough for a 100,000-entry steer show in JSON. */
static char out[32 << 20];

FIXTURE(cli)
{
	struct ectl_nl nl;
};

FIXTURE_SETUP(cli)
{
	ASSERT_EQ(0, ectl_nl_open(&self->nl));
	ASSERT_EQ(0, ef_flush(&self->nl));
}

FIXTURE_TEARDOWN(cli)
{
	ef_flush(&self->nl);
	ectl_nl_close(&self->nl);
}

/* Commands that must succeed, in order, building the configuration. */
static const char *const good[] = {
	"server add s1 addr 10.0.0.1 port 9000 cap cpu=400 cap mem=2048",
	"server add s2 addr6 2001:db8::2 port 9001 state drain",
	"server set s2 addr 10.0.0.2 state up",
	"service add temp port 5000 mode both window 2000 unknown pass rate 5 burst 10 server s1",
	"service add hum port 5001 mode forward",
	"service set hum idle 60000 server none",
	"policy set temp kind temperature min -40000 max 85000 step 2000 step-reset 3",
	"policy set temp kind humidity deadband 500 heartbeat 60000",
	"policy del temp kind humidity",
	"steer set service temp device 7 server s2",
	"steer set service hum device 8 server s1",
	"steer del service hum device 8",
	"stats",
	"stats service temp",
	"stats server s1",
	"stats all",
};

/* Commands that must fail: exit 1 and this on stderr. */
static const struct {
	const char *cmd;
	const char *err;
} bad[] = {
	{ "server add s1 addr 10.0.0.9 port 1",
	  "edgectl: server: a server with this name exists (File exists)" },
	{ "server add s9 port 1",
	  "edgectl: server: server needs an IPv4 or an IPv6 address (Invalid argument)" },
	{ "server add s9 addr 10.0.0.9",
	  "edgectl: server: missing server port (Invalid argument)" },
	{ "server add s9 addr 10.0.0.300 port 1", "invalid IPv4 address \"10.0.0.300\"" },
	{ "server add a-name-that-is-longer-than-31-bytes addr 10.0.0.9 port 1",
	  "name longer than 31 bytes (Numerical result out of range)" },
	{ "server add s9 addr 10.0.0.9 port 0", "integer out of range" },
	{ "server add s9 addr 10.0.0.9 port 1 state sleepy", "state must be up or drain" },
	{ "server del s2", "server s2 is used by 1 steering entries (1 live, 0 staged" },
	{ "server del s1", "server s1 is the default server of 1 services (Device or resource busy)" },
	{ "server del nope", "no such server (No such file or directory)" },
	{ "server bogus", "unknown command \"bogus\"; try \"edgectl server help\"" },
	{ "service add x port 5000 mode forward", "port 5000 is used by service temp" },
	{ "service add x port 5002", "missing service mode" },
	{ "service add x port 5002 mode sideways", "mode must be forward, aggregate or both" },
	{ "service add x port 5002 mode forward window 1", "integer out of range" },
	{ "service del temp", "service temp has 1 steering entries" },
	{ "policy set temp kind temperature min 10 max -10", "policy max is below min" },
	{ "policy set temp kind temperature step-reset 3", "step-reset needs step" },
	{ "policy set temp kind smell", "unknown kind \"smell\"" },
	{ "policy set temp min 1", "missing \"kind KIND\"" },
	{ "steer set service temp device 1 server nope", "no such server" },
	{ "steer set service nope device 1 server s1", "no such service" },
	{ "steer set service temp device x server s1", "invalid device \"x\"" },
	{ "steer del service temp device 99", "no steering entry for this device" },
	{ "stats service nope", "no such service" },
	{ "plan apply /nonexistent.json", "cannot read a JSON plan" },
	{ "monitor sideways", "unknown group \"sideways\"" },
};

static const char *const objects[] = {
	"server", "service", "policy", "steer", "plan", "stats", "monitor", "flush",
};

/*
 * Run edgectl with @args split on spaces (none of the cases quotes), read
 * all it prints. Exec'd directly, not through sh -c: under emulation every
 * process start counts.
 */
static int edgectl(const char *args, bool with_stderr)
{
	char buf[512], *argv[64], *save = NULL, *w;
	size_t n = 0;
	int argc = 0, pfd[2], st;
	ssize_t got;
	pid_t pid;

	snprintf(buf, sizeof(buf), "%s", args);
	argv[argc++] = (char *)EDGECTL;
	for (w = strtok_r(buf, " ", &save); w && argc < 63; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(pfd[1], STDOUT_FILENO);
		if (with_stderr)
			dup2(pfd[1], STDERR_FILENO);
		close(pfd[0]);
		close(pfd[1]);
		execv(EDGECTL, argv);
		_exit(127);
	}
	close(pfd[1]);
	while ((got = read(pfd[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += (size_t)got;
	out[n] = '\0';
	close(pfd[0]);
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Wait until the monitor writing to MON_FILE has printed @what. */
static bool monitor_saw(const char *what)
{
	static char buf[1 << 16];
	int i, fd;
	ssize_t n;

	for (i = 0; i < 100; i++) {
		fd = open(MON_FILE, O_RDONLY);
		n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
		if (fd >= 0)
			close(fd);
		if (n > 0) {
			buf[n] = '\0';
			if (strstr(buf, what))
				return true;
		}
		usleep(100 * 1000);
	}
	return false;
}

static void build_config(struct __test_metadata *_metadata)
{
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		TH_LOG("edgectl %s", good[i]);
		ASSERT_EQ(0, edgectl(good[i], true)) TH_LOG("%s", out);
	}
}

TEST_F_TIMEOUT(cli, good_and_bad_commands, 180)
{
	size_t i;

	build_config(_metadata);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(1, edgectl(bad[i].cmd, true)) TH_LOG("edgectl %s: %s", bad[i].cmd, out);
		EXPECT_NE(NULL, strstr(out, bad[i].err))
			TH_LOG("edgectl %s: got \"%s\", want \"%s\"", bad[i].cmd, out, bad[i].err);
	}
}

static struct json_object *show_json(struct __test_metadata *_metadata, const char *args,
				     const char *key, size_t want)
{
	struct json_object *root, *arr;

	if (edgectl(args, false)) {
		TH_LOG("edgectl %s failed", args);
		return NULL;
	}
	root = json_tokener_parse(out);
	if (!root || !json_object_object_get_ex(root, key, &arr) ||
	    !json_object_is_type(arr, json_type_array)) {
		TH_LOG("edgectl %s: not JSON with an array \"%s\": %.200s", args, key, out);
		json_object_put(root);
		return NULL;
	}
	if (json_object_array_length(arr) != want)
		TH_LOG("edgectl %s: %zu items, want %zu", args, json_object_array_length(arr),
		       want);
	return root;
}

static const char *jstr(struct json_object *o, const char *path0, int idx, const char *key)
{
	struct json_object *a, *v;

	if (!json_object_object_get_ex(o, path0, &a))
		return "";
	o = json_object_array_get_idx(a, (size_t)idx);
	if (!o || !json_object_object_get_ex(o, key, &v))
		return "";
	return json_object_get_string(v);
}

TEST_F_TIMEOUT(cli, json_shows, 180)
{
	struct json_object *root, *a, *o, *v;

	build_config(_metadata);

	root = show_json(_metadata, "-j server show", "servers", 2);
	ASSERT_NE(NULL, root);
	EXPECT_STREQ("s1", jstr(root, "servers", 0, "name"));
	EXPECT_STREQ("10.0.0.1", jstr(root, "servers", 0, "addr"));
	EXPECT_STREQ("2001:db8::2", jstr(root, "servers", 1, "addr6"));
	EXPECT_STREQ("up", jstr(root, "servers", 1, "state"));
	json_object_object_get_ex(root, "servers", &a);
	o = json_object_array_get_idx(a, 0);
	ASSERT_TRUE(json_object_object_get_ex(o, "capacity", &v));
	ASSERT_TRUE(json_object_object_get_ex(v, "mem", &v));
	EXPECT_EQ(2048, json_object_get_int64(v));
	json_object_put(root);

	root = show_json(_metadata, "-j service show temp", "services", 1);
	ASSERT_NE(NULL, root);
	EXPECT_STREQ("both", jstr(root, "services", 0, "mode"));
	EXPECT_STREQ("pass", jstr(root, "services", 0, "unknown"));
	EXPECT_STREQ("s1", jstr(root, "services", 0, "server"));
	EXPECT_STREQ("2000", jstr(root, "services", 0, "window_ms"));
	json_object_put(root);

	root = show_json(_metadata, "-j policy show temp", "services", 1);
	ASSERT_NE(NULL, root);
	json_object_object_get_ex(root, "services", &a);
	o = json_object_array_get_idx(a, 0);
	ASSERT_TRUE(json_object_object_get_ex(o, "policy", &a));
	ASSERT_EQ(1U, json_object_array_length(a)) TH_LOG("humidity was deleted");
	EXPECT_STREQ("temperature", jstr(o, "policy", 0, "kind"));
	EXPECT_STREQ("-40000", jstr(o, "policy", 0, "min"));
	EXPECT_STREQ("3", jstr(o, "policy", 0, "step_reset"));
	json_object_put(root);

	root = show_json(_metadata, "-j steer show", "steer", 1);
	ASSERT_NE(NULL, root);
	EXPECT_STREQ("temp", jstr(root, "steer", 0, "service"));
	EXPECT_STREQ("7", jstr(root, "steer", 0, "device"));
	EXPECT_STREQ("s2", jstr(root, "steer", 0, "server"));
	json_object_put(root);

	root = show_json(_metadata, "-j stats all", "stats", 1 + 2 + 2);
	ASSERT_NE(NULL, root);
	EXPECT_STREQ("global", jstr(root, "stats", 0, "scope"));
	EXPECT_STREQ("0", jstr(root, "stats", 0, "rx_packets"));
	json_object_put(root);

	/* Text shows say the same in iproute2 style. */
	ASSERT_EQ(0, edgectl("steer show service temp device 7", false));
	EXPECT_STREQ("service temp device 7 server s2\n", out);
}

TEST_F_TIMEOUT(cli, usage_per_object, 180)
{
	char args[64];
	size_t i;

	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
		snprintf(args, sizeof(args), "%s help", objects[i]);
		EXPECT_EQ(0, edgectl(args, false)) TH_LOG("%s", args);
		EXPECT_NE(NULL, strstr(out, "Usage: edgectl")) TH_LOG("%s: %s", args, out);
		EXPECT_NE(NULL, strstr(out, "Where:")) TH_LOG("%s: %s", args, out);
	}
	EXPECT_EQ(0, edgectl("help", false));
	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		EXPECT_NE(NULL, strstr(out, objects[i])) TH_LOG("%s missing in edgectl help",
							       objects[i]);
}

static int write_plan(const char *path, int n, const char *svc, const char *srv)
{
	FILE *f = fopen(path, "w");
	int i;

	if (!f)
		return -errno;
	fprintf(f, "{\"edgeflow_plan\":1,\"report\":{\"status\":\"optimal\"},\"rejected\":"
		   "[{\"service\":\"%s\",\"device\":%d}],\"assignments\":[", svc, n);
	for (i = 0; i < n; i++)
		fprintf(f, "%s{\"service\":\"%s\",\"device\":%d,\"server\":\"%s\"}", i ? "," : "",
			svc, i, srv);
	fprintf(f, "]}\n");
	return fclose(f) ? -errno : 0;
}

TEST_F_TIMEOUT(cli, plan_apply_100k_and_show, 180)
{
	struct json_object *root, *v;

	ASSERT_EQ(0, edgectl("server add s1 addr 10.0.0.1 port 9000", true)) TH_LOG("%s", out);
	ASSERT_EQ(0, edgectl("service add temp port 5000 mode forward", true)) TH_LOG("%s", out);
	ASSERT_EQ(0, edgectl("steer set service temp device 4000000 server s1", true));
	ASSERT_EQ(0, write_plan(PLAN_FILE, BIG, "temp", "s1"));

	ASSERT_EQ(0, edgectl("-j plan apply " PLAN_FILE, true)) TH_LOG("%s", out);
	root = json_tokener_parse(out);
	ASSERT_NE(NULL, root) TH_LOG("%s", out);
	ASSERT_TRUE(json_object_object_get_ex(root, "entries", &v));
	EXPECT_EQ(BIG, json_object_get_int(v));
	ASSERT_TRUE(json_object_object_get_ex(root, "skipped", &v));
	EXPECT_EQ(1, json_object_get_int(v));
	ASSERT_TRUE(json_object_object_get_ex(root, "seconds", &v));
	TH_LOG("edgectl plan apply: %d entries in %.2f s", BIG, json_object_get_double(v));
	json_object_put(root);

	/* The whole table, and only the plan: device 4000000 is gone. */
	root = show_json(_metadata, "-j steer show", "steer", BIG);
	ASSERT_NE(NULL, root);
	ASSERT_TRUE(json_object_object_get_ex(root, "steer", &v));
	EXPECT_EQ((size_t)BIG, json_object_array_length(v));
	json_object_put(root);

	/* A plan naming an unknown server installs nothing. */
	ASSERT_EQ(0, write_plan(PLAN_FILE, 10, "temp", "nope"));
	EXPECT_EQ(1, edgectl("plan apply " PLAN_FILE, true));
	EXPECT_NE(NULL, strstr(out, "unknown server \"nope\"")) TH_LOG("%s", out);
	unlink(PLAN_FILE);
}

TEST_F_TIMEOUT(cli, monitor_follows_changes, 180)
{
	const char *const want[] = {
		"\"event\":\"server_new\"", "\"event\":\"service_new\"",
		"\"event\":\"steer_set\"", "\"event\":\"server_set\"",
	};
	const char *p;
	pid_t pid;
	size_t i;
	int fd, st;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		fd = open(MON_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(2);
		execl(EDGECTL, "edgectl", "-j", "monitor", "config", (char *)NULL);
		_exit(3);
	}
	/* Until the monitor has joined the group, changes go unseen: probe. */
	for (i = 0; i < 20; i++) {
		ASSERT_EQ(0, edgectl("flush", true));
		if (monitor_saw("\"event\":\"flush\""))
			break;
	}
	ASSERT_GT(20, (int)i) TH_LOG("the monitor never showed a change");
	ASSERT_EQ(0, edgectl("server add m1 addr 10.0.0.1 port 9000", true));
	ASSERT_EQ(0, edgectl("service add mon port 5000 mode forward", true));
	ASSERT_EQ(0, edgectl("steer set service mon device 1 server m1", true));
	ASSERT_EQ(0, edgectl("server set m1 state drain", true));
	ASSERT_TRUE(monitor_saw("\"event\":\"server_set\""));
	kill(pid, SIGTERM);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) TH_LOG("monitor status %d", st);

	ASSERT_EQ(0, ef_run("cat " MON_FILE, out, sizeof(out)));
	p = out;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		p = strstr(p, want[i]);
		EXPECT_NE(NULL, p) TH_LOG("missing %s in order in:\n%s", want[i], out);
		if (!p)
			break;
	}
	EXPECT_NE(NULL, strstr(out, "\"state\":\"drain\"")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "\"generation\":")) TH_LOG("%s", out);
	unlink(MON_FILE);
}

TEST_HARNESS_MAIN
