/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest helpers need to put the calling thread into SCHED_COOP
 * without the series' uapi headers: the policy number and sched_setattr().
 */
#ifndef COOP_SCHED_H
#define COOP_SCHED_H

#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SCHED_COOP
#define SCHED_COOP 8
#endif

/* The sched_setattr() argument, as in <linux/sched/types.h>. */
struct coop_sched_attr {
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
};

/* Switch the calling thread to @policy with priority 0: 0 or -1/errno. */
static inline int set_policy(int policy)
{
	struct coop_sched_attr attr = { .size = sizeof(attr), .sched_policy = policy };

	return syscall(SYS_sched_setattr, 0, &attr, 0);
}

#endif /* COOP_SCHED_H */
