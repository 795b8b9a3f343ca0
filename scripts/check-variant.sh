#!/usr/bin/env bash
# make check-debug / check-kcsan / check-rt: the whole 'make check' suite
# on a second kernel configuration, built in its own folder with its own
# ccache so that it never evicts the normal build's objects.
#
#   check-variant.sh debug   lockdep, DEBUG_ATOMIC_SLEEP, KASAN, UBSAN,
#                            DEBUG_OBJECTS, kmemleak (scanned at the end)
#   check-variant.sh kcsan   KCSAN (it excludes KASAN, hence its own mode)
#   check-variant.sh rt      PREEMPT_RT, with lockdep
#   check-variant.sh core    SCHED_CORE, on one core of two SMT threads
#   check-variant.sh up      SMP=n
#
# Any splat fails the run; decoded stack traces are saved beside the
# console logs (see check.sh).
. "$(dirname "$0")/lib.sh"

VARIANT=${1:?usage: check-variant.sh debug|kcsan|rt|core|up}
frag=$TOP/kernel-config/$VARIANT.config
[ -f "$frag" ] || die "no config fragment $frag"

export OBJ=$BUILD/obj-$VARIANT
export CCACHE_DIR=${CCACHE_DIR_VARIANT:-$HOME/.cache/ccache-$VARIANT}
export FRAGMENTS="$TOP/kernel-config/base.config $TOP/kernel-config/drivers.config $TOP/kernel-config/kunit.config $TOP/kernel-config/coop.config $frag"
export RESULTS=${RESULTS:-$TOP/results/$VARIANT}
export CHECK_VARIANT=$VARIANT
# Core scheduling needs SMT siblings to select core-wide.
[ "$VARIANT" = core ] && export GUEST_SMP=${GUEST_SMP:-2,sockets=1,cores=1,threads=2}
# Sanitised kernels run several times slower under TCG; the debug boot
# adds ahci-teardown x100 (692 s on 2026-12-07) before the mutants, and
# ran out of 3000 s two mutants from the end.
[ "$VARIANT" = debug ] && : "${GUEST_TIMEOUT:=4500}"
export GUEST_TIMEOUT=${GUEST_TIMEOUT:-3000}
CHECK_TESTS=${CHECK_TESTS:-$CHECK_TESTS_DEFAULT}
# The debug kernel adds ahci-teardown (unbind/rebind under I/O, 100
# rounds, for KASAN) and kmemleak, which scans what the suite left; the
# mutants, which break the class on purpose, stay last.
if [ "$VARIANT" = debug ]; then
	case ",$CHECK_TESTS," in
	*,mutants,*) CHECK_TESTS=$(echo ",$CHECK_TESTS," | sed 's/,mutants,/,/; s/^,//; s/,$//'),ahci-teardown,kmemleak,mutants ;;
	*) CHECK_TESTS+=,ahci-teardown,kmemleak ;;
	esac
fi
export CHECK_TESTS
# Known driver bugs that a sanitised kernel turns into a panic, which would
# end the run, can be named in GUEST_EXTRA_ARGS="coop.known_bugs=..." (the
# affected step is then done the safe way and reported as a SKIP).  None
# is named by default: e1000_ringparam_race (ethtool -G under traffic) was
# fixed by "e1000: Keep transmit stopped while going down".
export GUEST_EXTRA_ARGS="${GUEST_EXTRA_ARGS:-}"
# Sanitised kernels are slow: tests that size their load by time (the
# e1000 fault streams) read coop.slow=1.
case $VARIANT in
debug|kcsan) GUEST_EXTRA_ARGS="$GUEST_EXTRA_ARGS coop.slow=1" ;;
esac

bash "$TOP/scripts/config.sh"
bash "$TOP/scripts/build.sh"
bash "$TOP/scripts/kselftest.sh"
bash "$TOP/scripts/initramfs.sh"
bash "$TOP/scripts/check.sh"
