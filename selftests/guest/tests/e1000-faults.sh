#!/bin/sh
# Fault paths of the e1000 driver, each under traffic: a flood ping, link
# flaps from the QEMU monitor, MTU changes, ethtool -G/-A/-r/-s, a hung
# transmit unit (TCTL.EN cleared behind the driver), and unbind and rebind
# through sysfs.  After each, traffic must resume; a TCP stream running
# across the fault either completes with every byte intact or fails with a
# clean error, never with corrupted data.
. /tests/lib.sh
ktap_plan 7
if ! setup_net >/tmp/net.log 2>&1; then
	diag "$(cat /tmp/net.log)"
	for t in flood_ping link_flap mtu_change ethtool_changes tx_timeout_reset unbind_rebind traffic_after_all; do
		ktap_result 1 $t "no link"
	done
	ktap_exit
fi
A=$(iface_of $MAC_A)
peer() { ip netns exec $PEER_NS "$@"; }


# A checked TCP stream from A to B in the background; stream_end judges it:
# both ends exit 0 and the receiver got every byte, intact.  TCP carries a
# stream across link flaps, resets and MTU changes, so anything less (a
# dead stream, a short one, no result at all) is a failure.  The stream is
# long enough (1 GiB, some 10 s here) to span the faults that a test makes
# under it, and stream_spans checks that it did: a stream that ended
# before the fault tested nothing.
PORT=5300
STREAM_BYTES=$((1024 * 1024 * 1024))
# A sanitised kernel (make check-debug, check-kcsan: coop.slow=1) moves
# data several times slower under TCG: 1 GiB took 270-290 s under KASAN,
# close to stream_end's bound.  A quarter still spans the faults, which
# stream_spans checks.
grep -qw 'coop.slow=1' /proc/cmdline && STREAM_BYTES=$((256 * 1024 * 1024))
stream_start() {
	PORT=$((PORT + 1))
	peer tcpcheck recv $PORT >/tmp/recv.log 2>&1 &
	rpid=$!
	sleep 0.3
	tcpcheck send $IP_B $PORT $STREAM_BYTES $PORT >/tmp/send.log 2>&1 &
	spid=$!
}
stream_spans() { # name: call right after the last fault
	kill -0 $spid 2>/dev/null && return 0
	diag "$1: the stream had ended before the fault was over"
	return 1
}
stream_end() { # name
	# A sender stuck on a dead path is a failure, not a hang of the run.
	wait_bounded $spid 300
	s=$?
	# A sender that failed leaves the receiver waiting: bound it.
	wait_bounded $rpid 60
	r=$?
	res=$(grep -h 'bytes=' /tmp/recv.log)
	diag "$1: send rc=$s recv rc=$r ${res:-no result from the receiver}"
	got=$(echo "$res" | sed -n 's/.*bytes=\([0-9]*\) expected=\([0-9]*\) mismatches=0 .*/\1 \2/p')
	[ "$s" -eq 0 ] && [ "$r" -eq 0 ] && [ -n "$got" ] &&
		[ "${got% *}" = "${got#* }" ] && [ "${got% *}" -gt 0 ]
}

# 1: flood ping, 2000 echoes, none lost.
out=$(iputils-ping -f -c 2000 -W 2 $IP_B 2>&1 | tail -2)
diag "$out"
echo "$out" | grep -q "2000 packets transmitted, 2000 received" && r=0 || r=1
ktap_result $r flood_ping

# 2: link flaps from the monitor, under a TCP stream.  The driver must see
# them (a "Link is Down" message per flap).
down0=$(dmesg | grep -c 'Link is Down')
stream_start
sleep 1
host set_link n0 off
sleep 2
host set_link n0 on
sleep 1
host set_link n1 off
sleep 1
host set_link n1 on
r=0
stream_spans link_flap || r=1
stream_end link_flap && ping_ok 20 || r=1
downs=$(($(dmesg | grep -c 'Link is Down') - down0))
diag "link_flap: the drivers reported $downs link-down event(s)"
[ $downs -ge 2 ] || r=1
ktap_result $r link_flap

# 3: MTU changes under a stream (each one resets the adapter).
stream_start
sleep 1
ip link set "$A" mtu 4000 && sleep 1 && ip link set "$A" mtu 1500
r=$?
stream_spans mtu_change || r=1
stream_end mtu_change && ping_ok 20 || r=1
ktap_result $r mtu_change

# 4: ethtool under a stream: rings, pause, autonegotiation, forced speed.
# coop.known_bugs=e1000_ringparam_race (for a run on the stock driver)
# resizes the rings before the stream instead: stock e1000 can transmit on
# the new, not yet allocated ring while e1000_set_ringparam() runs (KASAN:
# null-ptr-deref in e1000_tso), and the panic would end the whole run.
rings_skip=
case ",$(param coop.known_bugs)," in
*,e1000_ringparam_race,*) rings_skip=1 ;;
esac
r=0
if [ -n "$rings_skip" ]; then
	ethtool -G "$A" rx 512 tx 512 || r=1
	ping_ok 30 || r=1
