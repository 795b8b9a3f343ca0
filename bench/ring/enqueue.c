// SPDX-License-Identifier: GPL-2.0
/* Non-inlined wrappers whose instructions are counted with objdump. */
#include <linux/coop_msg.h>

void __coop_msg_debug_violation(struct coop_msg_ring *r, const char *w);

noinline int bench_coop_spsc_enqueue(struct coop_msg_ring *r, const u64 *m)
{
	return __coop_msg_produce_sp(r, m, sizeof(*m));
}

noinline int bench_coop_mpsc_enqueue(struct coop_msg_ring *r, const u64 *m)
{
	return __coop_msg_produce_mp(r, m, sizeof(*m));
}
