#!/bin/sh
# Bonding over the two e1000 NICs (active-backup, miimon 100).  The
# conversion makes the e1000 ethtool, ndo and PM callbacks enter the
# adapter's domain, which may sleep: bonding and the readers of link state
# must not call them in atomic context (the debug kernel's
# DEBUG_ATOMIC_SLEEP and PROVE_RCU, and the console check, would say so).
# A and B are enslaved to bond1 in the main namespace; a third e1000, C,
# in the peer namespace is the far end.  Under a checked TCP stream, the
# active slave's link goes down from the QEMU monitor, then comes back
# while the other's goes down: the bond must fail over in both directions
# and traffic resume each time, while a loop reads ethtool, ip -s link,
# /proc/net/dev and the slaves' sysfs speed and duplex.  Afterwards the
# namespaces are put back as setup_net left them.
. /tests/lib.sh
ktap_plan 4
MAC_C=52:54:00:c0:0b:03
# Built-in bonding creates bond0 (max_bonds=1) and leaves it idle: use another.
BOND=bond1
peer() { ip netns exec $PEER_NS "$@"; }
# QEMU's names for the NICs' backends (scripts/guest.sh).
qemu_nic() { case "$1" in "$A") echo n0 ;; "$B") echo n1 ;; esac; }

setup_net >/tmp/net.log 2>&1
A=$(iface_of $MAC_A)
B=$(peer sh -c ". /tests/lib.sh; iface_of $MAC_B")
C=$(iface_of $MAC_C)
if [ -z "$A" ] || [ -z "$B" ] || [ -z "$C" ] || [ ! -e /sys/class/net/bonding_masters ]; then
	for t in bond_forms failover_away failover_back readers_alongside; do
		ktap_result 1 $t "A '$A' B '$B' C '$C'; bonding_masters $(ls /sys/class/net/bonding_masters 2>&1)"
	done
	ktap_exit
fi

# B back to this namespace, C out to the peer's in its place.
{
	peer ip link set "$B" down
	peer ip addr flush dev "$B"
	peer ip link set "$B" netns 1
	ip link set "$A" down
	ip addr flush dev "$A"
	ip link set "$C" netns $PEER_NS
	peer ip addr add $IP_B/24 dev "$C"
	peer ip link set "$C" up
	ip link add $BOND type bond mode active-backup miimon 100
	ip link set "$A" master $BOND
	ip link set "$B" master $BOND
	ip addr add $IP_A/24 dev $BOND
	ip link set $BOND up
} >/tmp/bond-setup.log 2>&1
[ -s /tmp/bond-setup.log ] && diag "setup: $(cat /tmp/bond-setup.log)"

active() { cat /sys/class/net/$BOND/bonding/active_slave 2>/dev/null; }
# Wait up to $2 s for the active slave to be $1.
active_is() {
	t=0
	while [ "$(active)" != "$1" ] && [ $t -lt $(($2 * 10)) ]; do
		sleep 0.1
		t=$((t + 1))
	done
	[ "$(active)" = "$1" ]
}

r=0
# The bond picks an active slave once a slave's link is up (miimon).
t=0
while [ -z "$(active)" ] && [ $t -lt 100 ]; do
	sleep 0.1
	t=$((t + 1))
done
first=$(active)
ping_ok 30 || { r=1; diag "bond_forms: no traffic through $BOND"; }
diag "$BOND over $A and $B, active '$first'; far end $C in $PEER_NS"
[ -n "$first" ] || r=1
ktap_result $r bond_forms
if [ -z "$first" ]; then
	ktap_result 1 failover_away "no active slave"
	ktap_result 1 failover_back "no active slave"
	ktap_result 1 readers_alongside "no active slave"
	ktap_exit
fi
[ "$first" = "$A" ] && other=$B || other=$A

# The readers, all through the converted callbacks or beside them.
: >/tmp/readers.err
touch /tmp/readers.run
(
	n=0
	while [ -f /tmp/readers.run ]; do
		for i in "$A" "$B"; do
			ethtool "$i" >/dev/null 2>>/tmp/readers.err || echo "ethtool $i failed" >>/tmp/readers.err
			cat /sys/class/net/"$i"/speed /sys/class/net/"$i"/duplex >/dev/null 2>&1
		done
		ethtool $BOND >/dev/null 2>&1
		ip -s link >/dev/null
		cat /proc/net/dev >/dev/null
		n=$((n + 1))
		echo $n >/tmp/readers.n
	done
) &
rdpid=$!

PORT=5400
BYTES=$((256 * 1024 * 1024))
grep -qw 'coop.slow=1' /proc/cmdline && BYTES=$((64 * 1024 * 1024))
peer tcpcheck recv $PORT >/tmp/bond-recv.log 2>&1 &
rpid=$!
sleep 0.3
tcpcheck send $IP_B $PORT $BYTES $PORT >/tmp/bond-send.log 2>&1 &
spid=$!
sleep 1

# Away from the first active slave...
host set_link "$(qemu_nic "$first")" off
r=0
active_is "$other" 10 || { r=1; diag "failover_away: active slave still '$(active)'"; }
ping_ok 20 || { r=1; diag "failover_away: no traffic through $other"; }
diag "failover_away: active $(active)"
ktap_result $r failover_away

# ...and back to it.
host set_link "$(qemu_nic "$first")" on
sleep 1
host set_link "$(qemu_nic "$other")" off
r=0
active_is "$first" 10 || { r=1; diag "failover_back: active slave still '$(active)'"; }
ping_ok 20 || { r=1; diag "failover_back: no traffic through $first"; }
diag "failover_back: active $(active)"
host set_link "$(qemu_nic "$other")" on

wait_bounded $spid 300
s=$?
wait_bounded $rpid 60
rr=$?
res=$(grep -h 'bytes=' /tmp/bond-recv.log)
diag "failover_back: stream across both failovers: send rc=$s recv rc=$rr ${res:-no result}"
echo "$res" | grep -q "bytes=$BYTES expected=$BYTES mismatches=0 " && [ $s -eq 0 ] && [ $rr -eq 0 ] || r=1
ktap_result $r failover_back

rm -f /tmp/readers.run
wait $rdpid
n=$(cat /tmp/readers.n 2>/dev/null || echo 0)
diag "readers_alongside: $n rounds of ethtool, ip -s link, /proc/net/dev, speed and duplex; $(wc -l </tmp/readers.err) error line(s)"
[ "$n" -gt 0 ] && [ ! -s /tmp/readers.err ]
ktap_result $? readers_alongside

# Put the namespaces back as setup_net left them.
ip link set $BOND down
ip link del $BOND
peer ip link set "$C" down
peer ip addr flush dev "$C"
peer ip link set "$C" netns 1
ip link set "$B" down
ip link set "$B" netns $PEER_NS
peer ip addr add $IP_B/24 dev "$B"
peer ip link set "$B" up
ip addr add $IP_A/24 dev "$A"
ip link set "$A" up
ktap_exit
