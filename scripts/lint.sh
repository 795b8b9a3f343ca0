#!/usr/bin/env bash
# make lint:
#  1. scripts/checkpatch.pl --strict over every patch of the series;
#  2. W=1 and sparse (C=2) over every C file the series touches, keeping only
#     warnings on lines the series added or changed (new warnings only);
#  3. scripts/kernel-doc -none over the headers and C files the series adds;
#  4. a Sphinx build of the .rst files the series adds or changes
#     (scripts/lint-docs.sh), warnings are errors.
# Exits non-zero if anything is reported.
. "$(dirname "$0")/lib.sh"

cd "$SRC"
# checkpatch runs scripts/spdxcheck.py, which needs python3-ply: use the
# system python3, not one that an environment manager put first in PATH.
export PATH="/usr/bin:$PATH"
rep=$BUILD/lint
rm -rf "$rep"
mkdir -p "$rep"
fail=0

# FILE_PATH_CHANGES ("does MAINTAINERS need updating?") is ignored: the
# MAINTAINERS entry is its own patch.  UNKNOWN_COMMIT_ID is ignored: the
# base is one imported commit with no upstream history, so no Fixes: id can
# be found in it (each was looked up in public sources instead).
#
# scripts/checkpatch.exceptions lists the remaining exceptions, one per line:
# "<patch file glob> <TYPE>"; each must be justified in that patch's commit
# message.
stage_begin "lint: checkpatch --strict"
for p in $(series_patches); do
	ignore=FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID
	while read -r glob type; do
		case "$glob" in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2254
		case "$(basename "$p")" in $glob) ignore="$ignore,$type" ;; esac
	done <"$TOP/scripts/checkpatch.exceptions"
	if ! scripts/checkpatch.pl --strict --terse --show-types -q \
		--ignore "$ignore" "$p" >"$rep/checkpatch.$(basename "$p").log" 2>&1; then
		sed "s|^|$(basename "$p"): |" "$rep/checkpatch.$(basename "$p").log"
		fail=1
	fi
done
[ $fail = 0 ] && info "checkpatch: clean ($(series_patches | wc -l) patches)"
stage_end

stage_begin "lint: W=1 and sparse on touched files"
command -v sparse >/dev/null || die "sparse is not installed"
# Lines added or changed by the series, per file: "file:line".
git diff -U0 "$BASE_TAG..HEAD" | awk '
	/^\+\+\+ b\// { f = substr($0, 7); next }
	/^@@/ { split($3, a, ","); s = substr(a[1], 2); n = (a[2] == "" ? 1 : a[2]);
		for (i = 0; i < n; i++) print f ":" (s + i) }' | sort -u >"$rep/changed-lines"
objs=$(git diff --name-only --diff-filter=AM "$BASE_TAG..HEAD" -- '*.c' |
	while read -r c; do
		o=${c%.c}.o
		# Only objects this config builds.
		if [ -f "$OBJ/$o" ]; then echo "$o"; fi
	done)
if [ -n "$objs" ]; then
	# Touch the sources so that W=1 really recompiles them.
	for o in $objs; do touch "${o%.o}.c"; done
	make -C "$SRC" O="$OBJ" ARCH=x86_64 W=1 C=2 -j"$(nproc)" $objs >"$rep/w1-sparse.log" 2>&1 || fail=1
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error)' "$rep/w1-sparse.log" |
		sed "s|^$SRC/||; s|^\.\./src/||" | sort -u >"$rep/all-warnings" || true
	: >"$rep/new-warnings"
	while IFS= read -r w; do
		fl=$(echo "$w" | cut -d: -f1,2)
		grep -qxF "$fl" "$rep/changed-lines" && echo "$w" >>"$rep/new-warnings"
	done <"$rep/all-warnings"
	if [ -s "$rep/new-warnings" ]; then
		cat "$rep/new-warnings"
		fail=1
	else
		info "W=1 and sparse: no new warnings in $(echo "$objs" | wc -w) objects ($(wc -l <"$rep/all-warnings") old ones elsewhere in those files)"
	fi
else
	info "no C files touched"
fi
stage_end

stage_begin "lint: kernel-doc on new files"
new=$(git diff --name-only --diff-filter=A "$BASE_TAG..HEAD" -- '*.c' '*.h')
if [ -n "$new" ]; then
	scripts/kernel-doc -none -Wall $new >"$rep/kernel-doc.log" 2>&1 || true
	if [ -s "$rep/kernel-doc.log" ]; then
		cat "$rep/kernel-doc.log"
		fail=1
	else
		info "kernel-doc: clean ($(echo "$new" | wc -w) files)"
	fi
fi
stage_end
stage_begin "lint: Sphinx build of the new and changed .rst files"
bash "$TOP/scripts/lint-docs.sh" "$rep" || fail=1
stage_end
[ $fail = 0 ] || die "lint found problems (reports in $rep)"
info "lint: clean"
