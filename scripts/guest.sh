#!/usr/bin/env bash
# Boot the test guest in QEMU q35.
#
#   guest.sh MODE OUTDIR [extra kernel args...]
#
# MODE is boot, check, probe or shell (see selftests/guest/init).  The console
# goes to OUTDIR/console.log (and to the terminal for boot and shell); the
# guest's test channel (ttyS1) to OUTDIR/results.log.  Every boot runs under a
# host-side timeout ($GUEST_TIMEOUT seconds).
. "$(dirname "$0")/lib.sh"

MODE=$1
OUTDIR=$2
shift 2
KERNEL=${KERNEL:-$OBJ/arch/x86/boot/bzImage}
INITRD=${INITRD:-$BUILD/initramfs.cpio}
DISK=${DISK:-$BUILD/disk.img}
MEM=${GUEST_MEM:-2048}
SMP=${GUEST_SMP:-2}
GUEST_TIMEOUT=${GUEST_TIMEOUT:-900}
mkdir -p "$OUTDIR"
rm -f "$OUTDIR/console.log" "$OUTDIR/results.log"

[ -f "$KERNEL" ] || die "no kernel image at $KERNEL (run make build)"
[ -f "$INITRD" ] || die "no initramfs at $INITRD (run make initramfs)"
if [ ! -f "$DISK" ]; then
	truncate -s 1G "$DISK"
fi

# The kernel's modules (built for this very kernel, so not part of the
# shared initramfs) go in a second cpio archive appended to it; the kernel
# unpacks both.
# EXTRA_MODULES adds modules built outside $OBJ (make bench-e1000's stock
# driver).
mods=$( (find "$OBJ" -name '*.ko' 2>/dev/null
	[ -z "${EXTRA_MODULES:-}" ] || ls ${EXTRA_MODULES}) | sort)
if [ -n "$mods" ]; then
	mroot=$OUTDIR/modroot
	rm -rf "$mroot"
	mkdir -p "$mroot/lib/modules"
	for m in $mods; do
		strip --strip-debug -o "$mroot/lib/modules/$(basename "$m")" "$m"
	done
	(cd "$mroot" && find . -print0 | sort -z | cpio --null -o -H newc --owner=0:0 --quiet) >"$OUTDIR/modules.cpio"
	cat "$INITRD" "$OUTDIR/modules.cpio" >"$OUTDIR/initrd.cpio"
	rm -rf "$mroot" "$OUTDIR/modules.cpio"
	INITRD=$OUTDIR/initrd.cpio
fi

# Pick the accelerator: KVM only if it really boots this kernel (a bzImage has
# been seen to hang in the decompressor under nested KVM), else TCG.  The
# probe result is cached per kernel image.
accel() {
	local cache=$BUILD/accel.$(sha256sum "$KERNEL" | cut -c1-16)
	if [ -n "${ACCEL:-}" ]; then
		echo "$ACCEL"
		return
	fi
	if [ -f "$cache" ]; then
		cat "$cache"
		return
	fi
	local a=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		local log=$BUILD/kvm-probe.log
		timeout -k 5 "${KVM_PROBE_TIMEOUT:-15}" qemu-system-x86_64 -accel kvm -M q35 -m 512 -smp 1 \
			-nodefaults -no-user-config -display none -no-reboot \
			-kernel "$KERNEL" -initrd "$INITRD" -serial "file:$log" \
			-append "console=ttyS0 panic=-1 coop.mode=probe quiet" >/dev/null 2>&1 || true
		grep -q COOP-PROBE-OK "$log" 2>/dev/null && a=kvm
	fi
	echo "$a" >"$cache"
	echo "$a"
}

ACC=$(accel)
case "$ACC" in
kvm) accel_args=(-accel kvm) ;;
tcg) accel_args=(-accel tcg,thread=multi) ;;
*) die "unknown accelerator '$ACC'" ;;
esac
echo "$ACC" >"$OUTDIR/accel"

