#!/usr/bin/env bash
# make check-bisect: every patch of the series builds.
#
#  1. One full build (vmlinux and modules) of the base, in a worktree of
#     build/src at coop-base, with the project's config (the one made for the
#     series; symbols the base does not know yet are dropped by olddefconfig
#     and come back with the patch that adds them).
#  2. Each commit of the series, one at a time: check it out, olddefconfig
#     from the same config, and rebuild only the folders the patch touches
#     (a header change rebuilds the folders of the patch's C files, or
#     kernel/ when it has none).  Documentation, selftests and MAINTAINERS
#     patches compile nothing in the kernel; the selftests patch builds its
#     selftest instead.
#  3. The tip, fully (link included).
#  4. Once for the whole series, the tip again with each new option flipped:
#     SCHED_CLASS_COOP=n (no class, no coop_msg, and so neither e1000 nor
#     AHCI, which select the class), then the tests, the drivers and
#     coop_msg's users as modules with the debug options off.
#
# BISECT_VARIANTS_ONLY=1 runs step 4 alone.  BISECT_FROM=N (a later run
# of the same day, build/obj-bisect kept) skips the base build and the
# patches before the Nth, and builds from the Nth on.
# Separate worktree and object folder (build/bisect-src, build/obj-bisect):
# build/src and build/obj are left alone.  Logs: build/bisect/*.log.
. "$(dirname "$0")/lib.sh"

BSRC=$BUILD/bisect-src
BOBJ=$BUILD/obj-bisect
LOG=$BUILD/bisect
CC_=$(kbuild_cc)
J=$(nproc)
mkdir -p "$LOG" "$BOBJ"
t0=$(date +%s)

bash "$TOP/scripts/config.sh"	# the series' config in $OBJ/.config
cp "$OBJ/.config" "$LOG/series.config"

if ! git -C "$BSRC" rev-parse --git-dir >/dev/null 2>&1; then
	rm -rf "$BSRC"
	git -C "$SRC" worktree prune
	git -C "$SRC" worktree add -q --detach "$BSRC" "$BASE_TAG"
