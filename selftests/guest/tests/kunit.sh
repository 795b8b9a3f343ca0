#!/bin/sh
# The KUnit suites built into the kernel ran at boot (kunit.filter_glob on
# the command line keeps only the project's).  Print their KTAP from debugfs.
. /tests/lib.sh
d=/sys/kernel/debug/kunit
echo "KTAP version 1"
if [ ! -d $d ]; then
	echo "1..1"
	echo "not ok 1 kunit # no $d: CONFIG_KUNIT_DEBUGFS missing?"
	exit 1
fi
n=$(ls $d | wc -l)
echo "1..$n"
i=0
rc=0
for s in $(ls $d); do
	i=$((i + 1))
	# The per-suite log holds the indented case lines and the suite's
	# own "ok 1 name" line; renumber the suite line for this document.
	sed -e '/^KTAP version/d' -e '/^1\.\.[0-9]*$/d' -e "s/^\(not \)\{0,1\}ok [0-9]* /\1ok $i /" $d/$s/results
	grep -q "^not ok" $d/$s/results && rc=1
done
exit $rc
