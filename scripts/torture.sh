#!/usr/bin/env bash
# make torture: cooptorture alone in the guest for $TORTURE_SECS seconds
# (default 600), with CPU hotplug and affinity changes.  Module parameters
# can be added with TORTURE_ARGS="nwriters=8 ndomains=3 ...".  The
# summary goes to the terminal and to results/torture-<date>/.
. "$(dirname "$0")/lib.sh"

secs=${TORTURE_SECS:-600}
args=${TORTURE_ARGS:-}
run=$TOP/results/torture-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$run"
export GUEST_TIMEOUT=${GUEST_TIMEOUT:-$((secs * 3 + 300))}
# The boot runs cooptorture only: no KUnit suites (their expected WARNs
# would need the marker filtering of check.sh).
stage_begin "torture: cooptorture for ${secs}s ${args:+($args)}"
rc=0
bash "$TOP/scripts/guest.sh" check "$run/guest" coop.tests=cooptorture kunit.enable=0 \
	"coop.torture_secs=$secs" ${args:+"coop.torture_args=$(echo "$args" | tr ' ' ',')"} || rc=$?
awk '/^=== BEGIN cooptorture/ { on = 1; next } /^=== END/ { on = 0 } on' \
	"$run/guest/results.log" | tr -d '\r' >"$run/cooptorture.ktap"
sed -n 's/^# //p' "$run/cooptorture.ktap" | sed 's/^/    /'
n=$(grep -cE "$BADNESS" "$run/guest/console.log" || true)
stage_end
if [ $rc -ne 0 ] || ! grep -q '^ok 2 cooptorture_verdict' "$run/cooptorture.ktap" || [ "$n" -ne 0 ]; then
	[ "$n" -ne 0 ] && grep -E "$BADNESS" "$run/guest/console.log" | head -20
	die "torture failed (guest exit $rc; logs in ${run#$TOP/})"
fi
echo "==> torture: SUCCESS (logs in ${run#$TOP/})"
