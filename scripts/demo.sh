#!/bin/bash
# make demo: the gateway end to end on the sensor dataset.
set -u
echo "edgeflow demo: built module, XDP object and edgectl:"
ls -l edgeflow.ko build/edgectl 2>/dev/null
echo
echo "The demo on ../shared/data/sensors/ needs the datapath, the XDP program," \
     "the agent and the replayer, which have not landed yet; nothing is run." >&2
exit 1
