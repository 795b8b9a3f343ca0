#!/usr/bin/env bash
# Apply the series to the base tree: 'git am --3way' of each patch in
# 'series' order, on a branch reset to the base tag.  Idempotent: nothing
# happens while the series is unchanged.  A tree holding commits that were
# never exported is not thrown away unless FORCE=1.
. "$(dirname "$0")/lib.sh"

BRANCH=${BRANCH:-coop}
cd "$SRC"
git rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null || die "no base tag $BASE_TAG in $SRC (run make base)"

series_patches >/dev/null
mapfile -t patches < <(series_patches)
want=$(series_hash)
stamp=$SRC/.git/coop-series-stamp
head=$(git rev-parse HEAD)
if [ -f "$stamp" ]; then
	read -r have_sum have_head <"$stamp"
	if [ "$have_sum" = "$want" ]; then
		if [ "$have_head" != "$head" ]; then
			info "series unchanged; the tree has commits beyond it (not yet exported):"
			git log --oneline "$have_head..HEAD" | sed 's/^/      /'
		fi
		exit 0
	fi
	if [ "$have_head" != "$head" ] && [ "${FORCE:-0}" != 1 ] &&
		[ -n "$(git rev-list "$have_head..HEAD" 2>/dev/null)" ]; then
		git log --oneline "$have_head..HEAD" | sed 's/^/      /' >&2
		die "the series changed, but the tree has the commits above that were never exported.
Run 'make export' to keep them, or 'make apply FORCE=1' to drop them."
	fi
fi
if [ -n "$(git status --porcelain --untracked-files=no)" ] && [ "${FORCE:-0}" != 1 ]; then
	git status --short --untracked-files=no | head >&2
	die "uncommitted changes in $SRC: commit them (then make export), or make apply FORCE=1"
fi

stage_begin "apply: ${#patches[@]} patches on $BASE_TAG"
[ -d .git/rebase-apply ] && git am --abort >/dev/null 2>&1 || true
git checkout -q -f -B "$BRANCH" "$BASE_TAG"
git config user.name >/dev/null || git config user.name "coop-sched"
git config user.email >/dev/null || git config user.email "coop-sched@example.org"
i=0
for p in "${patches[@]}"; do
	i=$((i + 1))
	if ! git am -q --3way --keep-cr "$p" >/tmp/coop-am.$$ 2>&1; then
		cat /tmp/coop-am.$$ >&2
		git am --abort >/dev/null 2>&1 || true
		rm -f "$stamp"
		die "patch $i ($(basename "$p")) does not apply to $BASE_TAG plus the patches before it"
	fi
	info "[$i/${#patches[@]}] $(git log -1 --format=%s)"
done
rm -f /tmp/coop-am.$$
echo "$want $(git rev-parse HEAD)" >"$stamp"
stage_end
