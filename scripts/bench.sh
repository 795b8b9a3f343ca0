#!/usr/bin/env bash
# make bench: every benchmark, each comparing ours against the alternative
# in the same run, repeated (min/median/max), then one report:
#   results/bench.json, results/bench.md, results/plots/*.svg (gnuplot),
# copied to docs/bench/ and into README.md between the bench markers.
# A benchmark, not a test.  BENCH_ONLY=ring,sched,e1000,ahci picks some;
# BENCH_REPORT_ONLY=1 only redraws the report from the existing results.
# The default repetitions keep the whole run near 25 minutes under TCG.
. "$(dirname "$0")/lib.sh"

ONLY=${BENCH_ONLY:-ring,sched,e1000,ahci}
t0=$(date +%s)
all=(ring sched e1000 ahci)
n=0
for b in "${all[@]}"; do
	[[ ",$ONLY," == *",$b,"* ]] && n=$((n + 1))
done

# Each entry: the target, then its environment (repetitions and sizes).
declare -A envs=(
	[ring]="REPS=${RING_REPS:-7}"
	[sched]="REPS=${SCHED_REPS:-7}"
	[e1000]="REPS=${E1000_REPS:-7} SECS=${E1000_SECS:-10}"
	[ahci]="REPS=${AHCI_REPS:-5} SECS=${AHCI_SECS:-10}"
)
declare -A what=(
	[ring]="coop_msg against ptr_ring, kfifo, llist and the floor (host)"
	[sched]="domain handoff against CFS futex ping-pong; CFS-only cost of the class (guest)"
	[e1000]="converted e1000 against the stock driver, iperf3 (guest)"
	[ahci]="converted AHCI against the stock driver, fio (guest)"
)

if [ -z "${BENCH_REPORT_ONLY:-}" ]; then
	i=0
	for b in "${all[@]}"; do
		[[ ",$ONLY," == *",$b,"* ]] || continue
		i=$((i + 1))
		el=$(($(date +%s) - t0))
		printf '==> bench [%d/%d, %dm%02ds elapsed]: %s: %s\n' "$i" "$n" \
			$((el / 60)) $((el % 60)) "$b" "${what[$b]}"
		# shellcheck disable=SC2086  # word splitting of the env list is wanted
		env ${envs[$b]} bash "$TOP/scripts/bench-$b.sh" >"$BUILD/bench-$b.log" 2>&1 ||
			{ tail -20 "$BUILD/bench-$b.log"; die "bench-$b failed (log: build/bench-$b.log)"; }
		grep '^==>' "$BUILD/bench-$b.log" | sed 's/^/    /'
	done
fi

stage_begin "bench: report (results/bench.json, results/bench.md, plots)"
python3 "$TOP/scripts/bench-report.py" "$TOP" || die "report failed"
stage_end
el=$(($(date +%s) - t0))
printf '==> bench: all done in %dm%02ds\n' $((el / 60)) $((el % 60))
