# shellcheck shell=bash
# Helpers shared by the pipeline scripts.  Sourced, never run.

set -euo pipefail

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
SRC=${SRC:-$BUILD/src}
OBJ=${OBJ:-$BUILD/obj}
BASE_TAG=${BASE_TAG:-coop-base}

_stage_t0=
stage_begin() {
	_stage_name=$1
	_stage_t0=$(date +%s)
	printf '==> %s\n' "$1"
}

stage_end() {
	local t1 dt
	t1=$(date +%s)
	dt=$((t1 - _stage_t0))
	printf '==> %s: done in %dm%02ds\n' "$_stage_name" $((dt / 60)) $((dt % 60))
	mkdir -p "$BUILD"
	printf '%s\t%s\t%d\n' "$(date -u +%FT%TZ)" "$_stage_name" "$dt" >>"$BUILD/stage-times.tsv"
}

# The compiler for kernel builds: through ccache when there is one.
kbuild_cc() {
	if command -v ccache >/dev/null; then echo "ccache gcc"; else echo gcc; fi
}

# Build the out-of-tree module in $1 (its Makefile written) against the
# series' kernel in $OBJ; the log goes to $1/build.log.
build_ext_module() { # dir
	make -C "$OBJ" M="$1" ARCH=x86_64 CC="$(kbuild_cc)" -j"$(nproc)" modules >"$1/build.log" 2>&1 ||
		{ tail -20 "$1/build.log"; die "module build in $1 failed"; }
}

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

info() {
	printf '    %s\n' "$*"
}

# The patch files that 'series' lists, in order, as absolute paths.
series_patches() {
	local line p
	[ -f "$TOP/series" ] || return 0
	while IFS= read -r line; do
		p=${line%%#*}
		p=$(echo "$p" | awk '{print $1}')
		[ -n "$p" ] || continue
		[ -f "$TOP/patches/$p" ] || die "series lists $p, but patches/$p does not exist"
		echo "$TOP/patches/$p"
	done <"$TOP/series"
}

# A hash of the series: the series file and the patches it lists.
series_hash() {
	local p
	{
		cat "$TOP/series" 2>/dev/null || true
		for p in $(series_patches); do cat "$p"; done
	} | sha256sum | cut -d' ' -f1
}

# The guest test groups of 'make check' (and of its debug modes), in order.
# The KUnit suites the series adds, each with the option that builds it:
# the guest's kunit group fails if a suite whose option is on in the
# kernel's .config (and that KUNIT_FILTER lets through) did not run.
KUNIT_SUITES="SATA_AHCI_EM_KUNIT_TEST:ahci_em SATA_AHCI_KUNIT_TEST:ahci_coop COOP_MSG_KUNIT_TEST:coop_msg SCHED_COOP_KUNIT_TEST:sched_coop"
CHECK_TESTS_DEFAULT=kunit,kselftest,cooptorture,ahci,e1000,ahci-faults,e1000-faults,e1000-bond,pm,ahci-hotplug,mutants

# Console lines that mean the kernel splatted: a boot that prints one fails.
BADNESS='BUG:|WARNING:|Oops|Kernel panic|general protection fault|Call Trace:|possible recursive locking|possible circular locking|inconsistent lock state|KASAN:|UBSAN:|kmemleak:.*new suspected|INFO: task .* blocked|rcu: INFO|watchdog: BUG|unreferenced object'
