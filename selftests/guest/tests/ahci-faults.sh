#!/bin/sh
# Fault paths of the AHCI driver and libata EH.
#  - /dev/sdb sits on QEMU's blkdebug, which fails every read of sector 8192
#    with EIO: the error must reach the reader, EH must recover, every other
#    block must read back intact, and the bad block must never come back as
#    data.
#  - The controller is unbound and rebound under I/O, repeatedly: I/O in
#    flight fails cleanly, the disk comes back, and data written before is
#    intact.
#  - The error handler ran in the host's cooperative domain: EH entered the
#    domain for each EH run of the first test, as the class counts it (the
#    domain's "enters" in /sys/kernel/debug/sched_coop/domains).
#  - Two ports' EH at once (blkdebug disks on ports 2 and 3) takes about
#    the time of one port's: EH is per port, not per host.
#  - Link resets under verified I/O: a SCSI rescan of the port makes EH
#    freeze, reset and thaw it while the interrupts of the I/O keep coming
#    (the hard IRQ takes no lock, freeze and thaw order it); no I/O error,
#    no mismatch, and each rescan ran EH in the host's domain (libata
#    resets quietly here, so the log does not show them).
. /tests/lib.sh
ktap_plan 7
BAD=$(ata_disk 2) || BAD=/dev/none
DISK=$(ata_disk 1) || DISK=/dev/none
diag "scratch disk $DISK, blkdebug disk $BAD"

ehdom=$(ahci_dom "$BAD")
ehw0=$(dom_enters "$ehdom")

# 1: EIO from the device reaches the reader; everything else reads back.
dd if=/dev/urandom of=/tmp/p8 bs=1M count=8 2>/dev/null
if ! dd if=/tmp/p8 of=$BAD bs=1M oflag=direct conv=fsync 2>/tmp/dd.log; then
	ktap_result 1 eio_reaches_reader "writing the pattern failed: $(cat /tmp/dd.log)"
else
	eh0=$(dmesg | grep -c 'exception Emask')
	dd if=$BAD of=/tmp/r8 bs=4k count=2048 iflag=direct conv=noerror,sync 2>/tmp/dd.log
	rc=$?
	eh1=$(dmesg | grep -c 'exception Emask')
	errs=$(grep -c 'Input/output error' /tmp/dd.log)
	# Block 1024 (bytes 4 MiB..4 MiB+4k) holds sector 8192.
	good=1
	cmp -s -n 4194304 /tmp/p8 /tmp/r8 || good=0
	dd if=/tmp/p8 of=/tmp/p8t bs=4k skip=1025 2>/dev/null
	dd if=/tmp/r8 of=/tmp/r8t bs=4k skip=1025 2>/dev/null
	cmp -s /tmp/p8t /tmp/r8t || good=0
	# conv=sync pads the failed block with zeros: it must not be the data.
	dd if=/tmp/p8 bs=4k skip=1024 count=1 2>/dev/null | sha256sum >/tmp/s1
	dd if=/tmp/r8 bs=4k skip=1024 count=1 2>/dev/null | sha256sum >/tmp/s2
	cmp -s /tmp/s1 /tmp/s2 && good=0
	diag "dd exit $rc, $errs read error(s), EH runs $((eh1 - eh0)), other blocks intact: $good"
	ehruns=$((eh1 - eh0))
	# busybox dd exits 0 with conv=noerror: count the errors it printed.
	if [ "$errs" -ge 1 ] && [ $((eh1 - eh0)) -ge 1 ] && [ $good = 1 ]; then
		ktap_result 0 eio_reaches_reader
	else
		ktap_result 1 eio_reaches_reader "$(tail -5 /tmp/dd.log)"
	fi
fi

ehw1=$(dom_enters "$ehdom")

# 2: after the errors, EH has left both ports working.
if fio --name=after-eh --filename="$DISK" --direct=1 --rw=randwrite --bs=4k \
	--offset=512m --size=8m --ioengine=libaio --iodepth=32 --verify=crc32c \
	--do_verify=1 --verify_fatal=1 --randseed=77 >/tmp/fio-eh.log 2>&1 &&
	dd if=$BAD of=/dev/null bs=1M count=4 iflag=direct 2>/dev/null; then
	ktap_result 0 io_works_after_eh