fi
bmake() { make -s -C "$BSRC" O="$BOBJ" ARCH=x86_64 CC="$CC_" -j"$J" "$@"; }
checkout() { # commit
	git -C "$BSRC" checkout -q --detach --force "$1"
	git -C "$BSRC" clean -q -fdx
}
config_from() { # config file, then optional 'scripts/config' arguments
	local f=$1
	shift
	cp "$f" "$BOBJ/.config"
	[ $# -eq 0 ] || "$BSRC/scripts/config" --file "$BOBJ/.config" "$@"
	bmake olddefconfig >/dev/null
}
elapsed() { local e=$(($(date +%s) - t0)); printf '%dm%02ds' $((e / 60)) $((e % 60)); }

commits=$(git -C "$SRC" rev-list --reverse "$BASE_TAG..HEAD")
n=$(echo "$commits" | wc -l)
fail=0

# BISECT_VARIANTS_ONLY=1: only step 4, on the tip (after a fix to one option).
if [ -n "${BISECT_VARIANTS_ONLY:-}" ]; then
	checkout "$(git -C "$SRC" rev-parse HEAD)"
	commits=
	n=0
fi

if [ -z "${BISECT_VARIANTS_ONLY:-}" ]; then
if [ -z "${BISECT_FROM:-}" ]; then
stage_begin "check-bisect: full build of the base ($BASE_TAG)"
checkout "$BASE_TAG"
config_from "$LOG/series.config"
bmake vmlinux modules >"$LOG/00-base.log" 2>&1 || { tail -20 "$LOG/00-base.log"; die "the base does not build"; }
stage_end
fi

i=0
prev=$BASE_TAG
for c in $commits; do
	i=$((i + 1))
	if [ "$i" -lt "${BISECT_FROM:-0}" ]; then
		prev=$c
		continue
	fi
	subj=$(git -C "$SRC" log -1 --format=%s "$c")
	checkout "$c"
	config_from "$LOG/series.config"
	files=$(git -C "$SRC" diff --name-only "$prev" "$c")
	dirs=$(echo "$files" | awk '
		/^(Documentation|tools|scripts)\// || /^MAINTAINERS$/ { next }
		/^include\// || /^arch\/[^\/]+\/include\// { next }
		{ d = $0; sub(/\/[^\/]*$/, "", d); if (d != $0) print d "/" }' | sort -u)
	if [ -z "$dirs" ] && echo "$files" | grep -qE '^(arch/[^/]+/)?include/'; then
		dirs=kernel/
	fi
	log=$LOG/$(printf '%02d' "$i").log
	what=${dirs//$'\n'/ }
	if echo "$files" | grep -q '^tools/testing/selftests/'; then
		sel=$(echo "$files" | sed -n 's|^tools/testing/selftests/\([^/]*\)/.*|\1|p' | sort -u)
		what="${what:+$what }selftests: ${sel//$'\n'/ }"
	fi
	printf '==> check-bisect [%d/%d, %s]: %s\n    builds: %s\n' "$i" "$n" "$(elapsed)" "$subj" "${what:-nothing (docs)}"
	ok=1
	if [ -n "$dirs" ]; then
		# shellcheck disable=SC2086  # one argument per folder
		bmake $dirs >"$log" 2>&1 || ok=0
	fi
	if [ $ok = 1 ] && echo "$files" | grep -q '^tools/testing/selftests/'; then
		bmake headers >>"$log" 2>&1 || ok=0
		make -s -C "$BSRC/tools/testing/selftests" O="$BOBJ/kselftest" \
			KHDR_INCLUDES="-isystem $BOBJ/usr/include" TARGETS="${sel//$'\n'/ }" \
			>>"$log" 2>&1 || ok=0
	fi
	if [ $ok = 0 ]; then
		grep -E 'error|Error' "$log" | head -10 | sed 's/^/    /'
		echo "    FAILED: $subj (log: ${log#"$TOP"/})"
		fail=$((fail + 1))
	fi
	prev=$c
done

stage_begin "check-bisect: full build of the tip"
bmake vmlinux modules >"$LOG/tip.log" 2>&1 || { tail -20 "$LOG/tip.log"; fail=$((fail + 1)); }
stage_end
fi

# The tip with the new options flipped: each setting must survive
# olddefconfig (else the variant does not test what it says).
variant() { # name, then 'scripts/config' arguments
	local name=$1
	shift
	stage_begin "check-bisect: tip with $name"
	config_from "$LOG/series.config" "$@"
	local a sym want bad=0
	for a in "$@"; do
		case "$a" in
		--disable | --module | --enable) want=$a ;;
		*)
			sym=CONFIG_$a
			case "$want" in
			--disable) grep -qE "^$sym=" "$BOBJ/.config" && bad=1 ;;
			--module) grep -qx "$sym=m" "$BOBJ/.config" || bad=1 ;;
			--enable) grep -qx "$sym=y" "$BOBJ/.config" || bad=1 ;;
			esac
			[ $bad = 0 ] || { echo "    $sym: asked $want, got: $(grep -E "^(# )?$sym[= ]" "$BOBJ/.config")"; break; }
			;;
		esac
	done
	if [ $bad = 1 ]; then
		fail=$((fail + 1))
	elif ! bmake vmlinux modules >"$LOG/variant-$name.log" 2>&1; then
		grep -E 'error|Error' "$LOG/variant-$name.log" | head -10 | sed 's/^/    /'
		echo "    FAILED: variant $name (log: build/bisect/variant-$name.log)"
		fail=$((fail + 1))
	fi
	stage_end
}
variant modules --module SATA_AHCI --module E1000 --module SCHED_COOP_KUNIT_TEST \
	--module COOP_MSG_KUNIT_TEST --module COOP_TORTURE_TEST \
	--disable DEBUG_SCHED_COOP --disable COOP_MSG_DEBUG
# The converted drivers select the class: without it, they go too.
variant coop-off --disable E1000 --disable SATA_AHCI --disable SCHED_CLASS_COOP \
	--disable COOP_MSG_KUNIT_TEST --disable SCHED_COOP_KUNIT_TEST \
	--disable COOP_TORTURE_TEST
grep -q '^CONFIG_COOP_MSG=y' "$BOBJ/.config" &&
	{ echo "    coop-off: COOP_MSG is still selected"; fail=$((fail + 1)); }

echo "==> check-bisect: $n patches, $fail failure(s), $(elapsed)"
[ $fail = 0 ]
