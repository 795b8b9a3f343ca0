#!/bin/sh
# Last group of make check-debug: ask kmemleak for a scan (twice, so that
# objects only just freed are not reported) and fail on any suspect.
. /tests/lib.sh
f=/sys/kernel/debug/kmemleak
ktap_plan 1
if [ ! -e $f ]; then
	ktap_result 4 kmemleak_clean "no $f: kernel without CONFIG_DEBUG_KMEMLEAK"
	exit 0
fi
# Let pending frees (RCU, deferred work) settle before the scans.
sync
sleep 5
echo scan >$f
sleep 5
echo scan >$f
n=$(grep -c '^unreferenced object' $f)
if [ "$n" -eq 0 ]; then
	ktap_result 0 kmemleak_clean
else
	sed 's/^/# /' $f | head -200
	ktap_result 1 kmemleak_clean "$n unreferenced object(s)"
fi
exit $_ktap_fail
