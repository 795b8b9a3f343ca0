#!/bin/sh
# Benchmark, not a test (make bench-e1000): iperf3 TCP throughput, guest
# CPU time per byte, and UDP request/response latency (udp_rr, one 64-byte
# request in flight) through two e1000 NICs back to back, for the converted
# driver (e1000) and the stock one from the base tree (e1000_stock), on this
# one kernel in this one boot.  The two drivers alternate, and which goes
# first alternates per repetition.  Prints per measurement:
#   bench <driver> <rep> <Mbit/s> <CPU ms per MB> <retransmits>
#   rr <driver> <rep> <p50 us> <p99 us> <p99.9 us>
. /tests/lib.sh
reps=$(param coop.reps || echo 5)
secs=$(param coop.secs || echo 10)
rr_count=$(param coop.rr_count || echo 3000)
peer() { ip netns exec $PEER_NS "$@"; }

if ! insmod /lib/modules/e1000_stock.ko; then
	echo "bench-e1000: e1000_stock.ko is missing"
	exit 1
fi
devs=
for m in $MAC_A $MAC_B; do
	i=$(iface_of $m) || { echo "bench-e1000: no NIC with MAC $m"; exit 1; }
	devs="$devs $(basename "$(readlink -f /sys/class/net/$i/device)")"
done

use_driver() { # driver
	for d in $devs; do
		[ -e /sys/bus/pci/devices/$d/driver ] &&
			echo $d >/sys/bus/pci/devices/$d/driver/unbind
	done
	ip netns del $PEER_NS 2>/dev/null
	for d in $devs; do
		echo $d >/sys/bus/pci/drivers/$1/bind || return 1
	done
	t=0
	until iface_of $MAC_A >/dev/null && iface_of $MAC_B >/dev/null; do
		sleep 0.2
		t=$((t + 1))
		[ $t -lt 50 ] || return 1
	done
	setup_net >/dev/null
}

# Busy time of all CPUs in USER_HZ ticks: user, nice, system, irq, softirq.
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

measure() { # driver rep
	# The window also holds the server's start and the client's retries:
	# idle time, which busy() does not count.
	b0=$(busy)
	iperf3_pair 5201 /tmp/bench-c.log -t "$secs" -f m
	b1=$(busy)
	# [  5]   0.00-10.00  sec  1126 MBytes   944 Mbits/sec  12   sender
	# [  5]   0.00-10.04  sec  1124 MBytes   939 Mbits/sec        receiver
	# The transfer column switches to GBytes past 1000 MB: bytes come
	# from the receiver's rate and the run's length instead.
	set -- "$1" "$2" $(awk '/sender/ { print $9 }' /tmp/bench-c.log) \
		$(awk '/receiver/ { print $7, $8 }' /tmp/bench-c.log)
	if [ $# -ne 5 ] || [ "$5" != Mbits/sec ]; then
		echo "bench-e1000: $1 run $2 failed"
		sed 's/^/# /' /tmp/bench-c.log | tail -5
		return 1
	fi
	# CPU ms per MB: busy ticks are 10 ms; MB = Mbit/s * seconds / 8.
	echo "$1 $2 $4 $b0 $b1 $secs $3" | awk '{
		printf "bench %s %d %s %.3f %s\n", $1, $2, $3,
			($5 - $4) * 10 / ($3 * $6 / 8), $7 }'
}

latency() { # driver rep
	peer udp_rr server 7001 &
	_srv=$!
	sleep 0.5
	# rr COUNT p50 p99 p999 min max lost
	set -- "$1" "$2" $(udp_rr client $IP_B 7001 "$rr_count")
	kill $_srv
	wait $_srv 2>/dev/null
	if [ $# -ne 10 ]; then
		echo "bench-e1000: $1 run $2: udp_rr failed"
		return 1
	fi
	echo "rr $1 $2 $5 $6 $7"
}

rc=0
r=1
while [ $r -le "$reps" ]; do
	if [ $((r % 2)) = 1 ]; then order="e1000 e1000_stock"; else order="e1000_stock e1000"; fi
	for drv in $order; do
		use_driver $drv || { echo "bench-e1000: cannot bind $drv"; rc=1; break 2; }
		measure $drv $r || rc=1
		latency $drv $r || rc=1
	done
	r=$((r + 1))
done
use_driver e1000 || rc=1
exit $rc
