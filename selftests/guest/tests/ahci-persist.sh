#!/bin/sh
# Second boot on the same disk image: the pattern written by ahci.sh must
# read back unchanged.  The host passes its sha256 as coop.persist=.
. /tests/lib.sh
ktap_plan 1
want=$(param coop.persist || true)
got=$(dd if="$(ata_disk 1)" bs=1M skip=256 count=16 iflag=direct 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ -z "$want" ]; then
	ktap_result 1 pattern_persists_across_reboot "the host passed no coop.persist= checksum"
elif [ "$want" = "$got" ]; then
	ktap_result 0 pattern_persists_across_reboot
else
	ktap_result 1 pattern_persists_across_reboot "read $got, expected $want"
fi
ktap_exit
