#!/bin/sh
# End-to-end traffic through two e1000 NICs (82540EM) on one QEMU hub: the
# second NIC lives in its own network namespace, so packets leave one NIC and
# enter the other.
. /tests/lib.sh
ktap_plan 7

if setup_net >/tmp/net.log 2>&1; then
	diag "A=$(iface_of $MAC_A) $IP_A, B=$IP_B in netns $PEER_NS; driver $(basename "$(readlink -f /sys/class/net/$(iface_of $MAC_A)/device/driver)")"
	ktap_result 0 e1000_links_up
else
	diag "$(cat /tmp/net.log)"
	ktap_result 1 e1000_links_up
	for t in ping tcp_a_to_b tcp_b_to_a iperf3_stream queues_keep_napi member_enters_adapter; do ktap_result 1 $t "no link"; done
	ktap_exit
fi
peer() { ip netns exec $PEER_NS "$@"; }

# 2: ping, every echo answered.
ping_result ping 30

# 3, 4: TCP streams in both directions, every byte checked at the far end,
# and the receiving NIC's counters must have grown by at least the payload.
BYTES=$((64 * 1024 * 1024))
tcp_stream() { # name direction(ab|ba) seed
	if [ "$2" = ab ]; then
		rx0=$(nic_stat B rx_bytes)
		peer tcpcheck recv 5201 >/tmp/recv.log 2>&1 &
		rpid=$!
		sleep 0.2
		tcpcheck send $IP_B 5201 $BYTES "$3" >/tmp/send.log 2>&1
		s=$?
		wait $rpid
		r=$?
		rx1=$(nic_stat B rx_bytes)
	else
		rx0=$(nic_stat A rx_bytes)
		tcpcheck recv 5202 >/tmp/recv.log 2>&1 &
		rpid=$!
		sleep 0.2
		peer tcpcheck send $IP_A 5202 $BYTES "$3" >/tmp/send.log 2>&1
		s=$?
		wait $rpid
		r=$?
		rx1=$(nic_stat A rx_bytes)
	fi
	diag "$(grep bytes= /tmp/recv.log); NIC rx_bytes +$((rx1 - rx0))"
	if [ $s -eq 0 ] && [ $r -eq 0 ] && [ $((rx1 - rx0)) -ge $BYTES ]; then
		ktap_result 0 "$1"
	else
		ktap_result 1 "$1" "send rc=$s recv rc=$r: $(cat /tmp/send.log /tmp/recv.log | tr '\n' ' ')"
	fi
}
tcp_stream tcp_a_to_b ab 11
tcp_stream tcp_b_to_a ba 29

# 5: iperf3 for 3 s: the receiver must have seen what the sender sent.
iperf3_pair 5203 /tmp/iperf-c.log -t 3 -f m
c=$?
snd=$(awk '/sender$/ {print $5, $6}' /tmp/iperf-c.log)
rcv=$(awk '/receiver$/ {print $5, $6, $7, $8}' /tmp/iperf-c.log)
diag "iperf3 sender $snd, receiver $rcv"
if [ $c -eq 0 ] && [ -n "$rcv" ]; then
	ktap_result 0 iperf3_stream
else
	ktap_result 1 iperf3_stream "$(tail -5 /tmp/iperf-c.log)"
fi

# 6: the queues stay linked to a NAPI instance across resets.  Each MTU
# change takes the adapter down and up again, as a reset after a transmit
# timeout or a ring resize does; the netdev netlink family (nlqueue) must
# report the receive queue with a NAPI before and after (its id changes:
# NAPI ids are given out again each time NAPI is enabled).  Stock 7.3
# unlinks the queues in e1000_down() and never links them again.
A=$(iface_of $MAC_A)
q0=$(nlqueue "$A" 2>&1 | sort | tr '\n' ' ')
ip link set "$A" mtu 1400
ip link set "$A" mtu 1500
q1=$(nlqueue "$A" 2>&1 | sort | tr '\n' ' ')
diag "queues of $A before: $q0; after two MTU changes: $q1"
case "$q0|$q1" in
"rx 0 napi "[0-9]*"|rx 0 napi "[0-9]*) true ;;
*) false ;;
esac
ktap_result $? queues_keep_napi

# 7: a user thread of its process's cooperative domain (SCHED_COOP) calls
# an ethtool operation that enters the adapter's domain (ETHTOOL_GREGS).
# Entering is a blocking point of its own domain: it leaves that domain,
# enters the adapter's (the adapter domain's "enters" count grows by one
# per call), and is a SCHED_COOP member again when the call returns, with
# no warning.  Before, coop_domain_enter() refused a thread of another
# domain with a WARN and -EBUSY, which the guard ignored: the callback ran
# outside the adapter's domain, and its exit warned again.
dom=$(basename "$(readlink -f /sys/class/net/$A/device)")
e0=$(dom_enters "$dom")
w0=$(dmesg | grep -c 'WARNING:')
out=$(coop_regs "$A" 20 2>&1)
rc=$?
e1=$(dom_enters "$dom")
w1=$(dmesg | grep -c 'WARNING:')
diag "coop_regs: rc $rc, $out; domain $dom enters $e0 -> $e1; kernel warnings $w0 -> $w1"
[ $rc -eq 0 ] && [ -n "$e0" ] && [ $((e1 - e0)) -ge 20 ] && [ "$w1" -eq "$w0" ]
r=$?
[ $r -eq 0 ] || diag "$(dmesg | grep -A12 'WARNING:' | tail -26)"
ktap_result $r member_enters_adapter
ktap_exit
