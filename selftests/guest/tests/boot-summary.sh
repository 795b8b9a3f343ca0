#!/bin/sh
# 'make' boots the guest with this: a short summary, then power-off.
. /tests/lib.sh
echo "---- boot summary ----"
echo "kernel:   $(uname -r) ($(uname -v))"
echo "cpus:     $(grep -c ^processor /proc/cpuinfo), memory $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) MiB"
# What the series adds, as the kernel reports it.
dmesg | grep -E 'sched_coop: cooperative scheduling class registered' |
	sed 's/^\[[^]]*\] //' | head -2 | sed 's/^/series:   /'
[ -d /sys/kernel/debug/sched_coop ] && echo "series:   debugfs: $(ls /sys/kernel/debug/sched_coop | tr '\n' ' ')"
grep -q "SCHED_COOP\|coop" /proc/self/sched 2>/dev/null || true
[ -d /sys/kernel/debug/kunit ] && for s in $(ls /sys/kernel/debug/kunit); do
	echo "series:   KUnit suite $s: $(grep -E '^(not )?ok [0-9]+ '"$s"'$' /sys/kernel/debug/kunit/$s/results | cut -d' ' -f1-2 | sed 's/ [0-9]*$//')"
done
SD=$(ata_disk 1 | sed 's|/dev/||')
if [ -n "$SD" ] && [ -b /dev/"$SD" ]; then
	echo "ahci:     /dev/$SD $(($(cat /sys/block/"$SD"/size) / 2048)) MiB, $(cat /sys/block/"$SD"/device/model | tr -s ' '), driver ahci: $(ls /sys/bus/pci/drivers/ahci | grep -c '^0000:') controller(s); $(dmesg | grep -m1 'SATA link up' | sed 's/^\[[^]]*\] //')"
else
	echo "ahci:     NO DISK"
fi
if setup_net >/tmp/net.log 2>&1; then
	echo "e1000:    $(iface_of $MAC_A) $IP_A carrier $(cat /sys/class/net/$(iface_of $MAC_A)/carrier), peer $IP_B (netns $PEER_NS) carrier 1; ping: $(ping -c 3 -i 0.1 $IP_B | grep -o '[0-9]* packets received')"
else
	echo "e1000:    LINK DOWN: $(cat /tmp/net.log)"
fi
echo "---- end of summary ----"
