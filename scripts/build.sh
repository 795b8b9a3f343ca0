#!/usr/bin/env bash
# Build the kernel out of tree with ccache.  Incremental: make decides.
. "$(dirname "$0")/lib.sh"

JOBS=${JOBS:-$(($(nproc) + 1))}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Hash paths relative to the project, so a fresh clone elsewhere still hits.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$TOP}
export CCACHE_NOHASHDIR=1
export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-time_macros,include_file_mtime,include_file_ctime}
export KBUILD_BUILD_TIMESTAMP=${KBUILD_BUILD_TIMESTAMP:-2025-01-01}
export KBUILD_BUILD_USER=coop KBUILD_BUILD_HOST=coop
CC=$(kbuild_cc)
[ -n "${CCACHE_MAXSIZE:-}" ] || ccache -M 8G >/dev/null 2>&1 || true

stage_begin "build: bzImage and modules (-j$JOBS, CC='$CC')"
ccache -z >/dev/null 2>&1 || true
log=$OBJ/build.log
set +e
make -C "$SRC" O="$OBJ" ARCH=x86_64 CC="$CC" HOSTCC="$CC" -j"$JOBS" ${KBUILD_EXTRA:-} bzImage modules >"$log" 2>&1 &
pid=$!
# Progress: one line a minute with the number of objects compiled so far.
while kill -0 $pid 2>/dev/null; do
	for _ in $(seq 60); do
		sleep 1
		kill -0 $pid 2>/dev/null || break
	done
	kill -0 $pid 2>/dev/null && info "$(grep -c '^  CC ' "$log") objects compiled, last: $(grep '^  [A-Z]' "$log" | tail -1 | sed 's/^ *//')"
done
wait $pid
rc=$?
set -e
if [ $rc -ne 0 ]; then
	grep -E 'error|Error' "$log" | head -40 >&2
	die "kernel build failed (full log: $log)"
fi
grep -E 'warning:' "$log" | sort -u | head -20 || true
info "$(grep -c '^  CC ' "$log") objects compiled; $(ccache -s 2>/dev/null | grep -iE 'hits|misses' | tr -s ' ' | paste -sd';' - || true)"
info "image: $OBJ/arch/x86/boot/bzImage ($(du -h "$OBJ/arch/x86/boot/bzImage" | cut -f1))"
stage_end
