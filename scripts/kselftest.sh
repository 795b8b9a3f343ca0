#!/usr/bin/env bash
# Build and install the kselftest targets that the series adds (listed in
# selftests/kselftest-targets) into $BUILD/kselftest for the initramfs.
. "$(dirname "$0")/lib.sh"

targets=$(sed 's/#.*//' "$TOP/selftests/kselftest-targets" 2>/dev/null | xargs)
dest=$BUILD/kselftest
if [ -z "$targets" ]; then
	rm -rf "$dest"
	exit 0
fi
want=$(echo "$targets $(git -C "$SRC" rev-parse HEAD)" | sha256sum | cut -d' ' -f1)
[ -f "$dest/.stamp" ] && [ "$(cat "$dest/.stamp")" = "$want" ] && exit 0

stage_begin "kselftest: $targets"
make -s -C "$SRC" O="$OBJ" ARCH=x86_64 headers >/dev/null
rm -rf "$dest"
make -s -C "$SRC/tools/testing/selftests" O="$BUILD/ksft-obj" KHDR_INCLUDES="-isystem $OBJ/usr/include" \
	TARGETS="$targets" INSTALL_PATH="$dest" install >"$BUILD/kselftest.log" 2>&1 ||
	{ tail -30 "$BUILD/kselftest.log"; die "kselftest build failed"; }
echo "$want" >"$dest/.stamp"
stage_end
