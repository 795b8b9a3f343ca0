#!/bin/sh
# The KUnit suites built into the kernel ran at boot (kunit.filter_glob on
# the command line picks them).  Print their KTAP from debugfs.
#
# The host names the suites that must have run (coop.kunit_suites=): one
# that is missing (not built, renamed, or left out by the filter) is a
# failure, not silence.  A case that skips is not a pass either: the guest
# is built to run every case, so a skip here means the test did not test.
. /tests/lib.sh
d=/sys/kernel/debug/kunit
want=$(param coop.kunit_suites | tr ',' ' ')
echo "KTAP version 1"
if [ ! -d $d ]; then
	echo "1..1"
	echo "not ok 1 kunit # no $d: CONFIG_KUNIT_DEBUGFS missing?"
	exit 1
fi
have=$(ls $d)
missing=
for s in $want; do
	[ -d "$d/$s" ] || missing="$missing $s"
done
n=$(($(echo $have | wc -w) + $(echo $missing | wc -w)))
echo "1..$n"
i=0
rc=0
for s in $have; do
	i=$((i + 1))
	# The per-suite log holds the indented case lines and the suite's
	# own "ok 1 name" line; renumber the suite line for this document.
	# A skipped case becomes a failure that says why it skipped.
	sed -e '/^KTAP version/d' -e '/^1\.\.[0-9]*$/d' \
	    -e 's/^\( *\)ok \([0-9]*\) \([^ ]*\) # SKIP\(.*\)$/\1not ok \2 \3 # skipped in the test guest:\4/' \
	    -e "s/^\(not \)\{0,1\}ok [0-9]* /\1ok $i /" $d/$s/results
	grep -q "^not ok\|# SKIP" $d/$s/results && rc=1
done
for s in $missing; do
	i=$((i + 1))
	echo "# $s: the suite did not run (not built, or left out by kunit.filter_glob)"
	echo "not ok $i $s"
	rc=1
done
exit $rc
