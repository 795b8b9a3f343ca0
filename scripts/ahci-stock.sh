#!/usr/bin/env bash
# Build the stock AHCI driver of the base tree (the tag coop-base) as one
# out-of-tree module, ahci_stock.ko (ahci.c and libahci.c together), against
# the series' kernel.  Changed: the driver's name (ahci_stock), and
# libahci's EXPORT_SYMBOL lines dropped so that its functions stay private
# to the module instead of clashing with the built-in libahci's exports.
# A benchmark then binds the controller to either driver in one boot, on
# one kernel.  Prints the module's path.
. "$(dirname "$0")/lib.sh"

dir=$BUILD/ahci-stock
rm -rf "$dir"
mkdir -p "$dir"
for f in ahci.c libahci.c ahci.h libata.h; do
	git -C "$SRC" show "coop-base:drivers/ata/$f" >"$dir/$f" ||
		die "no drivers/ata/$f at coop-base in $SRC (run make apply)"
done
sed -i 's/^#define DRV_NAME\t"ahci"$/#define DRV_NAME\t"ahci_stock"/' "$dir/ahci.c"
grep -q '"ahci_stock"' "$dir/ahci.c" || die "could not rename the stock driver"
sed -i '/^EXPORT_SYMBOL/d' "$dir/libahci.c"
cat >"$dir/Makefile" <<'MK'
obj-m := ahci_stock.o
ahci_stock-y := ahci.o libahci.o
MK
build_ext_module "$dir"
echo "$dir/ahci_stock.ko"
