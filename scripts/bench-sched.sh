#!/usr/bin/env bash
# make bench-sched: the SCHED_COOP handoff round trip against the CFS futex
# ping-pong, and the cost of the class to a SCHED_OTHER-only load with and
# without a SCHED_COOP task present, measured in one guest run (a benchmark,
# not a test).  Writes
# results/bench-sched.json and results/bench-sched.md.
. "$(dirname "$0")/lib.sh"

REPS=${REPS:-7}
ROUNDS=${ROUNDS:-20000}
out=$TOP/results
run=$BUILD/bench-sched
mkdir -p "$out"
stage_begin "bench-sched: $REPS runs x $ROUNDS round trips in the guest"
bash "$TOP/scripts/guest.sh" check "$run" coop.tests=bench-sched \
	"coop.reps=$REPS" "coop.rounds=$ROUNDS" || die "guest failed (console: $run/console.log)"
stage_end
accel=$(cat "$run/accel")
python3 - "$run/results.log" "$out" "$accel" <<'PY'
import datetime, json, statistics, sys
log, out, accel = sys.argv[1:4]
runs = {}
for line in open(log, errors="replace"):
    f = line.split()
    if len(f) == 4 and f[0] == "bench":
        runs.setdefault(f[1], []).append(float(f[3]))
if not runs:
    sys.exit("no bench lines in " + log)
res = {m: {"min": min(v), "median": statistics.median(v), "max": max(v), "runs": v}
       for m, v in runs.items()}
# Issue 18's goal is the same-CPU hand-off at a quarter of a futex wake
# and wait on one CPU; the other pairs are shown without a target.
goal = {("coop_1cpu", "futex_1cpu"): " (target <= 0.25)"}
ratios = {f"{c}/{m}{goal.get((c, m), '')}": res[c]["median"] / res[m]["median"]
          for c in ("coop", "coop_1cpu") if c in res
          for m in ("futex_1cpu", "futex_2cpu") if m in res}
# The class against CFS's own switch on sched_yield(): the same two system
# calls and two context switches per round trip.  What a direct switch
# could still save is below coop_1cpu - syscall (the calls themselves).
if "coop_1cpu" in res and "yield_1cpu" in res:
    ratios["coop_1cpu/yield_1cpu (the domain hand-off against CFS's yield)"] = \
        res["coop_1cpu"]["median"] / res["yield_1cpu"]["median"]
if "coop_1cpu" in res and "syscall" in res:
    ratios["syscall/coop_1cpu (share of the round trip that is the two calls)"] = \
        res["syscall"]["median"] / res["coop_1cpu"]["median"]
for m in ("cfs_idle", "cfs_ticking"):
    if m in res and "cfs_none" in res:
        ratios[f"{m}/cfs_none (SCHED_OTHER load, cost of a COOP task)"] = \
            res[m]["median"] / res["cfs_none"]["median"]
json.dump({"date": datetime.date.today().isoformat(), "accel": accel,
           "unit": "ns per round trip (coop*: two handoffs; futex*: two futex wakeups; "
                   "cfs_*: pipe round trip of one of 4 SCHED_OTHER pairs)", "results": res,
           "ratios_of_medians": ratios}, open(f"{out}/bench-sched.json", "w"), indent=1)
lines = [f"Guest ({accel.upper()}), ns per round trip:", "",
         "| mode | min | median | max |", "|---|---|---|---|"]
lines += [f"| {m} | {v['min']:.0f} | {v['median']:.0f} | {v['max']:.0f} |" for m, v in sorted(res.items())]
lines += ["", "| ratio (of medians) | value |", "|---|---|"]
lines += [f"| {k} | {v:.2f} |" for k, v in ratios.items()]
open(f"{out}/bench-sched.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
