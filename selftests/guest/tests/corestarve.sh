#!/bin/sh
# Diagnostic, not in make check (coop.tests=corestarve): under core
# scheduling, how long a spinning SCHED_COOP owner and a spinning
# SCHED_FIFO thread each keep a SCHED_NORMAL thread of another cookie on
# the SMT sibling from running.  Needs SCHED_CORE and SMT siblings (make
# check-core's kernel and -smp); reports, never fails.
. /tests/lib.sh
ktap_plan 2
for c in coop fifo; do
	/usr/bin/corestarve $c >/tmp/cs.$c 2>&1
	diag "$(cat /tmp/cs.$c)"
	ktap_result 0 corestarve_$c
done
ktap_exit
