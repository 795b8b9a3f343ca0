#!/usr/bin/env bash
# make bench-e1000: iperf3 TCP throughput, guest CPU per byte and UDP
# request/response latency (p50/p99/p99.9) through two e1000 NICs, the converted driver against the stock one (built from the
# base tree as e1000_stock.ko by scripts/e1000-stock.sh), alternating in one
# guest run on one kernel (a benchmark, not a test).  REPS (5) repetitions
# of SECS (10) seconds each.  Writes results/bench-e1000.json and .md.
. "$(dirname "$0")/lib.sh"

REPS=${REPS:-5}
SECS=${SECS:-10}
out=$TOP/results
run=$BUILD/bench-e1000
mkdir -p "$out"
stage_begin "bench-e1000: stock e1000 module from the base tree"
mod=$(bash "$TOP/scripts/e1000-stock.sh") || die "no stock module"
stage_end
stage_begin "bench-e1000: $REPS x ${SECS}s iperf3 per driver in the guest"
export GUEST_TIMEOUT=${GUEST_TIMEOUT:-$((REPS * SECS * 2 * 3 + 300))}
EXTRA_MODULES=$mod bash "$TOP/scripts/guest.sh" check "$run" coop.tests=bench-e1000 \
	kunit.enable=0 "coop.reps=$REPS" "coop.secs=$SECS" ||
	die "guest failed (console: $run/console.log)"
stage_end
accel=$(cat "$run/accel")
python3 - "$run/results.log" "$out" "$accel" "$SECS" <<'PY'
import datetime, json, statistics, sys
log, out, accel, secs = sys.argv[1:5]
runs = {}
for line in open(log, errors="replace"):
    f = line.split()
    if len(f) == 6 and f[0] in ("bench", "rr"):
        r = runs.setdefault(f[1], {"mbit_s": [], "cpu_ms_per_mb": [], "retransmits": [],
                                   "rr_p50_us": [], "rr_p99_us": [], "rr_p999_us": []})
    if len(f) == 6 and f[0] == "bench":
        r["mbit_s"].append(float(f[3]))
        r["cpu_ms_per_mb"].append(float(f[4]))
        r["retransmits"].append(int(f[5]))
    if len(f) == 6 and f[0] == "rr":
        r["rr_p50_us"].append(float(f[3]))
        r["rr_p99_us"].append(float(f[4]))
        r["rr_p999_us"].append(float(f[5]))
if set(runs) != {"e1000", "e1000_stock"}:
    sys.exit("missing bench lines in " + log)
def mmm(v):
    if not v:
        sys.exit("missing measurements in " + log)
    return {"min": min(v), "median": statistics.median(v), "max": max(v), "runs": v}
res = {d: {k: mmm(v) for k, v in r.items()} for d, r in runs.items()}
ratios = {
    "throughput e1000/e1000_stock (target >= 1.0)":
        res["e1000"]["mbit_s"]["median"] / res["e1000_stock"]["mbit_s"]["median"],
    "CPU per byte e1000/e1000_stock (target <= 1.0)":
        res["e1000"]["cpu_ms_per_mb"]["median"] / res["e1000_stock"]["cpu_ms_per_mb"]["median"],
    "rr p50 latency e1000/e1000_stock (target <= 1.05)":
        res["e1000"]["rr_p50_us"]["median"] / res["e1000_stock"]["rr_p50_us"]["median"],
    "rr p99 latency e1000/e1000_stock (target <= 1.05)":
        res["e1000"]["rr_p99_us"]["median"] / res["e1000_stock"]["rr_p99_us"]["median"],
    "rr p99.9 latency e1000/e1000_stock":
        res["e1000"]["rr_p999_us"]["median"] / res["e1000_stock"]["rr_p999_us"]["median"],
}
json.dump({"date": datetime.date.today().isoformat(), "accel": accel, "seconds_per_run": int(secs),
           "results": res, "ratios_of_medians": ratios},
          open(f"{out}/bench-e1000.json", "w"), indent=1)
lines = [f"Guest ({accel.upper()}), iperf3 TCP A->B, {secs} s per run, "
         f"{len(runs['e1000']['mbit_s'])} runs per driver, alternating:", "",
         "| driver | Mbit/s min | median | max | CPU ms/MB min | median | max |",
         "|---|---|---|---|---|---|---|"]
for d in ("e1000", "e1000_stock"):
    t, c = res[d]["mbit_s"], res[d]["cpu_ms_per_mb"]
    lines.append(f"| {d} | {t['min']:.0f} | {t['median']:.0f} | {t['max']:.0f} | "
                 f"{c['min']:.2f} | {c['median']:.2f} | {c['max']:.2f} |")
lines += ["", f"UDP request/response, one 64-byte request in flight, microseconds "
          f"(each run's percentile; min/median/max over runs):", "",
          "| driver | p50 min | median | max | p99 min | median | max | p99.9 median |",
          "|---|---|---|---|---|---|---|---|"]
for d in ("e1000", "e1000_stock"):
    a, b, c = res[d]["rr_p50_us"], res[d]["rr_p99_us"], res[d]["rr_p999_us"]
    lines.append(f"| {d} | {a['min']:.0f} | {a['median']:.0f} | {a['max']:.0f} | "
                 f"{b['min']:.0f} | {b['median']:.0f} | {b['max']:.0f} | {c['median']:.0f} |")
lines += ["", "| ratio (of medians) | value |", "|---|---|"]
lines += [f"| {k} | {v:.2f} |" for k, v in ratios.items()]
open(f"{out}/bench-e1000.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
