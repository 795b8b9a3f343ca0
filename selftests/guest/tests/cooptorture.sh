#!/bin/sh
# Run the cooptorture module (kernel/cooptorture.c) for coop.torture_secs
# seconds (default 60) with CPU hotplug and affinity changes, and pass on
# its verdict.  The module's own summary lines are copied as diagnostics.
. /tests/lib.sh
secs=$(param coop.torture_secs || echo 60)
# Extra module parameters, comma-separated on the kernel command line.
extra=$(param coop.torture_args | tr ',' ' ')
ktap_plan 2
if [ ! -f /lib/modules/cooptorture.ko ]; then
	ktap_result 1 cooptorture_load "cooptorture.ko is not in the initramfs"
	ktap_result 1 cooptorture_verdict "not run"
	exit 1
fi
dmesg -c >/dev/null
# CPU hotplug is part of the test: say so if it does not work at all.
if [ -e /sys/devices/system/cpu/cpu1/online ]; then
	if echo 0 >/sys/devices/system/cpu/cpu1/online; then
		echo 1 >/sys/devices/system/cpu/cpu1/online
	else
		echo "# CPU 1 cannot be taken offline before the test"
	fi
fi
insmod /lib/modules/torture.ko 2>/dev/null
# shellcheck disable=SC2086
# verbose=1: the torture framework then logs a failed CPU offline or online
# with its errno, which the verdict counts.
if ! insmod /lib/modules/cooptorture.ko duration="$secs" stat_interval=15 verbose=1 $extra; then
	ktap_result 1 cooptorture_load "insmod failed"
	ktap_result 1 cooptorture_verdict "not run"
	exit 1
fi
ktap_result 0 cooptorture_load
# The verdict comes after duration seconds; allow for a slow guest.
limit=$((secs * 3 + 60))
t=0
while [ $t -lt $limit ] && ! dmesg | grep -q 'cooptorture: End of test'; do
	sleep 2
	t=$((t + 2))
done
dmesg | grep -e 'cooptorture: \(start\|Summary\|hotplug\|final\|End of test\|domain\)' \
	-e 'torture_onoff.*failed' -e 'WARNING:' -e 'BUG:' | sed 's/^/# /'
if dmesg | grep -q 'cooptorture: End of test: SUCCESS'; then
	r=0
elif dmesg | grep -q 'cooptorture: End of test'; then
	r=1
else
	r=1
	echo "# no verdict after ${limit}s"
fi
rmmod cooptorture || r=1
ktap_result $r cooptorture_verdict
exit $_ktap_fail