else
	ktap_result 1 io_works_after_eh "$(tail -5 /tmp/fio-eh.log)"
fi

# 3: unbind and rebind the controller under I/O, three times.
ctrl=$(basename "$(readlink -f /sys/block/"${DISK#/dev/}"/device/../../../..)")
[ -e /sys/bus/pci/drivers/ahci/"$ctrl" ] || ctrl=$(ls /sys/bus/pci/drivers/ahci | grep '^0000:' | head -1)
dd if=/dev/urandom of=/tmp/keep bs=1M count=4 2>/dev/null
# The reference data must be on the disk before the rounds: a write that
# failed, or that reads back different at once, is not the rebind's doing.
keep_written=0
if ! dd if=/tmp/keep of="$DISK" bs=1M seek=768 oflag=direct conv=fsync 2>/tmp/dd.err; then
	diag "writing the reference data to $DISK failed: $(tail -1 /tmp/dd.err)"
elif ! dd if="$DISK" of=/tmp/back bs=1M skip=768 count=4 iflag=direct 2>/tmp/dd.err; then
	diag "reading the reference data back from $DISK failed: $(tail -1 /tmp/dd.err)"
elif ! cmp /tmp/back /tmp/keep >/tmp/cmp.out 2>&1; then
	diag "the reference data read back different before any rebind: $(cat /tmp/cmp.out)"
else
	keep_written=1
fi
ok=1
i=0
while [ $i -lt 3 ]; do
	i=$((i + 1))
	fio --name=unbind --filename="$DISK" --direct=1 --rw=randrw --bs=4k \
		--offset=800m --size=64m --ioengine=libaio --iodepth=16 \
		--allow_file_create=0 \
		--time_based --runtime=30 >/tmp/fio-unbind.log 2>&1 &
	fpid=$!
	sleep 2
	echo "$ctrl" >/sys/bus/pci/drivers/ahci/unbind || ok=0
	wait $fpid
	frc=$?
	echo "$ctrl" >/sys/bus/pci/drivers/ahci/bind || ok=0
	t=0
	DISK=
	while [ -z "$DISK" ] && [ $t -lt 100 ]; do
		sleep 0.1
		t=$((t + 1))
		DISK=$(ata_disk 1)
	done
	# Let the port settle (link up, IDENTIFY) before the next round.
	sleep 1
	[ -n "$DISK" ] || { ok=0; diag "round $i: the scratch disk did not come back"; break; }
	diag "round $i: fio exited $frc when the controller went away"
done
ktap_result $((1 - ok)) unbind_rebind_under_io

# 4: data written before the rounds is intact.  A read that fails (the
# disk still settling) is retried; data that reads back different is a
# failure at once.
r=1
read_back_intact "$DISK" 768 5 && r=0
[ $keep_written = 1 ] || { r=1; diag "the reference data never reached the disk intact"; }
ktap_result $r data_intact_after_rebind

# 5: the EH runs of test 1 ran inside the host's domain.
if [ -z "$ehw0" ]; then
	ktap_result 1 eh_runs_in_domain "no domain ${ehdom:-?} in /sys/kernel/debug/sched_coop/domains"
else
	diag "domain ${ehdom:-none} entered ${ehw0:-?} -> ${ehw1:-?} times over ${ehruns:-0} EH run(s)"
	if [ -n "$ehdom" ] && [ "${ehruns:-0}" -ge 1 ] && [ -n "$ehw0" ] &&
	   [ $((${ehw1:-0} - ehw0)) -ge "$ehruns" ]; then
		ktap_result 0 eh_runs_in_domain
	else
		ktap_result 1 eh_runs_in_domain
	fi
fi

# 6: resets under verified I/O.  Each wildcard scan of the port's SCSI host
# schedules EH with a reset and a probe of the device (ata_scsi_user_scan()).
if [ -z "$DISK" ]; then
	ktap_result 1 resets_under_io "no scratch disk after the rebinds"
else
	shost=$(readlink -f /sys/block/"${DISK#/dev/}"/device | sed -n 's|.*/\(host[0-9]*\)/.*|\1|p')
	ehdom=$(ahci_dom "$DISK")
	r0=$(dom_enters "$ehdom")
	fio --name=resets --filename="$DISK" --direct=1 --rw=randwrite --bs=4k \
		--offset=900m --size=32m --ioengine=libaio --iodepth=32 \
		--verify=crc32c --do_verify=1 --verify_fatal=1 --randseed=91 \
		--loops=4 >/tmp/fio-resets.log 2>&1 &
	fpid=$!
	n=0
	while [ $n -lt 5 ] && kill -0 $fpid 2>/dev/null; do
		sleep 1
		echo "- - -" >/sys/class/scsi_host/"$shost"/scan && n=$((n + 1))
	done
	wait_bounded $fpid 240
	frc=$?
	r1=$(dom_enters "$ehdom")
	diag "$shost: $n rescans while fio ran, domain ${ehdom:-none} entered ${r0:-?} -> ${r1:-?} times, fio exit $frc"
	if [ $frc = 0 ] && [ $n -ge 3 ] && [ -n "$r0" ] && [ $((${r1:-0} - r0)) -ge $n ]; then
		ktap_result 0 resets_under_io
	else
		ktap_result 1 resets_under_io "$(grep -iE 'err|verify' /tmp/fio-resets.log | tail -5)"
	fi
fi

# 7: two ports' error handling at once takes about as long as one port's.
# The disks on ports 2 and 3 both sit on blkdebug, which fails every read
# of sector 8192.  libata runs each port's EH in that port's own SCSI EH
# thread, which enters the host's domain and leaves it whenever it sleeps
# (the reset's waits, the retries): one port's EH must not wait for the
# other's to finish.  A failing read of each disk alone, then of both at
# once: together they must take less than the slower port alone plus half
# the faster one, and 20 ms (two ticks of /proc/uptime, which times them),
# where EH serialised over the host would take the sum of the two.  On a
# sanitised kernel (coop.slow=1: KASAN, lockdep, KCSAN) EH's own CPU time
# is a large part of a failing read, and the domain runs one port's EH at a
# time between sleeps, so less of it overlaps: there the bound is the
# slower port plus three quarters of the faster (check-debug measured 330
# and 300 ms alone, 520 ms together); serialised EH still takes the sum.
BAD2=$(ata_disk 3) || BAD2=
# How much of the faster port's time both together may add: num/den.
num=1 den=2
grep -qw 'coop.slow=1' /proc/cmdline && num=3 den=4
bad_read() { dd if="$1" of=/dev/null bs=4k skip=1024 count=1 iflag=direct 2>/dev/null; }
now_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
# The median of three timed failing reads of disk $1, in ms.
alone_ms() {
	for k in 1 2 3; do
		s=$(now_ms)
		bad_read "$1" && echo "read of $1 did not fail" >&2
		echo $(($(now_ms) - s))
	done | sort -n | sed -n 2p
}
if [ -z "$BAD2" ] || [ ! -b "$BAD" ]; then
	ktap_result 1 eh_ports_in_parallel "blkdebug disks on ports 2 and 3: '$BAD' '$BAD2'"
else
	ta=$(alone_ms "$BAD")
	tb=$(alone_ms "$BAD2")
	e0=$(dmesg | grep -c 'exception Emask')
	w0=$(dom_enters "$ehdom")
	both=
	for k in 1 2 3; do
		s=$(now_ms)
		bad_read "$BAD" &
		p1=$!
		bad_read "$BAD2" &
		p2=$!
		wait $p1
		wait $p2
		both="$both $(($(now_ms) - s))"
	done
	tboth=$(echo $both | tr ' ' '\n' | sort -n | sed -n 2p)
	e1=$(dmesg | grep -c 'exception Emask')
	w1=$(dom_enters "$ehdom")
	slow=$ta fast=$tb
	[ "$tb" -gt "$slow" ] && slow=$tb fast=$ta
	diag "failing read alone: port 2 ${ta} ms, port 3 ${tb} ms; both at once:$both ms (median $tboth); EH runs $((e1 - e0)), domain entered ${w0:-?} -> ${w1:-?}"
	if [ "$slow" -gt 0 ] && [ "$tboth" -lt $((slow + fast * num / den + 20)) ] &&
	   [ $((e1 - e0)) -ge 6 ] && [ $((${w1:-0} - ${w0:-0})) -ge 6 ]; then
		ktap_result 0 eh_ports_in_parallel
	else
		ktap_result 1 eh_ports_in_parallel
	fi
fi

ktap_exit
