#!/bin/sh
# Mutants: break the one-owner guarantee on purpose, one fault at a time,
# through CONFIG_DEBUG_SCHED_COOP's /sys/kernel/debug/sched_coop/fault, and
# run the guarantee tests again (the sched_coop KUnit suite through its
# debugfs "run" file, and the sched_coop kselftests).  A guarantee test
# earns its place by failing: each fault must make at least one of them
# fail.  One result per fault ("mutant_<fault>": ok when it was caught),
# then "coop_mutants": ok only when every fault was caught.
#
# relaxed_handoff (a hand-off without release/acquire) cannot be seen on
# x86 without a weak-memory model: it is a mutant only on a KCSAN kernel
# (make check-kcsan), where it is caught by a KCSAN report on the members'
# plain data.  Likewise rtlock_handoff (an owner's wait for a contended
# spinlock_t hands the domain on) exists only where a spinlock_t wait
# sleeps: it is a mutant on a PREEMPT_RT kernel (make check-rt).  This
# group runs last: a fault can leave tasks stranded.
. /tests/lib.sh
F=/sys/kernel/debug/sched_coop/fault
K=/sys/kernel/debug/kunit/sched_coop
KS=/kselftest/sched_coop

mutants="two_owners boosted_keeps exit_no_kick hotplug_strands no_domain_pi pi_outside no_push enter_outside enter_deaf events_early irq_shares"
[ -e /sys/kernel/debug/kcsan ] && mutants="$mutants relaxed_handoff"
uname -v | grep -q PREEMPT_RT && mutants="$mutants rtlock_handoff"
set -- $mutants
ktap_plan $(($# + 1))

if [ ! -w $F ]; then
	for m in $mutants; do ktap_result 1 "mutant_$m" "no $F: CONFIG_DEBUG_SCHED_COOP off?"; done
	ktap_result 1 coop_mutants "no fault knob"
	ktap_exit
fi
if [ ! -e $K/run ]; then
	diag "no $K/run: the KUnit suite cannot be rerun, kselftests only"
fi

# Stuck cases time out after 20 s (slow ones after 60 s) instead of 300 s.
old_timeout=$(cat /sys/module/kunit/parameters/timeout 2>/dev/null || echo)
[ -n "$old_timeout" ] && echo 20 >/sys/module/kunit/parameters/timeout

# KCSAN reports on the members' data or in the class (the title names the
# racing functions), not the base kernel's.
kcsan_reports() {
	dmesg | grep -c 'BUG: KCSAN: .*\(excl_\|coop\)' || true
}

echo "coop-expect-splat: begin mutants: the guarantee is broken on purpose" >/dev/kmsg
all=0
summary=""
for m in $mutants; do
	echo "$m" >$F || { ktap_result 1 "mutant_$m" "cannot set fault"; all=1; continue; }
	grep -q "\[$m\]" $F || { ktap_result 1 "mutant_$m" "fault not active: $(cat $F)"; all=1; continue; }
	caught=""
	[ "$m" = relaxed_handoff ] && kcsan_before=$(kcsan_reports)
	if [ -e $K/run ]; then
		echo 1 >$K/run 2>/dev/null
		for c in $(sed -n 's/^ *not ok [0-9]* \([a-z_0-9]*\).*/\1/p' $K/results | grep -v '^sched_coop$'); do
			caught="$caught kunit:$c"
		done
	fi
	for p in sched_coop_test pi_leave pi_inversion exit_race setattr_race; do
		[ -x "$KS/$p" ] || continue
		(cd $KS && timeout 120 "./$p") >/tmp/mutant.out 2>&1
		r=$?
		[ $r -ne 0 ] && [ $r -ne 4 ] && caught="$caught ksft:$p"
	done
	if [ "$m" = relaxed_handoff ]; then
		n=$(($(kcsan_reports) - kcsan_before))
		[ "$n" -gt 0 ] && caught="$caught kcsan:${n}_reports"
	fi
	echo none >$F
	n=$(echo $caught | wc -w)
	if [ "$n" -gt 0 ]; then
		ktap_result 0 "mutant_$m"
		diag "$m caught by $n test(s):$caught"
	else
		ktap_result 1 "mutant_$m" "no guarantee test failed with the fault on"
		all=1
	fi
	summary="$summary $m:$n"
done
echo none >$F
[ -n "$old_timeout" ] && echo "$old_timeout" >/sys/module/kunit/parameters/timeout
# Give stranded tasks and deferred reports time to come out inside the
# window that the host does not count as splats.
sleep 5
echo "coop-expect-splat: end" >/dev/kmsg
diag "$# mutants, tests that caught each:$summary"
ktap_result $all coop_mutants
ktap_exit
