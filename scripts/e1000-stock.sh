#!/usr/bin/env bash
# Build the stock e1000 driver of the base tree (the tag coop-base) as an
# out-of-tree module, e1000_stock.ko, against the series' kernel.  Only the
# driver's name is changed (to e1000_stock, so that both drivers can be
# registered at once); a benchmark then binds the same NICs to either
# driver in one boot, on one kernel.  Prints the module's path.
. "$(dirname "$0")/lib.sh"

dir=$BUILD/e1000-stock
rm -rf "$dir"
mkdir -p "$dir"
files=$(git -C "$SRC" ls-tree --name-only coop-base drivers/net/ethernet/intel/e1000/ |
	grep -E '\.[ch]$') || die "no coop-base tag in $SRC (run make apply)"
for f in $files; do
	git -C "$SRC" show "coop-base:$f" >"$dir/$(basename "$f")"
done
sed -i 's/^char e1000_driver_name\[\] = "e1000";$/char e1000_driver_name[] = "e1000_stock";/' "$dir/e1000_main.c"
grep -q '"e1000_stock"' "$dir/e1000_main.c" || die "could not rename the stock driver"
cat >"$dir/Makefile" <<'MK'
obj-m := e1000_stock.o
e1000_stock-y := e1000_main.o e1000_hw.o e1000_ethtool.o e1000_param.o
MK
build_ext_module "$dir"
echo "$dir/e1000_stock.ko"
