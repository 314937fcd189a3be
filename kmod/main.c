// SPDX-License-Identifier: GPL-2.0
/*
 * edgeflow: IoT sensor gateway datapath - module entry, parameters and
 * per network namespace state.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>

#include "edgeflow.h"
#include "datapath.h"

static unsigned int max_servers = 1024;
module_param(max_servers, uint, 0444);
MODULE_PARM_DESC(max_servers, "Servers per netns (default 1024, max 65536)");

static unsigned int max_services = 256;
module_param(max_services, uint, 0444);
MODULE_PARM_DESC(max_services, "Services per netns (default 256, max 4096)");

static unsigned int max_steer = 1U << 20;
module_param(max_steer, uint, 0444);
MODULE_PARM_DESC(max_steer, "Steering entries per netns (default 1048576, max 16777216)");

static unsigned int max_devices = 65536;
module_param(max_devices, uint, 0444);
MODULE_PARM_DESC(max_devices, "Tracked devices per netns (default 65536, max 1048576)");

static unsigned int max_windows = 65536;
module_param(max_windows, uint, 0444);
MODULE_PARM_DESC(max_windows, "Completed windows kept per netns (default 65536, max 1048576)");

static unsigned int max_plans = 8;
module_param(max_plans, uint, 0444);
MODULE_PARM_DESC(max_plans, "Open plan transactions per netns (default 8, max 64)");

struct ef_limits ef_limits;
struct workqueue_struct *ef_wq;

static unsigned int ef_net_id __read_mostly;

struct ef_net *ef_net(const struct net *net)
{
	return net_generic(net, ef_net_id);
}

static int ef_limit(const char *name, unsigned int val, unsigned int hard,
		    u32 *out)
{
	if (val == 0 || val > hard) {
		pr_err("%s=%u out of range 1..%u\n", name, val, hard);
		return -EINVAL;
	}
	*out = val;
	return 0;
}

static int ef_limits_init(void)
{
	int err;

	err = ef_limit("max_servers", max_servers, EF_HARD_MAX_SERVERS,
		       &ef_limits.servers);
	if (err)
		return err;

	err = ef_limit("max_services", max_services, EF_HARD_MAX_SERVICES,
		       &ef_limits.services);
	if (err)
		return err;

	err = ef_limit("max_steer", max_steer, EF_HARD_MAX_STEER,
		       &ef_limits.steer);
	if (err)
		return err;

	err = ef_limit("max_devices", max_devices, EF_HARD_MAX_DEVICES,
		       &ef_limits.devices);
	if (err)
		return err;

	err = ef_limit("max_windows", max_windows, EF_HARD_MAX_WINDOWS,
		       &ef_limits.windows);
	if (err)
		return err;

	return ef_limit("max_plans", max_plans, EF_HARD_MAX_PLANS,
			&ef_limits.plans);
}

static int __net_init ef_net_init(struct net *net)
{
	struct ef_net *efn = ef_net(net);
	int err;

	efn->net = net;
	mutex_init(&efn->lock);
	efn->generation = 1;
	xa_init_flags(&efn->servers, XA_FLAGS_ALLOC1);
	xa_init_flags(&efn->services, XA_FLAGS_ALLOC1);
	INIT_LIST_HEAD(&efn->plans);

	efn->stats = ef_stats_alloc();
	if (!efn->stats)
		return -ENOMEM;

	err = ef_steer_net_init(efn);
	if (err)
		goto err_free_stats;
	return 0;

err_free_stats:
	ef_stats_free(efn->stats);
	return err;
}

static void __net_exit ef_net_exit(struct net *net)
{
	struct ef_net *efn = ef_net(net);

	mutex_lock(&efn->lock);
	ef_plans_flush(efn);
	ef_steer_net_exit(efn);
	ef_services_flush(efn);
	ef_servers_flush(efn);
	mutex_unlock(&efn->lock);

	xa_destroy(&efn->services);
	xa_destroy(&efn->servers);
	/* Nothing of this namespace runs the datapath any more. */
	ef_stats_free(efn->stats);
	mutex_destroy(&efn->lock);
}

static struct pernet_operations ef_net_ops = {
	.init	= ef_net_init,
	.exit	= ef_net_exit,
	.id	= &ef_net_id,
	.size	= sizeof(struct ef_net),
};

static int __init edgeflow_init(void)
{
	int err;

	err = ef_limits_init();
	if (err)
		return err;

	ef_wq = alloc_workqueue("edgeflow", WQ_UNBOUND, 0);
	if (!ef_wq)
		return -ENOMEM;

	err = register_pernet_subsys(&ef_net_ops);
	if (err)
		goto err_destroy_wq;

	err = ef_plan_init();
	if (err)
		goto err_unregister_pernet;

	err = ef_genl_init();
	if (err)
		goto err_plan_exit;

	err = ef_dp_init();
	if (err)
		goto err_genl_exit;

	pr_info("loaded, version %s, abi %u\n", EDGEFLOW_MODULE_VERSION,
		EDGEFLOW_ABI_VERSION);
	return 0;

err_genl_exit:
	ef_genl_exit();
err_plan_exit:
	ef_plan_exit();
err_unregister_pernet:
	unregister_pernet_subsys(&ef_net_ops);
err_destroy_wq:
	destroy_workqueue(ef_wq);
	return err;
}

static void __exit edgeflow_exit(void)
{
	ef_dp_exit();
	ef_genl_exit();
	ef_plan_exit();
	unregister_pernet_subsys(&ef_net_ops);
	/* RCU callbacks queue table frees on ef_wq: wait for both. */
	rcu_barrier();
	destroy_workqueue(ef_wq);
}

module_init(edgeflow_init);
module_exit(edgeflow_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("edgeflow IoT sensor gateway: filter, aggregate and steer sensor datagrams");
MODULE_VERSION(EDGEFLOW_MODULE_VERSION);
MODULE_ALIAS_GENL_FAMILY(EDGEFLOW_GENL_NAME);
