#!/usr/bin/env bash
# Fetch Debian's linux-source package, check it against the pinned sha256 and
# unpack it into $SRC as a git repository with one tagged base commit.
. "$(dirname "$0")/lib.sh"

: "${BASE_PKG:=linux-source-6.12}"
: "${BASE_VERSION:?BASE_VERSION is not set}"
: "${BASE_SHA256:?BASE_SHA256 is not set}"
DL=${DL:-$TOP/.cache/dl}

stamp=$SRC/.git/coop-base-stamp
want="$BASE_PKG=$BASE_VERSION $BASE_SHA256"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
	git -C "$SRC" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null; then
	exit 0
fi

stage_begin "base: $BASE_PKG $BASE_VERSION"
mkdir -p "$DL"
deb=$DL/${BASE_PKG}_${BASE_VERSION//:/%3a}_all.deb
if [ ! -f "$deb" ]; then
	info "downloading $BASE_PKG=$BASE_VERSION"
	if ! (cd "$DL" && apt-get download "$BASE_PKG=$BASE_VERSION" >"$DL/download.log" 2>&1); then
		newest=$(apt-cache policy "$BASE_PKG" 2>/dev/null | awk '/Candidate:/ {print $2}')
		cat "$DL/download.log" >&2 || true
		cat >&2 <<MSG

error: the pinned base $BASE_PKG=$BASE_VERSION could not be downloaded.
The package registry may have dropped this version (run 'apt-get update' first
if you have not).  The newest version it offers now is: ${newest:-unknown}.

To build on another version, override both pins, for example:
    make BASE_VERSION=${newest:-<version>} BASE_SHA256=<sha256 of linux-source-6.12.tar.xz>
and read docs/base-policy.md before you commit a new pin.
MSG
		exit 1
	fi
	# apt-get names the file after the version with the epoch escaped.
	got=$(ls -t "$DL"/"${BASE_PKG}"_*.deb | head -1)
	[ "$got" = "$deb" ] || mv "$got" "$deb"
fi

xdir=$DL/x-$BASE_VERSION
rm -rf "$xdir"
dpkg-deb -x "$deb" "$xdir"
tarball=$(ls "$xdir"/usr/src/linux-source-*.tar.xz)
info "checking sha256 of $(basename "$tarball")"
sum=$(sha256sum "$tarball" | cut -d' ' -f1)
if [ "$sum" != "$BASE_SHA256" ]; then
	rm -rf "$xdir"
	die "sha256 mismatch for $(basename "$tarball") from $BASE_PKG=$BASE_VERSION: got $sum, pinned $BASE_SHA256"
fi

info "unpacking into $SRC"
rm -rf "$SRC"
mkdir -p "$SRC"
tar -xJf "$tarball" -C "$SRC" --strip-components=1
rm -rf "$xdir"

# Debian's top-level .gitignore ends with "/*" and "!/debian/", which would
# hide the whole tree from git.  Drop those two lines in the base commit so
# that 'git status' and 'git add' behave as in an upstream tree.
sed -i -e '\#^/\*$#d' -e '\#^!/debian/$#d' "$SRC/.gitignore"

info "creating the base commit (this takes about 30 s)"
cd "$SRC"
git init -q -b base
git config core.autocrlf false
# No background repack of the 86k loose objects while a build runs.
git config gc.auto 0
git config user.name "${GIT_BASE_NAME:-coop-sched base}"
git config user.email "${GIT_BASE_EMAIL:-base@coop-sched.invalid}"
git add -A -f .
# Fixed identity and dates: the base commit id is then the same on every
# machine, and the base-commit: line of the exported series stays valid.
GIT_AUTHOR_DATE="2025-01-01T00:00:00Z" GIT_COMMITTER_DATE="2025-01-01T00:00:00Z" \
	git -c user.name="coop-sched base" -c user.email="base@coop-sched.invalid" \
	commit -q --no-verify -m "Linux $(make -s kernelversion 2>/dev/null) from Debian $BASE_PKG $BASE_VERSION" \
	-m "Unpacked from linux-source-6.12.tar.xz (sha256 $BASE_SHA256).
The two Debian lines of .gitignore that ignore the whole top level are removed."
git tag -f "$BASE_TAG" >/dev/null
echo "$want" >"$stamp"
info "base commit $(git rev-parse --short HEAD), tag $BASE_TAG"
stage_end
