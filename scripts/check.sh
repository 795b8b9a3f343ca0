#!/usr/bin/env bash
# make check: boot the guest three times on a fresh scratch disk and collect
# KTAP.
#   boot 1: the test groups in $CHECK_TESTS (KUnit, kselftests, cooptorture,
#           AHCI, e1000)
#   boot 2: ahci-persist, which reads back the pattern boot 1 wrote
#   boot 3: with "threadirqs", the driver groups in $CHECK_THREADIRQS_TESTS
#           (AHCI and e1000 end-to-end, faults, hot plug): every handler
#           runs in a thread, as on PREEMPT_RT; empty to skip the boot
# Every boot's console is scanned for splats.  Results go to
# results/<timestamp>/ (raw KTAP per group) and results/latest.
. "$(dirname "$0")/lib.sh"

RESULTS=${RESULTS:-$TOP/results}
CHECK_TESTS=${CHECK_TESTS:-$CHECK_TESTS_DEFAULT}
CHECK_THREADIRQS_TESTS=${CHECK_THREADIRQS_TESTS-ahci,e1000,ahci-faults,e1000-faults,ahci-hotplug}
run=$RESULTS/$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$run"
ln -sfn "$(basename "$run")" "$RESULTS/latest"
export DISK=$run/disk.img
truncate -s 1G "$DISK"

# Split the guest's ttyS1 stream into one KTAP file per test group, and add
# a result for the group's exit status and one for the run's completion.
split_results() { # boot-name results.log
	awk -v dir="$run" -v boot="$1" '
		{ sub(/\r$/, "") }
		/^=== BEGIN / { name = $3; file = dir "/" boot "-" name ".ktap"; printf "" > file; next }
		/^=== END / { close(file); file = ""; next }
		/^=== EXIT / { exitseen = 1; next }
		file != "" { print >> file }
		END { if (!exitseen) exit 3 }
	' "$2"
}

# The console without what the tests announced: a test that provokes a
# WARN on purpose (to show that misuse is caught) frames it with
# "coop-expect-splat: begin <why>" and "coop-expect-splat: end" lines, and
# checks for itself that the WARN fired.  In KCSAN mode, data-race reports
# that name no coop code are the base kernel's and go to a side file.  In
# debug mode, the same goes for lockdep's circular-dependency reports that
# name no code of the series (coop, ahci, ata, e1000): the base's pciehp
# makes one on every PCIe hot removal (see docs/reliability.md).
console_filtered() { # console.log
	# Code of the series, by function or file name (the kernel's version
	# string, "-coop+", is on every report and must not count).
	local ours='(^|[^a-z_])(__)?(coop|ahci|ata|e1000)_|sched/coop|lib/coop_msg|libahci|libata'
	# The functions of the kernel files the series adds (its KUnit
	# suites and cooptorture name their helpers freely): a KCSAN
	# report whose top frame is one of them is ours too.
	local funcs
	funcs=$(git -C "$SRC" diff --name-only --diff-filter=A "$BASE_TAG"..HEAD -- '*.c' ':!tools' 2>/dev/null |
		sed "s|^|$SRC/|" | xargs -r sed -n 's/^[a-z].*[ *]\([a-z_][a-z0-9_]*\)(.*/\1/p' 2>/dev/null |
		sort -u | paste -sd'|' -)
	[ -n "$funcs" ] && ours="$ours|(^|[^a-z0-9_])($funcs)[+]0x"
	awk -v kcsan_side="$run/$boot_name-kcsan-foreign.txt" \
		-v lockdep_side="$run/$boot_name-lockdep-foreign.txt" -v mode="${CHECK_VARIANT:-}" \
		-v ours_re="$ours" '
		# A report runs from its first line to its end pattern; it is
		# kept if a line names code of the series, else set aside.
		function report(kind) {
			inrep = kind; rep = $0 "\n"; ours = ($0 ~ ours_re); frame = 0
		}
		BEGIN {
			side["lockdep"] = lockdep_side; end_re["lockdep"] = "</TASK>"
			side["kcsan"] = kcsan_side; end_re["kcsan"] = "==========$"
		}
		{ sub(/\r$/, "") }
		# Frames nest: the mutants frame the KUnit runs, whose
		# coop_misuse case frames its own WARNs.
		/coop-expect-splat: begin/ { skip++; next }
		/coop-expect-splat: end/ { if (skip > 0) skip--; next }
		skip { next }
		(mode == "debug" || mode == "rt") && /WARNING: possible circular locking dependency detected/ { report("lockdep"); next }
		mode == "kcsan" && /BUG: KCSAN:/ { report("kcsan"); next }
		inrep != "" {
			rep = rep $0 "\n"
			# A data race is ours if the title or the top frame of
			# either access names our code: a race inside the base
			# (a timer of a usleep_range() in a driver of the series)
			# names our callers further down its stacks.
			if (inrep == "kcsan") {
				if (frame && $0 ~ ours_re) ours = 1
				frame = ($0 ~ / to 0x[0-9a-f]+ of [0-9]+ bytes/)
			} else if ($0 ~ ours_re) {
				ours = 1
			}
			if ($0 ~ end_re[inrep]) {
				if (ours) printf "%s", rep; else printf "%s", rep >> side[inrep]
				inrep = ""
			}
			next
		}
		{ print }
	' "$1"
}