fi
stream_start
sleep 1
if [ -z "$rings_skip" ]; then
	ethtool -G "$A" rx 512 tx 512 || r=1
fi
sleep 1
ethtool -A "$A" rx off tx off || r=1
ethtool -r "$A" || r=1
sleep 1
ethtool -s "$A" speed 100 duplex full autoneg off || r=1
sleep 2
ethtool -s "$A" autoneg on || r=1
ethtool -G "$A" rx 256 tx 256 || r=1
stream_spans ethtool_changes || r=1
stream_end ethtool_changes && ping_ok 30 || r=1
diag "$(ethtool "$A" 2>/dev/null | grep -E 'Speed|Duplex|Link detected' | tr -s ' \t' ' ' | tr '\n' ';')"
if [ -n "$rings_skip" ] && [ $r -eq 0 ]; then
	echo "ok $((_ktap_n + 1)) ethtool_changes # SKIP ring resize done before, not under traffic: known stock e1000 race (coop.known_bugs)"
	_ktap_n=$((_ktap_n + 1))
else
	ktap_result $r ethtool_changes
fi

# 5: a transmit hang under a stream.  The test clears the transmit enable
# bit (TCTL.EN) in the adapter's registers behind the driver's back, which
# is how a hung transmit unit looks to it: frames queue up unsent, the
# hang detector and the stack's transmit watchdog fire, and the reset that
# ndo_tx_timeout asks for (the control thread; stock's reset work) enables
# transmit again.  Traffic must resume and the stream must end intact.
# The steps are the same on the stock driver.  The reset runs under the
# RTNL, so that a close cannot free the rings under it while it sleeps:
# e1000_down() asserts that, and so this test checks it too.
res=/sys/class/net/$A/device/resource0
TCTL=0x400
TCTL_EN=2
if tctl=$(pcireg "$res" $TCTL); then
	q=/sys/class/net/$A/queues/tx-0/tx_timeout
	to0=$(cat $q 2>/dev/null || echo 0)
	resets0=$(dmesg | grep -c 'Reset adapter')
	# The stream starts on the hung ring and must finish intact after
	# the reset; pings keep frames queued so the hang is seen at once.
	pcireg "$res" $TCTL $((tctl & ~TCTL_EN))
	stream_start
	iputils-ping -i 0.2 -w 60 $IP_B >/dev/null 2>&1 &
	gpid=$!
	w=0
	while [ $(($(pcireg "$res" $TCTL) & TCTL_EN)) = 0 ] && [ $w -lt 60 ]; do
		sleep 1
		w=$((w + 1))
	done
	r=0
	[ $(($(pcireg "$res" $TCTL) & TCTL_EN)) != 0 ] ||
		{ r=1; diag "tx_timeout_reset: transmit still disabled after ${w}s"; }
	stream_end tx_timeout_reset && ping_ok 30 || r=1
	kill $gpid 2>/dev/null
	wait $gpid 2>/dev/null
	to=$(($(cat $q 2>/dev/null || echo 0) - to0))
	resets=$(($(dmesg | grep -c 'Reset adapter') - resets0))
	diag "tx_timeout_reset: transmit enabled again after ${w}s; tx_timeout count +$to, resets +$resets"
	[ $resets -ge 1 ] && [ $to -ge 1 ] || r=1
	ktap_result $r tx_timeout_reset
else
	ktap_result 1 tx_timeout_reset "cannot read TCTL through $res"
fi

# 6: unbind and rebind A, three times, with B flood-pinging it.
dev=$(basename "$(readlink -f /sys/class/net/"$A"/device)")
peer iputils-ping -f -w 40 $IP_A >/dev/null 2>&1 &
ppid=$!
r=0
i=0
while [ $i -lt 3 ]; do
	i=$((i + 1))
	echo "$dev" >/sys/bus/pci/drivers/e1000/unbind || r=1
	sleep 1
	echo "$dev" >/sys/bus/pci/drivers/e1000/bind || r=1
	t=0
	until A=$(iface_of $MAC_A); do
		sleep 0.2
		t=$((t + 1))
		[ $t -lt 50 ] || break
	done
	[ -n "$A" ] || { r=1; break; }
	ip addr add $IP_A/24 dev "$A" 2>/dev/null
	ip link set "$A" up
	ping_ok 30 || { r=1; diag "round $i: no traffic after rebind"; }
done
kill $ppid 2>/dev/null
wait $ppid 2>/dev/null
ktap_result $r unbind_rebind

# 7: after everything, a full checked stream and a flood ping.
stream_start
stream_end traffic_after_all && grep -q 'mismatches=0' /tmp/recv.log &&
	iputils-ping -f -c 500 -W 2 $IP_B 2>&1 | grep -q '500 packets transmitted, 500 received' && r=0 || r=1
ktap_result $r traffic_after_all
ktap_exit
