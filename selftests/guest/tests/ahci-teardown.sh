#!/bin/sh
# AHCI teardown under I/O, many times (make check-debug, KASAN): the
# controller of the scratch disk is unbound while fio has 16 requests in
# flight on the disk, then bound again; coop.teardown_rounds times (100
# unless given).  Unbind must stop the host's event threads before the
# ports' memory (pp, rx_fis) is freed: KASAN reports a use after free,
# kmemleak (run after this group) a leak, the console check any splat.
#  - every round brings the disk back, and I/O in flight fails cleanly
#    (fio exits, no hang);
#  - data written before the rounds reads back intact after them;
#  - the rounds leave no domain and no thread behind: the class's list of
#    domains and the count of AHCI threads are what they were.
. /tests/lib.sh
ktap_plan 3
rounds=$(param coop.teardown_rounds) || rounds=100
DISK=$(ata_disk 1) || DISK=/dev/none
ctrl=$(basename "$(readlink -f /sys/block/"${DISK#/dev/}"/device/../../../..)")
# coop.td_driver=ahci_stock (not in make check): the same rounds on the
# base tree's driver (scripts/ahci-stock.sh), to compare.
drv=$(param coop.td_driver) || drv=ahci
if [ "$drv" != ahci ]; then
	[ -e /sys/bus/pci/drivers/"$drv" ] || insmod /lib/modules/"$drv".ko
	DISK=$(ahci_rebind "$ctrl" "$drv" 1) || DISK=
fi
diag "scratch disk $DISK ($(stat -c %F "$DISK" 2>&1)) on $ctrl ($drv), $rounds rounds"

domains() { tail -n +2 /sys/kernel/debug/sched_coop/domains 2>/dev/null | awk '{ print $1 }' | sort | tr '\n' ' '; }

dd if=/dev/urandom of=/tmp/keep bs=1M count=4 2>/dev/null
kept=0
dd if=/tmp/keep of="$DISK" bs=1M seek=900 oflag=direct conv=fsync 2>/dev/null && kept=1
th0=$(ahci_threads)
dom0=$(domains)

ok=1
i=0
fails=0
t0=$(date +%s)
while [ $i -lt "$rounds" ] && [ -n "$DISK" ]; do
	i=$((i + 1))
	io0=$(disk_ios "$DISK")
	fio --name=teardown --filename="$DISK" --direct=1 --rw=randrw --bs=4k \
		--offset=800m --size=64m --ioengine=libaio --iodepth=16 \
		--allow_file_create=0 \
		--time_based --runtime=60 >/tmp/fio-td.log 2>&1 &
	fpid=$!
	# Unbind under I/O: once fio's requests reach the disk (fio takes
	# a second or more to start here; an unbind before its open would
	# leave it no disk to fail on), at a different moment of the I/O
	# each round: 0.3 .. 1.1 s later.
	w=0
	while [ "$(disk_ios "$DISK")" = "$io0" ] && kill -0 $fpid 2>/dev/null && [ $w -lt 200 ]; do
		sleep 0.1
		w=$((w + 1))
	done
	[ "$(disk_ios "$DISK")" != "$io0" ] || { ok=0; diag "round $i: fio's I/O never reached $DISK: $(tail -2 /tmp/fio-td.log)"; }
	sleep 0.$((3 + i % 9))
	echo "$ctrl" >/sys/bus/pci/drivers/$drv/unbind || { ok=0; diag "round $i: unbind failed"; }
	# I/O in flight fails, and fio with it: it must end, not hang.
	w=0
	while kill -0 $fpid 2>/dev/null && [ $w -lt 600 ]; do
		sleep 0.1
		w=$((w + 1))
	done
	if kill -0 $fpid 2>/dev/null; then
		ok=0
		diag "round $i: fio still running 60 s after the unbind"
		kill -9 $fpid 2>/dev/null
	fi
	wait $fpid 2>/dev/null
	grep -q 'err= *[1-9]' /tmp/fio-td.log && fails=$((fails + 1))
	echo "$ctrl" >/sys/bus/pci/drivers/$drv/bind || { ok=0; diag "round $i: bind failed"; }
	t=0
	DISK=
	while [ -z "$DISK" ] && [ $t -lt 200 ]; do
		sleep 0.1
		t=$((t + 1))
		DISK=$(ata_disk 1)
	done
	[ -n "$DISK" ] || { ok=0; diag "round $i: the scratch disk did not come back in 20 s"; }
done
t1=$(date +%s)
diag "$i rounds in $((t1 - t0)) s; fio saw errors in $fails of them"
[ "$i" -ge "$rounds" ] || { ok=0; diag "only $i of $rounds rounds ran"; }
ktap_result $((1 - ok)) teardown_rounds

# Data written before the rounds reads back intact.  A read that fails
# (the disk still settling after the last probe) is retried; data that
# reads back different is a failure at once.
r=1
[ $kept = 1 ] && read_back_intact "$DISK" 900 10 && r=0
[ $kept = 1 ] || diag "the reference data never reached the disk"
ktap_result $r data_intact_after_teardown

th1=$(ahci_threads)
dom1=$(domains)
diag "AHCI threads $th0 -> $th1; domains '$dom0' -> '$dom1'"
[ "$th0" = "$th1" ] && [ "$dom0" = "$dom1" ]
ktap_result $? nothing_left_behind
ktap_exit
