#!/bin/sh
# Power management through the converted drivers.
#  - Runtime PM of AHCI ports: libata suspends an idle port from its EH,
#    which calls ->port_suspend and, on the next access, ->port_resume and
#    a reset; with the engine, all of them enter the host's domain.
#    First an empty port, then the scratch disk's port (the disk spins down
#    with it): every resume must bring the disk back with its data intact.
#  - A system suspend with pm_test=devices: every device's suspend and
#    resume callbacks run (AHCI controller and ports, both e1000s in their
#    domains), the machine itself does not sleep.  Afterwards the disk
#    passes a verified fio run and the NICs pass traffic.
. /tests/lib.sh
ktap_plan 5
DISK=$(ata_disk 1) || DISK=/dev/none
SD=${DISK#/dev/}

# The ata port device (.../ataN) above disk $1.
port_dir() {
	readlink -f /sys/block/"${1#/dev/}" | sed -n 's|\(.*/ata[0-9]*\)/.*|\1|p'
}
rpm_status() { cat "$1/power/runtime_status" 2>/dev/null; }
# Wait up to $3 s for device $1's runtime status to become $2.
rpm_wait() {
	_n=0
	while [ "$(rpm_status "$1")" != "$2" ] && [ $_n -lt $(($3 * 5)) ]; do
		sleep 0.2
		_n=$((_n + 1))
	done
	[ "$(rpm_status "$1")" = "$2" ]
}
# Allow runtime PM ($2 = auto) or forbid it ($2 = on) on every device from
# $1 up to and including the ata port $3.
rpm_control() {
	_d=$1
	while :; do
		[ -w "$_d/power/control" ] && echo "$2" >"$_d/power/control"
		[ "$_d" = "$3" ] && break
		_d=${_d%/*}
		[ -n "$_d" ] || break
	done
}
# The runtime status of every device from $1 up to the ata port $2.
chain_status() {
	_d=$1 _s=
	while :; do
		[ -r "$_d/power/runtime_status" ] && _s="$_s ${_d##*/}=$(rpm_status "$_d")"
		[ "$_d" = "$2" ] && break
		_d=${_d%/*}
		[ -n "$_d" ] || break
	done
	echo "${_s# }"
}
# Lines of dmesg since mark $1 that are errors of the ports.  KCSAN
# reports are left to the harness, which fails those in the series' code
# and sets aside the rest (check.sh).
new_splats() {
	dmesg | sed -n "/coop-pm-mark $1/,\$p" | grep -v 'BUG: KCSAN:' |
		grep -E 'WARNING|BUG|failed command|COMRESET failed|not run in the domain' | head -5
}
mark() { echo "coop-pm-mark $1" >/dev/kmsg; }

PORT=$(port_dir "$DISK")
PCI=${PORT%/ata*}
diag "scratch disk $DISK on $PORT"
ehdom=$(ahci_dom "$DISK")

# 1: an empty port of the same controller suspends and resumes.
EMPTY=
for p in "$PCI"/ata*; do
	ls -d "$p"/host*/target* >/dev/null 2>&1 && continue
	EMPTY=$p
	break
done
mark 1
w0=$(dom_enters "$ehdom")
r=1
if [ -z "$EMPTY" ]; then
	ktap_result 1 ahci_rpm_empty_port "no empty port on $PCI"
else
	ok=1
	for i in 1 2 3; do
		rpm_control "$EMPTY" auto "$EMPTY"
		ls -d "$EMPTY"/host* 2>/dev/null | while read -r h; do
			echo auto >"$h/power/control" 2>/dev/null
		done
		if ! rpm_wait "$EMPTY" suspended 10; then
			diag "round $i: $(basename "$EMPTY") stayed $(rpm_status "$EMPTY")"
			ok=0
			break
		fi
		echo on >"$EMPTY/power/control"
		if ! rpm_wait "$EMPTY" active 10; then
			diag "round $i: $(basename "$EMPTY") did not resume: $(rpm_status "$EMPTY")"
			ok=0
			break
		fi
	done
	w1=$(dom_enters "$ehdom")
	diag "$(basename "$EMPTY"): 3 suspend/resume rounds, domain ${ehdom:-none} entered ${w0:-?} -> ${w1:-?} times"
	s=$(new_splats 1)
	[ -n "$s" ] && { diag "$s"; ok=0; }
	if [ $ok -eq 1 ] && [ -n "$ehdom" ] && [ -n "$w0" ] && [ $((${w1:-0} - w0)) -ge 3 ]; then
		r=0
	fi
	ktap_result $r ahci_rpm_empty_port
fi

# 2: the disk's port: the disk, its SCSI target and host and the port
# suspend once idle; a read resumes them all and returns the data written
# before the suspend.
mark 2
dd if=/dev/urandom of=/tmp/pm-pattern bs=1M count=4 2>/dev/null
dd if=/tmp/pm-pattern of="$DISK" bs=1M seek=512 oflag=direct conv=fsync 2>/dev/null
SDEV=$(readlink -f /sys/block/"$SD"/device)
r=0
if [ ! -d "$SDEV" ] || [ -z "$PORT" ]; then
	r=1
	diag "no SCSI device or port for $DISK"
else
	echo 100 >"$SDEV/power/autosuspend_delay_ms" 2>/dev/null
	for i in 1 2 3; do
		rpm_control "$SDEV" auto "$PORT"
		if ! rpm_wait "$PORT" suspended 20; then
			diag "round $i: port $(rpm_status "$PORT"), disk $(rpm_status "$SDEV")"
			r=1
			break
		fi
		a0=$(cat "$PORT/power/runtime_active_time")
		st0=$(chain_status "$SDEV" "$PORT")
		io0=$(cut -c1-40 /sys/block/"$SD"/stat | tr -s ' ')
		if ! dd if="$DISK" of=/tmp/pm-back bs=1M skip=512 count=4 iflag=direct 2>/tmp/pm-dd.err; then
			diag "round $i: read after resume failed: $(tail -1 /tmp/pm-dd.err)"
			r=1
			break
		fi
		if ! cmp -s /tmp/pm-back /tmp/pm-pattern; then
			diag "round $i: data read after resume differs"
			r=1
			break
		fi
		a1=$(cat "$PORT/power/runtime_active_time")
		# The read must have resumed the port (it may be suspended
		# again by now): its active time grew.
		if [ "$a1" -le "$a0" ]; then
			diag "round $i: the read did not resume the port (active ${a0} ms -> ${a1} ms)"
			diag "  runtime status sdev..port before: $st0; after: $(chain_status "$SDEV" "$PORT")"
			diag "  $SD reads/merges/sectors before: $io0; after: $(cut -c1-40 /sys/block/"$SD"/stat | tr -s ' ')"
			r=1
			break
		fi
		diag "round $i: suspended, resumed by the read (port active ${a0} -> ${a1} ms), data intact"
	done
	rpm_control "$SDEV" on "$PORT"
	s=$(new_splats 2)
	[ -n "$s" ] && { diag "$s"; r=1; }
fi
ktap_result $r ahci_rpm_disk_port

# 3: system suspend, devices only.
mark 3
setup_net >/tmp/net.log 2>&1 || diag "network: $(cat /tmp/net.log)"
r=1
if [ ! -w /sys/power/pm_test ]; then
	ktap_result 1 system_suspend_devices "no /sys/power/pm_test (CONFIG_PM_DEBUG)"
else
	echo 1 >/sys/module/suspend/parameters/pm_test_delay 2>/dev/null
	echo devices >/sys/power/pm_test
	if echo freeze >/sys/power/state 2>/tmp/pm-state.err; then
		r=0
	else
		diag "echo freeze > /sys/power/state: $(cat /tmp/pm-state.err)"
	fi
	echo none >/sys/power/pm_test
	dmesg | sed -n '/coop-pm-mark 3/,$p' | grep -E 'PM: suspend (entry|exit)|suspend debug' | while read -r l; do diag "$l"; done
	s=$(new_splats 3)
	[ -n "$s" ] && { diag "$s"; r=1; }
	ktap_result $r system_suspend_devices
fi

# 4: the disk after the system resume: random write, then verified read.
sleep 1
DISK=$(ata_disk 1) || DISK=/dev/none
fio --name=pm --filename="$DISK" --direct=1 --rw=randwrite --bs=4k \
	--offset=600m --size=16m --ioengine=libaio --iodepth=32 \
	--verify=crc32c --do_verify=1 --verify_fatal=1 --verify_dump=0 \
	--randseed=77 >/tmp/fio-pm.log 2>&1
r=$?
if fio_verified $r /tmp/fio-pm.log; then
	ktap_result 0 ahci_io_after_resume
else
	diag "$(tail -10 /tmp/fio-pm.log)"
	ktap_result 1 ahci_io_after_resume "fio exited $r or reported a verify error"
fi

# 5: both e1000s pass traffic after the system resume (the link may take
# a moment to come back).
n=0
while [ $n -lt 20 ] && ! ping -c 1 -W 1 $IP_B >/dev/null 2>&1; do
	n=$((n + 1))
done
ping_result e1000_traffic_after_resume 20
ktap_exit
