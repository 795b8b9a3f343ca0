#!/usr/bin/env bash
# Build the guest's initramfs: Debian's busybox-static, fio, iperf3,
# iproute2's ip, ethtool, iputils' ping (each with its shared libraries), the static test
# helpers from selftests/guest/src, the guest scripts, and the installed
# kselftests when $KSFT_DIR exists.  Output: $BUILD/initramfs.cpio
. "$(dirname "$0")/lib.sh"

OUT=$BUILD/initramfs.cpio
ROOT=$BUILD/initramfs
KSFT_DIR=${KSFT_DIR:-$BUILD/kselftest}
BINS="busybox fio iperf3 ip ethtool ping"

inputs() {
	find "$TOP/selftests/guest" -type f -print0 | sort -z | xargs -0 sha256sum
	[ -d "$KSFT_DIR" ] && find "$KSFT_DIR" -type f -print0 | sort -z | xargs -0 sha256sum
	for b in $BINS; do command -v "$b" >/dev/null && sha256sum "$(command -v "$b")"; done
	sha256sum "$0"
}
want=$(inputs 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ -f "$OUT" ] && [ "$(cat "$OUT.stamp" 2>/dev/null)" = "$want" ]; then
	exit 0
fi

stage_begin "initramfs"
for b in $BINS; do
	command -v "$b" >/dev/null || die "'$b' is not installed (run the apt-get line of .ci/run or README)"
done
file -L "$(command -v busybox)" | grep -q 'statically linked' ||
	die "busybox is not static: install Debian's busybox-static"

rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,proc,sys,dev,tmp,run,etc,root,tests}
mkdir -p "$ROOT/lib/x86_64-linux-gnu" "$ROOT/usr/lib/x86_64-linux-gnu"

cp "$(command -v busybox)" "$ROOT/bin/busybox"
for a in $("$ROOT/bin/busybox" --list); do
	[ -e "$ROOT/bin/$a" ] || ln -s busybox "$ROOT/bin/$a"
done
# Copy the shared libraries (and the loader) that a binary needs.
copy_libs() {
	local lib
	for lib in $(ldd "$1" | awk '/=> \// {print $3} /^\t\/lib/ {print $1}'); do
		[ -e "$ROOT$lib" ] && continue
		mkdir -p "$ROOT$(dirname "$lib")"
		cp -L "$lib" "$ROOT$lib"
	done
}
copy_with_libs() {
	cp -L "$1" "$ROOT/usr/bin/$(basename "$1")"
	copy_libs "$1"
}
for b in fio iperf3 ip ethtool; do
	copy_with_libs "$(command -v "$b")"
done
# iputils' ping under its own name, for flood pings (busybox's has no -f).
cp -L "$(command -v ping)" "$ROOT/usr/bin/iputils-ping"
copy_libs "$(command -v ping)"

# Static helpers written for the tests.
for c in "$TOP"/selftests/guest/src/*.c; do
	[ -e "$c" ] || continue
	gcc -O2 -Wall -Werror -static -pthread -o "$ROOT/usr/bin/$(basename "$c" .c)" "$c"
done

cp "$TOP/selftests/guest/init" "$ROOT/init"
cp "$TOP"/selftests/guest/tests/* "$ROOT/tests/"
chmod +x "$ROOT/init" "$ROOT"/tests/*.sh
if [ -d "$KSFT_DIR" ]; then
	mkdir -p "$ROOT/kselftest"
	cp -a "$KSFT_DIR"/. "$ROOT/kselftest/"
	for b in $(find "$ROOT/kselftest" -type f -perm -u+x); do
		file "$b" | grep -q 'dynamically linked' && copy_libs "$b"
	done
fi
echo "root:x:0:0:root:/root:/bin/sh" >"$ROOT/etc/passwd"
echo "root:x:0:" >"$ROOT/etc/group"
# make shell: Debian's busybox prefers its applets to $PATH; use iproute2's ip.
printf 'export PATH=/usr/sbin:/usr/bin:/sbin:/bin\nalias ip=/usr/bin/ip\n' >"$ROOT/etc/profile"

(cd "$ROOT" && find . -print0 | sort -z | cpio --null -o -H newc --owner=0:0 --quiet) >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "$want" >"$OUT.stamp"
info "$OUT: $(du -h "$OUT" | cut -f1), $(find "$ROOT" -type f | wc -l) files"
stage_end
