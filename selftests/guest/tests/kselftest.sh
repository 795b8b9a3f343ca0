#!/bin/sh
# Run the installed kselftests.  The runner's own KTAP is kept; each test's
# nested output (prefixed "# ") is turned back into indented KTAP so that the
# host counts individual test cases.
if [ ! -x /kselftest/run_kselftest.sh ]; then
	echo "KTAP version 1"
	echo "1..0 # SKIP the series adds no kselftest target yet"
	exit 0
fi
cd /kselftest || exit 1
./run_kselftest.sh >/tmp/ksft.log 2>&1
rc=$?
sed -e 's/^# \(\(not \)\{0,1\}ok [0-9]\)/    \1/' /tmp/ksft.log
exit $rc
