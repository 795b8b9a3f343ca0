#!/usr/bin/env bash
# make bench-ring: the ring benchmark (a benchmark, not a test).
# Builds bench/ring with include/linux/coop_msg.h and lib/coop_msg.c of the
# applied tree and runs, on the host, each ring through the calls a driver
# makes: coop_msg SPSC (one message, bulk, and the primitives a polling
# consumer uses), MPSC (1, 2, 4 producers),
# ptr_ring (one message and batched consume), kfifo, llist and a plain SPSC
# ring (the floor), $REPS times each, with $MSGS messages a run.  Producers
# on CPU 0 and the consumer on CPU 1, and a "spread" run of 2 producers with
# one on each CPU.  Prints ns/message min/median/max and ratios; writes
# results/bench-ring.json and results/bench-ring.md.  Also counts the
# instructions of the SPSC and MPSC enqueue, primitive and try_send
# (non-inlined wrappers, callgrind; objdump in results/).
. "$(dirname "$0")/lib.sh"

REPS=${REPS:-7}
MSGS=${MSGS:-4000000}
out=$TOP/results
mkdir -p "$out" "$BUILD/bench"
K=$SRC/include
B=$TOP/bench/ring
stage_begin "bench-ring: build"
gcc -O2 -Wall -pthread -I "$B/shim" -idirafter "$K" "$B/ring_bench.c" "$SRC/lib/coop_msg.c" \
	"$SRC/lib/llist.c" -o "$BUILD/bench/ring_bench"
gcc -O2 -c -I "$B/shim" -idirafter "$K" "$B/enqueue.c" -o "$BUILD/bench/enqueue.o"
gcc -O2 -DENQUEUE_MAIN -I "$B/shim" -idirafter "$K" "$B/enqueue.c" "$SRC/lib/coop_msg.c" \
	-o "$BUILD/bench/enqueue"
stage_end

# Instructions executed per enqueue on the fast path: callgrind counts them
# over 100000 calls of each non-inlined wrapper (objdump shows the code).
insns_per_call() { # function name
	callgrind_annotate "$BUILD/bench/callgrind.out" 2>/dev/null |
		awk -v fn="$1" '$0 ~ ":" fn " " {gsub(",", "", $1); print int($1 / 100000)}'
}
objdump -d --no-show-raw-insn "$BUILD/bench/enqueue.o" >"$out/bench-ring-enqueue.objdump.txt"
if command -v valgrind >/dev/null; then
	valgrind --tool=callgrind --callgrind-out-file="$BUILD/bench/callgrind.out" \
		"$BUILD/bench/enqueue" >/dev/null 2>&1 || die "enqueue counter failed"
	insns=$(for f in spsc_enqueue spsc_send mpsc_enqueue mpsc_send; do
		echo "$f=$(insns_per_call bench_coop_$f)"; done | paste -sd, -)
else
	insns=none
fi

stage_begin "bench-ring: $REPS runs x $MSGS messages, 2 CPUs ($(nproc) online)"
configs="floor:1 coop_spsc:1 coop_spsc_bulk:1 coop_spsc_poll:1 ptr_ring:1 ptr_ring_batched:1 kfifo:1 coop_mpsc:1
	coop_mpsc:2 coop_mpsc:4 llist:1 llist:2 llist:4 ptr_ring:2 coop_mpsc:2:spread ptr_ring:2:spread"
raw=$BUILD/bench/ring-raw.txt
: >"$raw"
for r in $(seq "$REPS"); do
	for c in $configs; do
		IFS=: read -r ring prod place <<<"$c"
		"$BUILD/bench/ring_bench" "$ring" "$prod" "$MSGS" ${place:-split} >>"$raw" ||
			die "ring_bench $c failed (messages lost or out of order)"
	done
	info "run $r/$REPS done"
done
stage_end

python3 - "$raw" "$out" "$insns" <<'PY'
import json, statistics, sys, datetime, platform
raw, out, insns = sys.argv[1:4]
insns = dict((k, int(v)) for k, v in (x.split("=") for x in insns.split(","))) if insns != "none" else {}
runs = {}
for line in open(raw):
    name, prod, ns = line.split()
    runs.setdefault((name, int(prod)), []).append(float(ns))
def stat(k):
    v = sorted(runs[k])
    return {"min": v[0], "median": statistics.median(v), "max": v[-1], "runs": v}
res = {f"{n}/{p}": stat((n, p)) for (n, p) in runs}
def med(n, p): return res[f"{n}/{p}"]["median"]
ratios = {
    "spsc: ptr_ring/coop (target >= 2)": med("ptr_ring", 1) / med("coop_spsc", 1),
    "spsc batched: ptr_ring_batched/coop_bulk (target >= 2)":
        med("ptr_ring_batched", 1) / med("coop_spsc_bulk", 1),
    "spsc: kfifo/coop (target >= 1)": med("kfifo", 1) / med("coop_spsc", 1),
    "spsc: coop/floor (target <= 1.2)": med("coop_spsc", 1) / med("floor", 1),
    "spsc bulk: coop_bulk/floor (target <= 1.2)": med("coop_spsc_bulk", 1) / med("floor", 1),
    "spsc polled: coop_poll/floor (target <= 1.2)": med("coop_spsc_poll", 1) / med("floor", 1),
    "spsc polled: kfifo/coop_poll (target >= 1)": med("kfifo", 1) / med("coop_spsc_poll", 1),
    "mpsc 2 producers: ptr_ring/coop (target >= 2)": med("ptr_ring", 2) / med("coop_mpsc", 2),
    "mpsc 2 producers spread: ptr_ring/coop (target >= 2)":
        med("ptr_ring_spread", 2) / med("coop_mpsc_spread", 2),
    "mpsc 2 producers: llist/coop (target >= 1)": med("llist", 2) / med("coop_mpsc", 2),
}
doc = {"date": datetime.date.today().isoformat(), "host": platform.node(),
       "where": "host user space, producers on CPU 0 (spread: one per CPU), consumer on CPU 1",
       "ns_per_msg": res, "ratios_of_medians": ratios,
       "enqueue_instructions_per_call": dict(insns, how="callgrind Ir over 100000 fast-path calls "
                                             "of non-inlined wrappers, 8-byte message")}
json.dump(doc, open(f"{out}/bench-ring.json", "w"), indent=1)
lines = ["| ring | producers | min ns/msg | median | max |", "|---|---|---|---|---|"]
for k, v in sorted(res.items()):
    n, p = k.split("/")
    lines.append(f"| {n} | {p} | {v['min']:.2f} | {v['median']:.2f} | {v['max']:.2f} |")
lines += ["", "| ratio (of medians) | value |", "|---|---|"]
lines += [f"| {k} | {v:.2f} |" for k, v in ratios.items()]
lines += ["", "Enqueue fast path, instructions executed per call (callgrind, non-inlined "
          "wrapper, 8-byte message; target for the SPSC primitive <= 11): " +
          ", ".join(f"{k} {v}" for k, v in insns.items())]
open(f"{out}/bench-ring.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
