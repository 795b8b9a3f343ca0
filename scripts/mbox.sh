#!/usr/bin/env bash
# Write one mbox per posting (see the file 'postings'), as each would be
# sent: its own cover letter from docs/postings/<name>.txt, base-commit: and
# change-id:, a line naming the postings it depends on, and the To/Cc that
# scripts/get_maintainer.pl gives for its patches.  Then prove each: 'git am'
# onto the base plus the postings it depends on, in a scratch worktree,
# 'checkpatch.pl --strict' on every patch of it, and 'b4 am' when b4 is
# installed.  Also writes the whole series as one mbox (build/coop-series.mbox).
. "$(dirname "$0")/lib.sh"

outdir=${MBOX_DIR:-$BUILD/mbox}
manifest=$TOP/postings
[ -f "$manifest" ] || die "no 'postings' file"
cover=$(ls "$TOP"/patches/*0000-cover-letter.patch 2>/dev/null | head -1)
[ -n "$cover" ] || die "no cover letter in patches/ (run make export)"
mapfile -t all < <(series_patches)
CHANGE_ID=$(sed -n 's/^change-id: *//p' "$TOP/docs/change-id" 2>/dev/null | head -1)
base=$(git -C "$SRC" rev-parse "$BASE_TAG")

stage_begin "mbox: $(grep -cv '^\s*\(#\|$\)' "$manifest") postings of ${#all[@]} patches"
rm -rf "$outdir"
mkdir -p "$outdir"

# The whole series, cover letter first.
{
	cat "$cover"
	for p in "${all[@]}"; do
		echo
		cat "$p"
	done
} >"$BUILD/coop-series.mbox"

# The postings: name, count, prefix words, dependencies.
names=() counts=() prefixes=() deps=()
while read -r line; do
	line=${line%%#*}
	[ -n "${line// /}" ] || continue
	read -r -a w <<<"$line"
	names+=("${w[0]}")
	counts+=("${w[1]}")
	deps+=("${w[-1]}")
	prefixes+=("${w[*]:2:${#w[@]}-3}")
done <"$manifest"
total=0
for c in "${counts[@]}"; do total=$((total + c)); done
[ "$total" -eq "${#all[@]}" ] ||
	die "'postings' covers $total patches, 'series' lists ${#all[@]}"

wt=$BUILD/mbox-check
cleanup() { git -C "$SRC" worktree remove -f "$wt" >/dev/null 2>&1 || rm -rf "$wt"; git -C "$SRC" worktree prune; }
cleanup
git -C "$SRC" worktree add -q --detach "$wt" "$BASE_TAG"
# The exceptions of scripts/checkpatch.exceptions that apply to these patches.
exc() {
	local p glob type
	for p in "$@"; do
		while read -r glob type; do
			case "$glob" in ''|'#'*) continue ;; esac
			# shellcheck disable=SC2254
			case "$(basename "$p")" in $glob) printf ',%s' "$type" ;; esac
		done <"$TOP/scripts/checkpatch.exceptions"
	done
}
gm() { (cd "$wt" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --rolestats --no-tree "$@" 2>/dev/null); }

mapfile -t commits < <(git -C "$SRC" rev-list --reverse "$BASE_TAG..HEAD")
[ "${#commits[@]}" -eq "${#all[@]}" ] || die "the tree has ${#commits[@]} commits, series ${#all[@]}: run make export"
start=0
declare -A mbox_of
for i in "${!names[@]}"; do
	name=${names[$i]} n=${counts[$i]} prefix=${prefixes[$i]} dep=${deps[$i]}
	num=$((i + 1))
	mine=("${all[@]:$start:$n}")
	start=$((start + n))
	text=$TOP/docs/postings/$name.txt
	[ -f "$text" ] || die "no cover letter docs/postings/$name.txt for posting $name"
	out=$outdir/$num-$name.mbox
	mbox_of[$name]=$out

	# To: maintainers; Cc: reviewers and lists (get_maintainer.pl on the
	# tree with the whole series, so the new MAINTAINERS entries count).
	git -C "$wt" checkout -q --detach "$(git -C "$SRC" rev-parse HEAD)"
	to=() cc=()
	while IFS= read -r who; do
		addr=${who%% (*}
		case "$who" in
		*"(maintainer:"*) to+=("$addr") ;;
		*) cc+=("$addr") ;;
		esac
	done < <(gm "${mine[@]}")
	git -C "$wt" checkout -q --detach "$BASE_TAG"

	depline="This posting applies to the base alone."
	if [ "$dep" != - ]; then
		depline="This posting depends on: $(echo "$dep" | sed 's/,/, /g')
