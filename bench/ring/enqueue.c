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

#ifdef ENQUEUE_MAIN
#include <stdio.h>
#include <stdlib.h>

void __coop_msg_debug_violation(struct coop_msg_ring *r, const char *w) { abort(); }

/*
 * Run the wrapper on a ring with room, so that every call takes the fast
 * path; callgrind then counts the instructions executed per call.
 */
int main(void)
{
	static struct coop_msg_ring r;
	unsigned long i;
	u64 m = 1, out;

	r.slot_shift = 4;
	r.mask = 1023;
	r.msg_size = sizeof(u64);
	r.slots = aligned_alloc(64, 1024 << 4);
	for (i = 0; i < 1024; i++)
		coop_msg_slot(&r, i)->seq = i;
	for (i = 0; i < 100000; i++) {
		if (bench_coop_spsc_enqueue(&r, &m))
			return 1;
		if (__coop_msg_consume_sc(&r, &out, sizeof(out)))
			return 1;
	}
	for (i = 0; i < 100000; i++) {
		if (bench_coop_mpsc_enqueue(&r, &m))
			return 1;
		if (__coop_msg_consume_sc(&r, &out, sizeof(out)))
			return 1;
	}
	return 0;
}
#endif
