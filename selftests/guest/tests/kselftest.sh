#!/bin/sh
# Run the installed kselftests, one program at a time, as a KTAP document:
# each program's own KTAP output is indented under its result line so that
# the host counts the individual test cases.
. /tests/lib.sh
list=/kselftest/kselftest-list.txt
echo "KTAP version 1"
if [ ! -f $list ]; then
	echo "1..0 # SKIP the series adds no kselftest target"
	exit 0
fi
echo "1..$(wc -l <$list)"
n=0
rc=0
while IFS=: read -r col prog; do
	n=$((n + 1))
	echo "# selftests: $col: $prog"
	(cd "/kselftest/$col" && timeout 300 "./$prog") >/tmp/ksft.out 2>&1
	r=$?
	sed -e 's/^TAP version 13$/KTAP version 1/' -e 's/^/    /' /tmp/ksft.out
	case $r in
	0) echo "ok $n selftests: $col: $prog" ;;
	4) echo "ok $n selftests: $col: $prog # SKIP" ;;
	*) echo "not ok $n selftests: $col: $prog # exit=$r"; rc=1 ;;
	esac
done <$list
exit $rc
