#!/usr/bin/env bash
# make: boot the guest once and print a short summary of what came up.
. "$(dirname "$0")/lib.sh"

out=$BUILD/boot
rm -rf "$out"
stage_begin "boot: q35 guest, AHCI disk and two e1000"
n=$(git -C "$SRC" rev-list --count "$BASE_TAG..HEAD")
info "base: $(git -C "$SRC" log -1 --format=%s "$BASE_TAG")"
info "series: $n patches applied"
git -C "$SRC" log --reverse --format='%s' "$BASE_TAG..HEAD" | sed 's/^/      /'
rc=0
GUEST_TIMEOUT=${GUEST_TIMEOUT:-300} bash "$TOP/scripts/guest.sh" boot "$out" || rc=$?
if ! grep -q '^---- end of summary' "$out/console.log"; then
	tail -40 "$out/console.log" >&2
	die "the guest did not reach its boot summary (console: $out/console.log)"
fi
# Splats that a KUnit case provokes on purpose are framed by
# "coop-expect-splat: begin/end" lines, and the case checks them itself
# (as in make check); anything else is a problem.
awk '{ sub(/\r$/, "") } /coop-expect-splat: begin/ { skip = 1; next }
	/coop-expect-splat: end/ { skip = 0; next } !skip' "$out/console.log" >"$out/console.filtered"
bad=$(grep -cE "$BADNESS" "$out/console.filtered" || true)
summary_ok=1
grep -q '^ahci: .*driver ahci' "$out/console.log" || summary_ok=0
grep -q '^e1000: .*carrier 1.*3 packets received' "$out/console.log" || summary_ok=0
[ "$bad" -eq 0 ] || { grep -E "$BADNESS" "$out/console.filtered" | head; summary_ok=0; }
stage_end
[ $rc -eq 0 ] && [ $summary_ok = 1 ] || die "boot summary shows a problem (console: $out/console.log)"
info "AHCI disk and both e1000 links came up; guest powered off."
