#!/usr/bin/env bash
# Make $OBJ/.config: 'tinyconfig' as the lean base, the fragments in
# kernel-config/ merged on top, then a check that every symbol a fragment
# asks for survived the merge (the way kunit.py checks its kunitconfig).
. "$(dirname "$0")/lib.sh"

FRAGMENTS=${FRAGMENTS:-"$TOP/kernel-config/base.config $TOP/kernel-config/drivers.config $TOP/kernel-config/kunit.config $TOP/kernel-config/coop.config"}
frags=()
for f in $FRAGMENTS; do
	[ -f "$f" ] && frags+=("$f")
done

stamp=$OBJ/.coop-config-stamp
want=$(cat "${frags[@]}" "$0" | sha256sum | cut -d' ' -f1)-$(git -C "$SRC" rev-parse HEAD)
if [ -f "$OBJ/.config" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	exit 0
fi

stage_begin "config: tinyconfig + ${#frags[@]} fragments"
mkdir -p "$OBJ"
kmake() { make -s -C "$SRC" O="$OBJ" ARCH=x86_64 "$@"; }
kmake tinyconfig >/dev/null
(cd "$OBJ" && KCONFIG_CONFIG=.config "$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" .config "${frags[@]}" >"$OBJ/.merge.log" 2>&1) ||
	{ cat "$OBJ/.merge.log"; die "merge_config.sh failed"; }
kmake olddefconfig >/dev/null

# Every CONFIG_FOO=val and '# CONFIG_FOO is not set' line must hold now
# (the last one for each symbol, as merge_config.sh applies them).
missing=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		sym=${line%%=*}
		if ! grep -qxF "$line" "$OBJ/.config"; then
			have=$(grep -E "^(# )?$sym[= ]" "$OBJ/.config" || echo "$sym: absent")
			echo "config: asked for '$line', got '$have'" >&2
			missing=$((missing + 1))
		fi
		;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }
		sym=${sym%% *}
		if grep -qE "^$sym=" "$OBJ/.config"; then
			echo "config: asked for '$line', got '$(grep -E "^$sym=" "$OBJ/.config")'" >&2
			missing=$((missing + 1))
		fi
		;;
	esac
done < <(cat "${frags[@]}" | awk '
	# A later fragment overrides an earlier one: check the last request.
	/^CONFIG_[A-Za-z0-9_]*=/ { sym = $0; sub(/=.*/, "", sym) }
	/^# CONFIG_[A-Za-z0-9_]* is not set$/ { sym = $2 }
	sym != "" { last[sym] = $0; order[++n] = sym; sym = "" }
	END { for (i = 1; i <= n; i++) if (!(order[i] in done)) { done[order[i]] = 1; print last[order[i]] } }')
[ "$missing" -eq 0 ] || die "$missing requested config symbol(s) did not survive the merge (unmet dependencies?)"
info "$(grep -c '=y' "$OBJ/.config") symbols =y, all requested symbols present"
echo "$want" >"$stamp"
stage_end
