#!/bin/sh
# Benchmark, not a test (make bench-ahci): fio on the scratch disk through
# the converted AHCI driver (ahci) and the stock one from the base tree
# (ahci_stock), on this one kernel in this one boot, alternating, and which
# goes first alternates per repetition.  Jobs: 4k random read at QD1 and
# QD32, 64k sequential read at QD8.  Prints one line per measurement:
#   bench <driver> <job> <rep> <IOPS> <KiB/s> <p99 completion latency us>
. /tests/lib.sh
reps=$(param coop.reps || echo 5)
secs=$(param coop.secs || echo 10)

if ! insmod /lib/modules/ahci_stock.ko; then
	echo "bench-ahci: ahci_stock.ko is missing"
	exit 1
fi
dev=$(ls /sys/bus/pci/drivers/ahci | grep '^0000:' | head -1)
[ -n "$dev" ] || { echo "bench-ahci: no controller on ahci"; exit 1; }

use_driver() { # driver
	DISK=$(ahci_rebind "$dev" "$1" 1)
}

measure() { # driver job rep
	case $2 in
	rand4k_qd1) a="--rw=randread --bs=4k --iodepth=1" ;;
	rand4k_qd32) a="--rw=randread --bs=4k --iodepth=32" ;;
	seq64k_qd8) a="--rw=read --bs=64k --iodepth=8" ;;
	esac
	# The converted driver's domain counts completions in the hard IRQ.
	h0=$(dom_stat "$dev" irq_holds)
	# shellcheck disable=SC2086
	fio --name=b --filename="$DISK" --direct=1 --ioengine=libaio $a \
		--size=512m --runtime="$secs" --time_based --randseed=42 \
		--output-format=terse --terse-version=3 >/tmp/bench-fio.log 2>&1 || {
		echo "bench-ahci: $1 $2 run $3 failed"
		sed 's/^/# /' /tmp/bench-fio.log | tail -3
		return 1
	}
	# terse v3: 7 read KiB/s, 8 read IOPS, 18-37 completion-latency
	# percentiles ("99.000000%=N", in us).
	awk -F';' -v d="$1" -v j="$2" -v r="$3" '$1 == 3 {
		p99 = "";
		for (i = 18; i <= 37; i++)
			if ($i ~ /^99\.000000%=/) { split($i, kv, "="); p99 = kv[2] }
		printf "bench %s %s %d %s %s %s\n", d, j, r, $8, $7, p99 }' /tmp/bench-fio.log
	h1=$(dom_stat "$dev" irq_holds)
	[ -n "$h0" ] && [ -n "$h1" ] && echo "# $1 $2 run $3: $((h1 - h0)) completions in the hard IRQ"
	return 0
}

rc=0
r=1
while [ $r -le "$reps" ]; do
	if [ $((r % 2)) = 1 ]; then order="ahci ahci_stock"; else order="ahci_stock ahci"; fi
	for drv in $order; do
		use_driver $drv || { echo "bench-ahci: cannot bind $drv"; rc=1; break 2; }
		for job in rand4k_qd1 rand4k_qd32 seq64k_qd8; do
			measure $drv $job $r || rc=1
		done
	done
	r=$((r + 1))
done
use_driver ahci || rc=1
exit $rc