(each from its own mbox of this version, applied in that order); it
applies to the base plus those."
	fi

	first=${commits[$((start - n))]}
	last=${commits[$((start - 1))]}
	tmp=$outdir/.$name
	rm -rf "$tmp"
	toargs=() ccargs=()
	for a in "${to[@]}"; do toargs+=("--to=$a"); done
	for a in "${cc[@]}"; do ccargs+=("--cc=$a"); done
	git -C "$SRC" format-patch -q --cover-letter --thread=shallow --zero-commit --no-signature \
		--base="$BASE_TAG" --subject-prefix="$prefix" "${toargs[@]}" "${ccargs[@]}" \
		-o "$tmp" "$first^..$last"
	cl=$(ls "$tmp"/*0000-cover-letter.patch)
	python3 "$TOP/scripts/fill-cover.py" "$cl" "$text" "$CHANGE_ID" "$depline"
	python3 - "$tmp" "$out" <<'PY'
import glob, os, re, sys
tmp, out = sys.argv[1:3]
files = sorted(glob.glob(os.path.join(tmp, '*.patch')))
msgs = [open(f).read() for f in files]
# One line per Subject: b4 0.12 (Debian 12) rejects a folded one, and a
# long subject prefix (net-next) folds many.
msgs = [re.sub(r'^(Subject: .*)\n((?:[ \t].*\n)+)',
               lambda m: m.group(1) + ''.join(' ' + l.strip() for l in m.group(2).splitlines()) + '\n',
               t, count=1, flags=re.M) for t in msgs]
open(out, 'w').write('\n'.join(msgs))
PY
	rm -rf "$tmp"

	# Apply: base, then the postings it depends on, then this one.
	git -C "$wt" checkout -q --detach "$BASE_TAG"
	if [ "$dep" != - ]; then
		for d in ${dep//,/ }; do
			[ -n "${mbox_of[$d]:-}" ] || die "posting $name depends on $d, which comes later or does not exist"
			git -C "$wt" -c user.name=coop -c user.email=coop@example.org am -q --empty=drop "${mbox_of[$d]}" ||
				{ git -C "$wt" am --abort >/dev/null 2>&1; die "dependency $d of $name does not apply"; }
		done
	fi
	before=$(git -C "$wt" rev-parse HEAD)
	if ! git -C "$wt" -c user.name=coop -c user.email=coop@example.org am -q --empty=drop "$out"; then
		git -C "$wt" am --abort >/dev/null 2>&1 || true
		cleanup
		die "git am rejected $out on the base${dep:+ plus $dep}"
	fi
	applied=$(git -C "$wt" rev-list --count "$before..HEAD")
	[ "$applied" -eq "$n" ] || die "$out: $applied of $n patches applied"
	cp_out=$(cd "$wt" && PATH="/usr/bin:$PATH" perl scripts/checkpatch.pl --strict --quiet \
		--ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID$(exc "${mine[@]}") "${mine[@]}" 2>&1) ||
		{ echo "$cp_out" | tail -30 >&2; cleanup; die "checkpatch --strict complains about $out"; }
	if command -v b4 >/dev/null; then
		rm -rf "$BUILD/b4-out"
		mkdir -p "$BUILD/b4-out"
		(cd "$wt" && b4 --offline-mode am -m "$out" -o "$BUILD/b4-out" >"$BUILD/b4-am.log" 2>&1) ||
			{ cat "$BUILD/b4-am.log" >&2; cleanup; die "b4 am rejected $out"; }
	fi
	info "$num-$name.mbox: [$prefix 0/$n], To: ${#to[@]}, Cc: ${#cc[@]}, depends on: $dep; git am, checkpatch --strict$(command -v b4 >/dev/null && echo ", b4 am"): ok"
done
cleanup
stage_end