# Splats in the console ($BADNESS, from lib.sh): each is a failure.
console_ktap() { # boot-name console.log completed(0|1)
	local out=$run/$1-console.ktap n
	boot_name=$1
	console_filtered "$2" >"$run/$1-console.checked"
	{
		echo "KTAP version 1"
		echo "1..2"
		if [ "$3" = 1 ]; then echo "ok 1 $1_guest_completed"; else echo "not ok 1 $1_guest_completed"; fi
		n=$(grep -cE "$BADNESS" "$run/$1-console.checked" || true)
		if [ "$n" -eq 0 ]; then
			echo "ok 2 $1_console_clean"
		else
			grep -E "$BADNESS" "$run/$1-console.checked" | head -20 | sed 's/^/# /'
			echo "not ok 2 $1_console_clean"
		fi
		if [ -s "$run/$1-kcsan-foreign.txt" ]; then
			echo "# $(grep -c 'BUG: KCSAN' "$run/$1-kcsan-foreign.txt") KCSAN report(s) outside coop code, in $1-kcsan-foreign.txt"
		fi
		if [ -s "$run/$1-lockdep-foreign.txt" ]; then
			echo "# $(grep -c 'circular locking' "$run/$1-lockdep-foreign.txt") lockdep report(s) naming no code of the series, in $1-lockdep-foreign.txt"
		fi
	} >"$out"
	if [ "$n" -ne 0 ] && [ -x "$SRC/scripts/decode_stacktrace.sh" ]; then
		"$SRC/scripts/decode_stacktrace.sh" "$OBJ/vmlinux" "$SRC" <"$2" >"$run/$1-console.decoded" 2>/dev/null || true
	fi
}

boot() { # name mode tests [extra args]
	local name=$1 mode=$2 tests=$3 done=1 rc=0
	shift 3
	stage_begin "check: $name (coop.tests=$tests)"
	bash "$TOP/scripts/guest.sh" "$mode" "$run/$name" "coop.tests=$tests" "$@" || rc=$?
	split_results "$name" "$run/$name/results.log" || done=0
	[ $rc -eq 0 ] || done=0
	console_ktap "$name" "$run/$name/console.log" $done
	[ $done = 1 ] || tail -30 "$run/$name/console.log" | sed 's/^/    console: /'
	stage_end
}

boot boot1 check "$CHECK_TESTS"
sum=$(sed -n 's/^# persist-sha256 //p' "$run/boot1-ahci.ktap" 2>/dev/null | head -1 || true)
boot boot2 check ahci-persist "coop.persist=${sum:-none}"
[ -z "$CHECK_THREADIRQS_TESTS" ] || boot boot3 check "$CHECK_THREADIRQS_TESTS" threadirqs

rm -f "$DISK"
echo "==> results in ${run#$TOP/}"
cd "$run"
python3 "$TOP/selftests/ktap.py" $(ls -- *.ktap | sort) | tee summary.txt
