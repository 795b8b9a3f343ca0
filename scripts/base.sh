#!/usr/bin/env bash
# Fetch Debian's linux-source package, check it against the pinned sha256 and
# unpack it into $SRC as a git repository with one tagged base commit.
. "$(dirname "$0")/lib.sh"

: "${BASE_PKG:=linux-source-7.3}"
: "${BASE_VERSION:?BASE_VERSION is not set}"
: "${BASE_SHA256:?BASE_SHA256 is not set}"
: "${BASE_SUITE:=trixie-backports}"
DL=${DL:-$TOP/.cache/dl}
APTDIR=${APTDIR:-$TOP/.cache/apt}

# A project-local apt configuration: one sources list naming $BASE_SUITE on
# the Debian mirror the system's own sources already use, its own lists and
# cache under .cache/apt.  Nothing of the system's apt state is touched, and
# no root is needed.
apt_local_setup() {
	local mirror
	mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
		tr ' ' '\n' | grep -v security | grep -m1 '/debian/\?$' || true)
	if [ -z "$mirror" ]; then
		mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; exit } }' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v security | head -1 || true)
	fi
	[ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list{,.d/}: cannot reach $BASE_SUITE"
	mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $BASE_SUITE main" \
		>"$APTDIR/sources.list"
	APT_OPTS=(-o "Dir::Etc::SourceList=$APTDIR/sources.list" -o Dir::Etc::SourceParts=/nonexistent
		-o "Dir::State::Lists=$APTDIR/lists" -o "Dir::Cache=$APTDIR/cache"
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root)
	[ "$(id -u)" = 0 ] || APT_OPTS=("${APT_OPTS[@]:0:10}")
	info "apt: $BASE_SUITE from the system's mirror, lists in ${APTDIR#"$TOP"/}"
	apt-get "${APT_OPTS[@]}" -qq update >"$APTDIR/update.log" 2>&1 ||
		{ cat "$APTDIR/update.log" >&2; die "apt-get update of the project-local $BASE_SUITE list failed"; }
}

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
	apt_local_setup
	info "downloading $BASE_PKG=$BASE_VERSION"
	if ! (cd "$DL" && apt-get "${APT_OPTS[@]}" download "$BASE_PKG=$BASE_VERSION" >"$DL/download.log" 2>&1); then
		newest=$(apt-cache "${APT_OPTS[@]}" policy "$BASE_PKG" 2>/dev/null | awk '/Candidate:/ {print $2}')
		[ "$newest" != "(none)" ] || newest=
		# A newer minor line (linux-source-7.4, ...) replaces this package.
		others=$(apt-cache "${APT_OPTS[@]}" search --names-only '^linux-source-[0-9.]+$' 2>/dev/null |
			awk '{print $1}' | sort -V | tr '\n' ' ')
		cat "$DL/download.log" >&2 || true
		cat >&2 <<MSG

error: the pinned base $BASE_PKG=$BASE_VERSION could not be downloaded.
The package registry ($BASE_SUITE) may have dropped this version.  The newest
version of $BASE_PKG it offers now is: ${newest:-none}.
linux-source packages in $BASE_SUITE: ${others:-none}.

To build on another version, override the pins, for example:
    make BASE_VERSION=${newest:-<version>} BASE_SHA256=<sha256 of the tarball in the .deb>
    (or BASE_PKG=linux-source-X.Y BASE_VERSION=... BASE_SHA256=...)
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
	-m "Unpacked from $(basename "$tarball") (sha256 $BASE_SHA256).
The two Debian lines of .gitignore that ignore the whole top level are removed."
git tag -f "$BASE_TAG" >/dev/null
echo "$want" >"$stamp"
info "base commit $(git rev-parse --short HEAD), tag $BASE_TAG"
stage_end