append="console=ttyS0,115200 panic=-1 oops=panic coop.mode=$MODE"
# Only the series' suites are configured (kernel-config/kunit.config), so
# the default filter runs them all; the guest checks that each one ran.
kfilter=${KUNIT_FILTER:-*}
ksuites=
for e in $KUNIT_SUITES; do
	s=${e#*:}
	grep -q "^CONFIG_${e%%:*}=y" "$OBJ/.config" 2>/dev/null || continue
	# shellcheck disable=SC2053 # the filter is a glob
	[[ $s == ${kfilter%%.*} ]] && ksuites+=${ksuites:+,}$s
done
append+=" kunit.filter_glob=$kfilter coop.kunit_suites=${ksuites:-none}"
[ "$MODE" = shell ] || append+=" loglevel=${GUEST_LOGLEVEL:-6}"
append+=" $*${GUEST_EXTRA_ARGS:+ $GUEST_EXTRA_ARGS}"

# Disks on AHCI ports 2 and 3 for fault injection: QEMU's blkdebug fails
# every read of sector 8192 (4 MiB in) with EIO.  Writes go through.  Two,
# so that two ports' error handling can run at once (ahci-faults).
FAULT_DISK=$OUTDIR/fault.img
FAULT_DISK2=$OUTDIR/fault2.img
rm -f "$FAULT_DISK" "$FAULT_DISK2"
truncate -s 64M "$FAULT_DISK"
truncate -s 64M "$FAULT_DISK2"
# A second AHCI controller behind a PCIe root port, for hot removal from the
# monitor; its disk on its last port (port_no 6 in the guest).  The root
# port uses PCIe native hotplug (pciehp): QEMU's q35 defaults to ACPI
# hotplug for it, which this kernel's config does not handle.
HP_DISK=$OUTDIR/hotplug.img
rm -f "$HP_DISK"
truncate -s 64M "$HP_DISK"
cat >"$OUTDIR/blkdebug.conf" <<'CONF'
[inject-error]
event = "read_aio"
iotype = "read"
errno = "5"
sector = "8192"
CONF

qemu=(qemu-system-x86_64 "${accel_args[@]}" -M q35 -smp "$SMP" -m "$MEM"
	-nodefaults -no-user-config -display none -no-reboot
	-kernel "$KERNEL" -initrd "$INITRD" -append "$append"
	-drive "if=none,id=disk0,file=$DISK,format=raw,cache=writeback"
	-device ide-hd,drive=disk0,bus=ide.0
	-drive "if=none,id=disk1,file=blkdebug:$OUTDIR/blkdebug.conf:$FAULT_DISK,format=raw,cache=writeback"
	-device ide-hd,drive=disk1,bus=ide.1
	-drive "if=none,id=disk3,file=blkdebug:$OUTDIR/blkdebug.conf:$FAULT_DISK2,format=raw,cache=writeback"
	-device ide-hd,drive=disk3,bus=ide.2
	-global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off
	-device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,slot=1
	-device ich9-ahci,id=hpahci,bus=rp1
	-drive "if=none,id=disk2,file=$HP_DISK,format=raw,cache=writeback"
	-device ide-hd,drive=disk2,bus=hpahci.5
	-netdev hubport,id=n0,hubid=0 -device e1000,netdev=n0,mac=52:54:00:c0:0b:01
	-netdev hubport,id=n1,hubid=0 -device e1000,netdev=n1,mac=52:54:00:c0:0b:02
	-netdev hubport,id=n2,hubid=0 -device e1000,netdev=n2,mac=52:54:00:c0:0b:03
	-monitor "unix:$OUTDIR/monitor.sock,server,nowait")

t0=$(date +%s)
rc=0
case "$MODE" in
shell)
	"${qemu[@]}" -serial mon:stdio -serial "file:$OUTDIR/results.log" || rc=$?
	;;
*)
	timeout -k 10 "$GUEST_TIMEOUT" "${qemu[@]}" -serial "file:$OUTDIR/console.log" \
		-serial "file:$OUTDIR/results.log" </dev/null &
	qpid=$!
	# Progress as it comes: the boot summary, or the test results.
	if [ "$MODE" = boot ]; then
		tail -n +1 -F --pid=$qpid "$OUTDIR/console.log" 2>/dev/null |
			sed -n '/^---- boot summary/,/^---- end of summary/p' &
	else
		tail -n +1 -F --pid=$qpid "$OUTDIR/results.log" 2>/dev/null |
			grep --line-buffered -E '^(=== (BEGIN|END)|not ok|ok )' | sed -u 's/^/    guest: /' &
	fi
	# Requests from the guest for the QEMU monitor ("=== HOST <command>"
	# on the results channel: set_link, device_del, ...).
	tail -n +1 -F --pid=$qpid "$OUTDIR/results.log" 2>/dev/null |
		sed -un 's/\r$//; s/^=== HOST //p' | while IFS= read -r cmd; do
			python3 "$TOP/scripts/monitor.py" "$OUTDIR/monitor.sock" "$cmd" >>"$OUTDIR/host-agent.log" 2>&1
		done &
	wait $qpid || rc=$?
	sleep 0.3
	;;
esac
dt=$(($(date +%s) - t0))
rm -f "$OUTDIR/initrd.cpio" "$FAULT_DISK" "$HP_DISK"
echo "$dt" >"$OUTDIR/wall_s"
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "guest: TIMEOUT after ${GUEST_TIMEOUT}s ($ACC); console in $OUTDIR/console.log" >&2
	exit 124
fi
info "guest ($MODE, $ACC, -smp $SMP) ran ${dt}s, qemu exit $rc"
exit $rc
