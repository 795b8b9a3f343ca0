#!/usr/bin/env bash
# make bench-e1000: iperf3 TCP throughput and guest CPU per byte through two
# e1000 NICs, the converted driver against the stock one (built from the
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
    if len(f) == 6 and f[0] == "bench":
        r = runs.setdefault(f[1], {"mbit_s": [], "cpu_ms_per_mb": [], "retransmits": []})
        r["mbit_s"].append(float(f[3]))
        r["cpu_ms_per_mb"].append(float(f[4]))
        r["retransmits"].append(int(f[5]))
if set(runs) != {"e1000", "e1000_stock"}:
    sys.exit("missing bench lines in " + log)
def mmm(v):
    return {"min": min(v), "median": statistics.median(v), "max": max(v), "runs": v}
res = {d: {k: mmm(v) for k, v in r.items()} for d, r in runs.items()}
ratios = {
    "throughput e1000/e1000_stock (target >= 1.0)":
        res["e1000"]["mbit_s"]["median"] / res["e1000_stock"]["mbit_s"]["median"],
    "CPU per byte e1000/e1000_stock (target <= 1.0)":
        res["e1000"]["cpu_ms_per_mb"]["median"] / res["e1000_stock"]["cpu_ms_per_mb"]["median"],
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
lines += ["", "| ratio (of medians) | value |", "|---|---|"]
lines += [f"| {k} | {v:.2f} |" for k, v in ratios.items()]
open(f"{out}/bench-e1000.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
