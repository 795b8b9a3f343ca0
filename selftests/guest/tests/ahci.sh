#!/bin/sh
# End-to-end I/O through the AHCI controller: the scratch disk is on the
# first port of q35's ICH9 AHCI (port 2 holds the fault-injection disk).  fio writes with crc32c headers and reads back
# at QD1 and QD32; then a random pattern is written for the persistence check
# of the next boot (ahci-persist).
. /tests/lib.sh
# Test 6 exists only under forced threading (threadirqs, PREEMPT_RT).
forced=0
grep -qw threadirqs /proc/cmdline || [ -e /sys/kernel/realtime ] && forced=1
ktap_plan $((5 + forced))
DISK=$(ata_disk 1) || DISK=/dev/none
SD=${DISK#/dev/}

# 1: the disk is there and the ahci driver drives it.
drv=$(basename "$(readlink -f /sys/block/$SD/device/../../../../driver 2>/dev/null)" 2>/dev/null)
if [ -b $DISK ] && [ -d /sys/bus/pci/drivers/ahci ] && ls /sys/bus/pci/drivers/ahci | grep -q '^0000:'; then
	diag "$(cat /sys/block/$SD/device/model 2>/dev/null) $(($(cat /sys/block/$SD/size) / 2048)) MiB, queue_depth $(cat /sys/block/$SD/device/queue_depth)"
	ktap_result 0 ahci_disk_present
else
	ktap_result 1 ahci_disk_present "no $DISK on the ahci driver ($drv)"
	for t in fio_verify_qd1 qd1_completes_in_hardirq fio_verify_qd32 pattern_write; do
		ktap_result 1 $t "no disk"
	done
	[ $forced = 0 ] || ktap_result 1 top_half_hardirq "no disk"
	ktap_exit
fi

run_fio() { # name offset engine qd
	out=/tmp/fio-$1.log
	fio --name="$1" --filename=$DISK --direct=1 --rw=randwrite --bs=4k \
		--offset="$2" --size=32m --ioengine="$3" --iodepth="$4" \
		--verify=crc32c --do_verify=1 --verify_fatal=1 --verify_dump=0 \
		--randseed=1234 --group_reporting >"$out" 2>&1
	r=$?
	if fio_verified $r "$out"; then
		diag "$(grep -E '^ *(write|read):' "$out" | sed 's/^ *//')"
		ktap_result 0 "$1"
	else
		diag "$(tail -20 "$out")"
		ktap_result 1 "$1" "fio exited $r or reported a verify error"
	fi
}
# The controller's cooperative domain (its engine thread handles the port
# interrupts): name home owner members ... handoffs ... irq_holds.
pci=$(ls /sys/bus/pci/drivers/ahci | grep '^0000:' | head -1)
holds0=$(dom_stat "$pci" irq_holds)
run_fio fio_verify_qd1 0 psync 1

# 3: at queue depth one the domain is idle when a command completes, and
# the hard IRQ completes it itself, holding the domain, instead of waking
# the engine (ahci_engine_inline()).  Counted by the domain: irq_holds.
# Not on PREEMPT_RT, where ap->lock sleeps and the engine completes all.
holds1=$(dom_stat "$pci" irq_holds)
ios=$(awk '/ios=/ { sub(/.*ios=/, ""); split($0, a, /[\/,]/); print a[1] + a[2]; exit }' /tmp/fio-fio_verify_qd1.log)
if [ -z "$holds0" ] || [ -z "$holds1" ]; then
	ktap_result 1 qd1_completes_in_hardirq "no irq_holds for domain $pci"
elif [ -e /sys/kernel/realtime ]; then
	diag "PREEMPT_RT: $((holds1 - holds0)) completions in the hard IRQ (expected 0)"
	ktap_result $([ "$holds1" = "$holds0" ] && echo 0 || echo 1) qd1_completes_in_hardirq
else
	# Most of them: the fio process's own submissions keep the domain
	# idle; a completion that finds EH or the EM member in it posts.
	diag "$((holds1 - holds0)) of ${ios:-?} QD1 commands completed in the hard IRQ"
	ktap_result $([ $((holds1 - holds0)) -ge $((${ios:-8192} / 2)) ] && echo 0 || echo 1) \
		qd1_completes_in_hardirq "$((holds1 - holds0)) hard-IRQ completions for ${ios:-?} commands"
fi
run_fio fio_verify_qd32 64m libaio 32

# 5: a random pattern at 256 MiB; the next boot reads it back.
dd if=/dev/urandom of=/tmp/pattern bs=1M count=16 2>/dev/null
sum=$(sha256sum /tmp/pattern | cut -d' ' -f1)
dd if=/tmp/pattern of=$DISK bs=1M seek=256 oflag=direct conv=fsync 2>/dev/null
back=$(dd if=$DISK bs=1M skip=256 count=16 iflag=direct 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ "$sum" = "$back" ]; then
	echo "# persist-sha256 $sum"
	ktap_result 0 pattern_write
else
	ktap_result 1 pattern_write "read back $back, wrote $sum"
fi
dom=$(grep -h "^$pci " /sys/kernel/debug/sched_coop/* 2>/dev/null | head -1)
diag "coop domain: ${dom:-none (stock driver)}"

# 6: under forced threading (threadirqs, PREEMPT_RT) the engine's top half
# stays a hard interrupt handler where its vector is its own (MSI), so that
# ahci_freeze()'s synchronize_hardirq() waits for it: no interrupt
# thread may serve an AHCI MSI vector.  Without forced threading there is
# nothing to check (boot 3 of make check runs with threadirqs).
if [ $forced = 1 ]; then
	irqs=$(grep ahci /proc/interrupts | grep -i msi | sed 's/^ *\([0-9]*\):.*/\1/')
	thr=
	for n in $irqs; do
		for c in /proc/[0-9]*/comm; do
			case "$(cat "$c" 2>/dev/null)" in "irq/$n-"*) thr="$thr $n" ;; esac
		done
	done
	if [ -z "$irqs" ]; then
		ktap_result 1 top_half_hardirq "no AHCI MSI vector in /proc/interrupts"
	elif [ -z "$thr" ]; then
		diag "AHCI MSI vectors without an interrupt thread:" $irqs
		ktap_result 0 top_half_hardirq
	else
		ktap_result 1 top_half_hardirq "interrupt threads serve AHCI vectors:$thr"
	fi
fi
ktap_exit
