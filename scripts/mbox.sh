#!/usr/bin/env bash
# Write the whole series (cover letter first) as one mbox, then prove that
# it applies: 'git am' in a scratch worktree of the base, and 'b4 am' when b4
# is installed.
. "$(dirname "$0")/lib.sh"

out=${MBOX:-$BUILD/coop-series.mbox}
cover=$(ls "$TOP"/patches/*0000-cover-letter.patch 2>/dev/null | head -1)
[ -n "$cover" ] || die "no cover letter in patches/ (run make export)"
stage_begin "mbox: $(basename "$out")"
{
	cat "$cover"
	for p in $(series_patches); do
		echo
		cat "$p"
	done
} >"$out"
info "$out: $(grep -c '^From 0000000000000000000000000000000000000000' "$out") messages"

wt=$BUILD/mbox-check
git -C "$SRC" worktree remove -f "$wt" >/dev/null 2>&1 || rm -rf "$wt"
git -C "$SRC" worktree prune
git -C "$SRC" worktree add -q --detach "$wt" "$BASE_TAG"
# The cover letter has no diff: --empty=drop lets git am pass over it.
if git -C "$wt" -c user.name=coop -c user.email=coop@example.org am -q --3way --empty=drop "$out"; then
	info "git am: $(git -C "$wt" rev-list --count "$BASE_TAG..HEAD") commits applied on $BASE_TAG"
else
	git -C "$wt" am --abort >/dev/null 2>&1 || true
	die "git am rejected $out"
fi
if command -v b4 >/dev/null; then
	rm -rf "$BUILD/b4-out"
	mkdir -p "$BUILD/b4-out"
	if (cd "$wt" && b4 --offline-mode am -m "$out" -o "$BUILD/b4-out" >"$BUILD/b4-am.log" 2>&1); then
		info "b4 am: $(ls "$BUILD/b4-out" | tr '\n' ' ')"
	else
		cat "$BUILD/b4-am.log" >&2
		die "b4 am rejected $out"
	fi
fi
git -C "$SRC" worktree remove -f "$wt"
stage_end
