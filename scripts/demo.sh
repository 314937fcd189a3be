#!/bin/bash
# make demo: the gateway end to end on the sensor dataset, natively where
# the running kernel loads modules, otherwise in the test VM.
set -u
cd "$(dirname "$0")/.." || exit 1
read -r kver kmode < <(scripts/kver.sh) || exit 1
chmod +x scripts/demo-run.sh scripts/demo-report.sh 2>/dev/null
if [ "$kmode" = native ]; then
	echo "demo: running natively on $kver"
	exec scripts/demo-run.sh
fi
echo "demo: this kernel cannot load modules; running in a QEMU VM booting $kver"
echo "demo: (software emulation: a few minutes; the VM's console follows)"
exec tests/vm/run-vm.sh -t "${EF_DEMO_TIMEOUT:-1200}" -m 2048 -l build/vm/demo-console.log \
	-- scripts/demo-run.sh
