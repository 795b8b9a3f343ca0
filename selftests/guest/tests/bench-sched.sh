#!/bin/sh
# Benchmark, not a test (make bench-sched): the round trip between two
# threads through a SCHED_COOP domain handoff, against the CFS futex
# ping-pong on one CPU and on two, in the same guest run, repeated.
# Prints one "bench MODE RUN ns" line per run.
. /tests/lib.sh
ROUNDS=$(param coop.rounds || echo 20000)
REPS=$(param coop.reps || echo 7)
r=0
while [ $r -lt "$REPS" ]; do
	r=$((r + 1))
	for m in coop coop_1cpu futex_1cpu futex_2cpu; do
		out=$(handoff_bench $m "$ROUNDS") || { echo "# handoff_bench $m failed: $out"; exit 1; }
		echo "bench $m $r ${out#* }"
	done
done
exit 0
