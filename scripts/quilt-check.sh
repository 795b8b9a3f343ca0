#!/usr/bin/env bash
# Check once that quilt applies the series, without fuzz, to a plain
# unpacked tree of the base (no git involved).
. "$(dirname "$0")/lib.sh"
command -v quilt >/dev/null || die "quilt is not installed"
plain=$BUILD/quilt-tree
stage_begin "quilt-check: quilt push -a on a plain tree"
rm -rf "$plain"
mkdir -p "$plain"
git -C "$SRC" archive "$BASE_TAG" | tar -x -C "$plain"
ln -s "$TOP/patches" "$plain/patches"
(cd "$plain" && QUILT_PATCHES=patches QUILT_SERIES="$TOP/series" quilt push -a --fuzz=0 -q) ||
	die "quilt push -a failed"
n=$(cd "$plain" && QUILT_PATCHES=patches QUILT_SERIES="$TOP/series" quilt applied 2>/dev/null | wc -l)
info "quilt applied $n patches without fuzz"
rm -rf "$plain"
stage_end
