#!/bin/sh
# Benchmark, not a test (make bench-sched): the round trip between two
# threads through a SCHED_COOP domain handoff, against the CFS futex
# ping-pong on one CPU and on two, in the same guest run, repeated.  Then
# the cost of the class to a SCHED_OTHER-only load (cfs_load: pipe
# ping-pong pairs) with no SCHED_COOP task, an idle one and a ticking one.
# Prints one "bench MODE RUN ns" line per run.
. /tests/lib.sh
ROUNDS=$(param coop.rounds || echo 20000)
REPS=$(param coop.reps || echo 7)
r=0
while [ $r -lt "$REPS" ]; do
	r=$((r + 1))
	for m in coop coop_1cpu yield_1cpu futex_1cpu futex_2cpu syscall; do
		out=$(handoff_bench $m "$ROUNDS") || { echo "# handoff_bench $m failed: $out"; exit 1; }
		echo "bench $m $r ${out#* }"
	done
	for m in none idle ticking; do
		out=$(cfs_load $m 4 "$ROUNDS") || { echo "# cfs_load $m failed: $out"; exit 1; }
		echo "bench cfs_$m $r ${out#* }"
	done
done
exit 0
