#!/usr/bin/env python3
import sys
m = sys.stdin.read()
subj = m.split('\n', 1)[0]
if False:
    pass
elif subj == 'sched/coop: Add the SCHED_COOP scheduling class':
    old = 'coop_owns_domain() and per-domain statistics.\n'
    assert old in m
    m = m.replace(old, old + '\nThe class callbacks are in kernel/sched/coop.c, the domain object and\nthe API in a new kernel/sched/coop_domain.c, and what the two share in\na new kernel/sched/coop_internal.h; build_policy.c builds them as one\nunit, as it does sched_ext\'s files.\n')
elif subj == 'sched/coop: Add assertions, statistics and a watchdog':
    old = 'since the last\nreference to a domain can be dropped from a policy change.\n'
    assert old in m
    m = m.replace(old, old + '\nThe watchdog and the debugfs file live in a file of their own,\nkernel/sched/coop_debug.c.\n')
    m = m.replace('CONFIG_SCHED_COOP_DEBUG', 'CONFIG_DEBUG_SCHED_COOP')
sys.stdout.write(m)
