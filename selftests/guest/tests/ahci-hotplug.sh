#!/bin/sh
# Hot removal and addition of an AHCI controller from the QEMU monitor.
# Last in the boot: on a lockdep kernel, the base's PCIe hotplug driver
# reports an AB-BA between its reset_lock and pci_rescan_remove_lock on
# every hot removal (drivers/pci/hotplug/pciehp_pci.c, which the series
# does not touch), and lockdep turns itself off after its first report.
. /tests/lib.sh
ktap_plan 1
# The second controller, behind a PCIe root port, is removed with
# device_del from the QEMU monitor under I/O (PCIe native hotplug: the
# guest removes it after the attention button's 5 s), then a controller
# is added back with device_add.  QEMU's AHCI bus takes no disk hotplug,
# so the controller comes back empty: its probe and its domain are what
# is checked.  The disk sits on the controller's last port (port_no 6),
# apart from the ports ata_disk looks for.
ahci_ctrls() { # controllers bound to an AHCI driver, converted or stock
	ls /sys/bus/pci/drivers/ahci /sys/bus/pci/drivers/ahci_stock 2>/dev/null | grep -c '^0000:'
}
HP=$(ata_disk 6) || HP=
# coop.hp_driver=ahci_stock (not in make check): the controller is first
# moved to the base tree's driver (scripts/ahci-stock.sh), to compare the
# removal with stock's under the same boot options.
drv=$(param coop.hp_driver || echo ahci)
if [ -n "$HP" ] && [ "$drv" != ahci ]; then
	pdev=$(readlink -f "/sys/block/${HP#/dev/}/device" | sed -n 's|.*/\(0000:[^/]*\)/ata[0-9].*|\1|p')
	insmod "/lib/modules/$drv.ko" &&
		HP=$(ahci_rebind "$pdev" "$drv" 6) || HP=
	diag "hot-pluggable controller $pdev moved to $drv: disk ${HP:-missing}"
fi
if [ -z "$HP" ]; then
	ktap_result 1 hotplug_remove_add "no disk on the hot-pluggable controller"
else
	th0=$(ahci_threads)
	c0=$(ahci_ctrls)
	fio --name=hotplug --filename="$HP" --direct=1 --rw=randrw --bs=4k \
		--size=32m --ioengine=libaio --iodepth=16 --time_based \
		--allow_file_create=0 --runtime=60 >/tmp/fio-hp.log 2>&1 &
	fpid=$!
	sleep 2
	host device_del hpahci
	trm=0
	while [ -e "/sys/block/${HP#/dev/}" ] && [ $trm -lt 60 ]; do
		sleep 1
		trm=$((trm + 1))
	done
	gone=$([ -e "/sys/block/${HP#/dev/}" ] && echo 0 || echo 1)
	wait_bounded $fpid 60
	frc=$?
	th1=$(ahci_threads)
	c1=$(ahci_ctrls)
	host device_add ich9-ahci,id=hpahci2,bus=rp1
	tadd=0
	while [ "$(ahci_ctrls)" -le "$c1" ] && [ $tadd -lt 60 ]; do
		sleep 1
		tadd=$((tadd + 1))
	done
	sleep 1
	th2=$(ahci_threads)
	c2=$(ahci_ctrls)
	diag "removed in ${trm}s, added in ${tadd}s: disk gone $gone, fio exit $frc; controllers $c0 -> $c1 -> $c2; domain members $th0 -> $th1 -> $th2"
	# Under the stock driver the removed controller had no domain.
	[ "$drv" = ahci ] || th1=$((th0 - 1)) th2=$th0
	if [ $gone = 1 ] && [ $c1 -eq $((c0 - 1)) ] && [ $c2 -eq $c0 ] &&
		[ $th1 -lt $th0 ] && [ $th2 -eq $th0 ]; then
		ktap_result 0 hotplug_remove_add
	else
		ktap_result 1 hotplug_remove_add "$(dmesg | grep -iE 'pciehp|ahci' | tail -5)"
	fi
fi
ktap_exit
