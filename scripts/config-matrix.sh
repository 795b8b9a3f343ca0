#!/usr/bin/env bash
# make config-matrix: no configuration loses a driver to the series.
#
# For x86_64_defconfig and i386_defconfig, each as it is and with
# SCHED_CORE=y, with PREEMPT_RT=y and with SMP=n, 'make olddefconfig' on
# the base and on the series must give CONFIG_E1000 and CONFIG_SATA_AHCI
# the same value.  Only the configuration is made, nothing is built.  The
# base side is a worktree of the base tag in build/matrix-base.
. "$(dirname "$0")/lib.sh"

BASE_SRC=$BUILD/matrix-base
MX=$BUILD/matrix
stage_begin "config-matrix: E1000 and SATA_AHCI through olddefconfig, base against series"
if [ ! -d "$BASE_SRC" ]; then
	git -C "$SRC" worktree add -q --detach "$BASE_SRC" "$BASE_TAG"
fi
[ "$(git -C "$BASE_SRC" rev-parse HEAD)" = "$(git -C "$SRC" rev-parse "$BASE_TAG")" ] ||
	git -C "$BASE_SRC" checkout -q --detach "$BASE_TAG"

value() { # .config symbol
	sed -n "s/^CONFIG_$2=\(.*\)/\1/p" "$1" | grep . || echo n
}

fail=0
printf '    %-18s %-11s %-22s %-22s\n' defconfig variant "base E1000/SATA_AHCI" "series E1000/SATA_AHCI"
for def in x86_64_defconfig i386_defconfig; do
	for var in plain core rt up; do
		res=()
		for side in base series; do
			tree=$SRC
			[ $side = base ] && tree=$BASE_SRC
			o=$MX/$side-${def%%_*}
			mkdir -p "$o"
			make -s -C "$tree" O="$o" ARCH=x86 "$def" >/dev/null 2>"$o/err" ||
				die "$side $def: $(cat "$o/err")"
			case $var in
			core) "$tree/scripts/config" --file "$o/.config" -e SCHED_CORE ;;
			rt) "$tree/scripts/config" --file "$o/.config" -e EXPERT -e PREEMPT_RT ;;
			up) "$tree/scripts/config" --file "$o/.config" -d SMP ;;
			esac
			make -s -C "$tree" O="$o" ARCH=x86 olddefconfig >/dev/null 2>"$o/err" ||
				die "$side $def $var: $(cat "$o/err")"
			res+=("$(value "$o/.config" E1000)/$(value "$o/.config" SATA_AHCI)")
			# The variant must have taken, or it tested nothing.
			case $var in
			core) want=SCHED_CORE:y ;;
			rt) want=PREEMPT_RT:y ;;
			up) want=SMP:n ;;
			*) want= ;;
			esac
			if [ -n "$want" ] && [ "$(value "$o/.config" "${want%:*}")" != "${want#*:}" ]; then
				echo "    $side $def: $var did not take (${want%:*} is $(value "$o/.config" "${want%:*}"))"
				fail=$((fail + 1))
			fi
		done
		mark=
		[ "${res[0]}" = "${res[1]}" ] || { mark="  LOST"; fail=$((fail + 1)); }
		printf '    %-18s %-11s %-22s %-22s%s\n' "$def" "$var" "${res[0]}" "${res[1]}" "$mark"
	done
done
stage_end
[ $fail = 0 ] || die "config-matrix: $fail configuration(s) change E1000 or SATA_AHCI"
