#!/usr/bin/env bash
# Regenerate patches/ and series from the commits on top of the base tag, as
# 'b4 prep' would send them: format-patch with --base and a cover letter that
# carries base-commit: and change-id:.  The cover letter's subject and body
# come from docs/cover-letter.txt (first line: subject; then the body).
. "$(dirname "$0")/lib.sh"

COVER=$TOP/docs/cover-letter.txt
CHANGE_ID=$(sed -n 's/^change-id: *//p' "$TOP/docs/change-id" 2>/dev/null | head -1)
[ -n "$CHANGE_ID" ] || die "docs/change-id has no 'change-id:' line"
VERSION=${SERIES_VERSION:-1}

cd "$SRC"
n=$(git rev-list --count "$BASE_TAG..HEAD")
[ -z "$(git status --porcelain --untracked-files=no)" ] || die "uncommitted changes in $SRC: commit them first"
stage_begin "export: $n commits on $BASE_TAG"
rm -f "$TOP"/patches/*.patch
: >"$TOP/series"
if [ "$n" -gt 0 ]; then
	vflag=()
	[ "$VERSION" -gt 1 ] && vflag=(-v "$VERSION")
	# Message-Ids in the name of the series's author, whatever the tree's
	# committer (base.sh sets a placeholder one).
	git -c user.email="${EXPORT_EMAIL:-coop-sched@example.org}" \
		format-patch -q --base="$BASE_TAG" --cover-letter --thread=shallow \
		"${vflag[@]}" --subject-prefix="${SUBJECT_PREFIX:-PATCH}" \
		--zero-commit --no-signature -o "$TOP/patches" "$BASE_TAG..HEAD"
	cl=$(ls "$TOP"/patches/*0000-cover-letter.patch)
	python3 "$TOP/scripts/fill-cover.py" "$cl" "$COVER" "$CHANGE_ID"
	# The From line of format-patch carries the commit id; keep it at zero
	# (--zero-commit) so that re-exporting an unchanged tree changes nothing
	# but the cover letter's date.
	for p in "$TOP"/patches/*.patch; do
		b=$(basename "$p")
		case "$b" in *0000-cover-letter.patch) continue ;; esac
		echo "$b" >>"$TOP/series"
	done
fi
info "$(wc -l <"$TOP/series") patches in series; cover letter: $(ls "$TOP"/patches/*0000-cover-letter.patch 2>/dev/null | xargs -r basename)"
# Record what was exported so that 'make apply' sees the tree as in sync.
echo "$(series_hash) $(git rev-parse HEAD)" >"$SRC/.git/coop-series-stamp"
stage_end
