#!/usr/bin/env bash
# Check that every Debian package the pipeline needs (scripts/packages.txt)
# is installed, before any step that would use one.  When some are missing:
# install them (as root, or with sudo when it needs no password), or stop at
# once with the one command that installs them.  DEPS_INSTALL=0 only checks.
. "$(dirname "$0")/lib.sh"

mkdir -p "$BUILD"
list=$TOP/scripts/packages.txt
stamp=$BUILD/.deps-stamp
want=$(sha256sum "$list" | cut -d' ' -f1)
# Checked once per version of the list; a removed package shows up as a
# failing step, and 'rm build/.deps-stamp' checks again.
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	exit 0
fi

mapfile -t pkgs < <(sed 's/#.*//' "$list" | tr -s ' \t' '\n' | sed '/^$/d')
command -v dpkg-query >/dev/null || die "dpkg-query not found: the pipeline runs on Debian 12 (see README.md)"
missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	cmd="apt-get update && apt-get install -y --no-install-recommends \$(sed 's/#.*//' scripts/packages.txt)"
	info "missing Debian packages: ${missing[*]}"
	sudo=
	if [ "$(id -u)" != 0 ]; then
		if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
			sudo="sudo -n"
		else
			printf 'error: %d package(s) the build needs are not installed: %s\n' "${#missing[@]}" "${missing[*]}" >&2
			printf 'Install them with this one command, then run make again:\n    sudo sh -c "%s"\n' "$cmd" >&2
			exit 1
		fi
	fi
	if [ "${DEPS_INSTALL:-1}" = 0 ]; then
		printf 'error: missing packages: %s\nInstall them with:\n    %s sh -c "%s"\n' \
			"${missing[*]}" "${sudo:-}" "$cmd" >&2
		exit 1
	fi
	stage_begin "deps: installing ${#missing[@]} package(s)${sudo:+ with sudo}"
	export DEBIAN_FRONTEND=noninteractive
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
		die "apt-get update failed; install the packages with: $cmd"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$BUILD/deps-install.log" 2>&1 ||
		{ tail -20 "$BUILD/deps-install.log" >&2; die "apt-get install failed (log: $BUILD/deps-install.log)"; }
	stage_end
fi
mkdir -p "$BUILD"
echo "$want" >"$stamp"
