# Helpers for the guest test groups (busybox sh).  Each group prints KTAP:
# "KTAP version 1", a plan "1..N", then one "ok N name" / "not ok N name" line
# per test, with diagnostics as "# ..." lines.

# Debian's busybox prefers its own applets to \$PATH: call iproute2's ip
# (netns support) explicitly.
ip() { /usr/bin/ip "$@"; }

PEER_NS=peer
IP_A=10.77.0.1
IP_B=10.77.0.2
MAC_A=52:54:00:c0:0b:01
MAC_B=52:54:00:c0:0b:02

# The value of NAME=VALUE on the kernel command line.
param() {
	for w in $(cat /proc/cmdline); do
		case "$w" in "$1"=*) echo "${w#*=}"; return 0 ;; esac
	done
	return 1
}

_ktap_n=0
_ktap_fail=0
ktap_plan() {
	echo "KTAP version 1"
	echo "1..$1"
}
ktap_result() { # ktap_result rc name [diag]
	_ktap_n=$((_ktap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_ktap_n $2"
	elif [ "$1" -eq 4 ]; then
		echo "ok $_ktap_n $2 # SKIP ${3:-}"
	else
		[ -n "${3:-}" ] && echo "# $2: $3"
		echo "not ok $_ktap_n $2"
		_ktap_fail=1
	fi
}
ktap_exit() { exit $_ktap_fail; }
diag() { echo "$*" | sed 's/^/# /'; }

# Name of the interface that has MAC address $1.
iface_of() {
	for d in /sys/class/net/*; do
		[ "$(cat "$d/address" 2>/dev/null)" = "$1" ] && { basename "$d"; return 0; }
	done
	return 1
}

# Put the second e1000 into its own network namespace so that traffic really
# leaves one NIC and enters the other (through QEMU's hub).
setup_net() {
	[ -e /run/netns/$PEER_NS ] && return 0
	A=$(iface_of $MAC_A) || { echo "no interface with MAC $MAC_A"; return 1; }
	B=$(iface_of $MAC_B) || { echo "no interface with MAC $MAC_B"; return 1; }
	ip link set lo up
	ip netns add $PEER_NS || return 1
	ip link set "$B" netns $PEER_NS || return 1
	ip addr add $IP_A/24 dev "$A"
	ip link set "$A" up
	ip -n $PEER_NS link set lo up
	ip -n $PEER_NS addr add $IP_B/24 dev "$B"
	ip -n $PEER_NS link set "$B" up
	export NIC_A="$A" NIC_B="$B"
	# Wait for carrier on both ends (autonegotiation takes a moment).
	i=0
	while [ $i -lt 100 ]; do
		ca=$(cat /sys/class/net/"$A"/carrier 2>/dev/null)
		cb=$(ip netns exec $PEER_NS cat /sys/class/net/"$B"/carrier 2>/dev/null)
		if [ "$ca" = 1 ] && [ "$cb" = 1 ]; then
			# The first packet after link-up waits for the driver's
			# watchdog to start the queue and for ARP: settle that
			# here, so tests measure the steady state.
			ping -c 1 -W 5 $IP_B >/dev/null 2>&1
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "carrier did not come up on $A/$B"
	return 1
}

# Ask the host to run a QEMU monitor command (scripts/guest.sh does it).
host() {
	echo "=== HOST $*"
	sleep 1
}

# Wait up to $2 s for the background job $1, kill it if it is still
# running, and return its exit status.
wait_bounded() { # pid seconds
	_wb_t=0
	while kill -0 "$1" 2>/dev/null && [ $_wb_t -lt "$2" ]; do
		sleep 1
		_wb_t=$((_wb_t + 1))
	done
	kill "$1" 2>/dev/null
	wait "$1"
}

# iperf3 from A to a one-off server on B (in the peer namespace).  A slow
# guest may not have the server listening yet: retry while the connection
# is refused, then bound the wait for the server.  The client's output goes
# to LOG; returns the client's exit status.
iperf3_pair() { # port log client-args...
	_ip_port=$1
	_ip_log=$2
	shift 2
	ip netns exec $PEER_NS iperf3 -s -1 -p "$_ip_port" >"$_ip_log.server" 2>&1 &
	_ip_spid=$!
	_ip_n=0
	while :; do
		sleep 0.5
		iperf3 -c $IP_B -p "$_ip_port" "$@" >"$_ip_log" 2>&1
		_ip_c=$?
		_ip_n=$((_ip_n + 1))
		[ $_ip_c -ne 0 ] && [ $_ip_n -lt 20 ] && grep -q 'refused' "$_ip_log" || break
	done
	wait_bounded $_ip_spid 20 2>/dev/null
	return $_ip_c
}

nic_stat() { # nic_stat side(A|B) counter
	if [ "$1" = A ]; then
		cat /sys/class/net/"$(iface_of $MAC_A)"/statistics/"$2"
	else
		ip netns exec $PEER_NS sh -c "cat /sys/class/net/*/statistics/$2 | head -1" 2>/dev/null
	fi
}

# The disk on AHCI port $1 (1: the scratch disk, 2: the blkdebug disk), as
# /dev/sdX.  sd names follow probe order, not port order, and a rebind of
# the controller renumbers the ata ports: go by each port's port_no.
# The disk counts only once its node is a block device: device_add()
# shows /sys/block/sdX before devtmpfs makes /dev/sdX, and a dd or fio
# that opened /dev/sdX in between would create a regular file there, which
# then hides the disk for the rest of the boot (devtmpfs will not replace
# it).
ata_disk() {
	for d in /sys/block/sd*; do
		[ -e "$d" ] || continue
		a=$(readlink -f "$d" | sed -n 's|.*/\(ata[0-9]*\)/.*|\1|p')
		[ -n "$a" ] || continue
		if [ "$(cat /sys/class/ata_port/"$a"/port_no 2>/dev/null)" = "$1" ]; then
			[ -b "/dev/$(basename "$d")" ] || return 1
			echo "/dev/$(basename "$d")"
			return 0
		fi
	done
	return 1
}

# Move PCI device $1 to driver $2 (unbinding it first), wait up to 20 s
# for the disk on its AHCI port $3 (see ata_disk) and the SCSI scan, and
# print the disk.
ahci_rebind() { # pci-device driver port
	[ -e "/sys/bus/pci/devices/$1/driver" ] &&
		echo "$1" >"/sys/bus/pci/devices/$1/driver/unbind"
	echo "$1" >"/sys/bus/pci/drivers/$2/bind" || return 1
	t=0
	until d=$(ata_disk "$3"); do
		sleep 0.2
		t=$((t + 1))
		[ $t -lt 100 ] || return 1
	done
	sleep 1
	echo "$d"
}

# Reads and writes completed on disk $1 (/sys/block/X/stat), or nothing.
disk_ios() {
	awk '{ print $1 + $5 }' /sys/block/"${1#/dev/}"/stat 2>/dev/null
}

# The cooperative domain of the AHCI host of disk $1: the domain is named
# after the controller (its PCI address), or nothing.
ahci_dom() {
	readlink -f /sys/block/"${1#/dev/}" |
		sed -n 's|.*/\([0-9a-f]*:[0-9a-f]*:[0-9a-f]*\.[0-9a-f]*\)/ata[0-9]*/.*|\1|p'
}

# How many times threads entered domain $1 with coop_domain_enter() (the
# "enters" column of the class's statistics in debugfs).  EH and the port
# callbacks enter the host's domain, so each EH run, port suspend and port
# resume adds at least one.
dom_enters() {
	dom_stat "$1" enters
}

# Column $2 of domain $1 in the class's statistics in debugfs.
dom_stat() { # domain column
	[ -n "$1" ] && awk -v d="$1" -v col="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		$1 == d && c { print $c }' /sys/kernel/debug/sched_coop/domains 2>/dev/null
}

# One KTAP result, $1, for $2 pings to the peer: every echo must be answered.
ping_result() { # name count
	_pr_out=$(ping -c "$2" -i 0.1 -W 5 $IP_B 2>&1)
	if echo "$_pr_out" | grep -q " $2 packets received"; then
		diag "$(echo "$_pr_out" | tail -1)"
		ktap_result 0 "$1"
	else
		# Which replies were missing, and what both ends counted.
		_pr_seen=$(echo "$_pr_out" | sed -n 's/.*seq=\([0-9]*\).*/\1/p' | tr '\n' ' ')
		diag "replies seen for seq: $_pr_seen"
		diag "A: $(for f in rx_packets tx_packets rx_dropped tx_dropped rx_errors tx_errors; do
			printf '%s=%s ' $f "$(cat /sys/class/net/*/statistics/$f 2>/dev/null | tr '\n' ',')"; done)"
		diag "B: $(ip netns exec $PEER_NS sh -c 'for f in rx_packets tx_packets rx_dropped tx_dropped; do
			printf "%s=%s " $f "$(cat /sys/class/net/*/statistics/$f | tr "\n" ",")"; done' 2>/dev/null)"
		ktap_result 1 "$1" "$(echo "$_pr_out" | tail -2)"
	fi
}

# True if fio exited 0 ($1) and its log ($2) reports no verify error.
fio_verified() { # rc log
	[ "$1" -eq 0 ] && ! grep -qiE 'verify.*(bad|fail)|crc32c.*mismatch' "$2"
}

# Wait up to $1 s for a ping from A to B to get through.
ping_ok() { # seconds
	_po_t=0
	while [ $_po_t -lt "$1" ]; do
		ping -c 1 -W 1 $IP_B >/dev/null 2>&1 && return 0
		_po_t=$((_po_t + 1))
	done
	return 1
}

# Threads of the AHCI hosts' domains (the engine ahci/ataN, the EM member).
ahci_threads() {
	_at_n=0
	for _at_c in /proc/[0-9]*/comm; do
		case "$(cat "$_at_c" 2>/dev/null)" in ahci/*) _at_n=$((_at_n + 1)) ;; esac
	done
	echo $_at_n
}

# Read 4 MiB at MiB offset $2 of disk $1 back into /tmp/back and compare it
# with /tmp/keep, up to $3 tries: a disk that is still settling after a
# rebind (its size not read yet, so the read ends short, or the read fails)
# is tried again 2 s later; data that reads back different fails at once.
# Diagnostics as KTAP comments.
read_back_intact() { # disk offset_mib tries
	_rb_n=0
	while [ -n "$1" ] && [ $_rb_n -lt "$3" ]; do
		_rb_n=$((_rb_n + 1))
		if [ ! -b "$1" ]; then
			diag "try $_rb_n: $1 is $(stat -c %F "$1" 2>&1), not a block device"
			sleep 2
			continue
		fi
		_rb_sz=$(cat /sys/block/"${1#/dev/}"/size 2>/dev/null || echo 0)
		if [ "$_rb_sz" -lt $((($2 + 4) * 2048)) ]; then
			diag "try $_rb_n: $1 has $_rb_sz sectors, not its size yet"
			sleep 2
			continue
		fi
		if ! dd if="$1" of=/tmp/back bs=1M skip="$2" count=4 iflag=direct 2>/tmp/dd.err; then
			diag "read $_rb_n of $1 failed: $(tail -1 /tmp/dd.err)"
			sleep 2
			continue
		fi
		if [ "$(wc -c </tmp/back)" -ne $((4 << 20)) ]; then
			diag "read $_rb_n of $1 ended after $(wc -c </tmp/back) bytes"
			sleep 2
			continue
		fi
		cmp /tmp/back /tmp/keep >/tmp/cmp.out 2>&1 && return 0
		diag "data differs: $(cat /tmp/cmp.out)"
		return 1
	done
	return 1
}
