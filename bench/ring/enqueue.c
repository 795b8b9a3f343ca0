// SPDX-License-Identifier: GPL-2.0
/*
 * Non-inlined wrappers around the enqueue fast paths, whose instructions
 * are counted (callgrind) and shown (objdump): the kind-named primitive and
 * coop_msg_try_send(), which adds the check for a sleeping consumer.
 */
#include <linux/coop_msg.h>

noinline int bench_coop_spsc_enqueue(struct coop_msg_ring *r, const u64 *m)
{
	return __coop_msg_spsc_produce(r, m, sizeof(*m));
}

noinline int bench_coop_spsc_send(struct coop_msg_ring *r, const u64 *m)
{
	return coop_msg_try_send(r, m, sizeof(*m));
}

noinline int bench_coop_mpsc_enqueue(struct coop_msg_ring *r, const u64 *m)
{
	return __coop_msg_produce_mp(r, m, sizeof(*m));
}

noinline int bench_coop_mpsc_send(struct coop_msg_ring *r, const u64 *m)
{
	return coop_msg_try_send(r, m, sizeof(*m));
}

#ifdef ENQUEUE_MAIN
/*
 * Run each wrapper on a ring with room, so that every call takes the fast
 * path; callgrind then counts the instructions executed per call.
 */
static int run(enum coop_msg_kind kind,
	       int (*enqueue)(struct coop_msg_ring *r, const u64 *m))
{
	static struct coop_msg_ring r;
	unsigned long i;
	u64 m = 1, out;

	if (coop_msg_ring_init(&r, kind, 1024, sizeof(u64), GFP_KERNEL))
		return 1;
	for (i = 0; i < 100000; i++) {
		if (enqueue(&r, &m))
			return 1;
		if (coop_msg_try_recv(&r, &out, sizeof(out)))
			return 1;
	}
	coop_msg_ring_destroy(&r);
	return 0;
}

int main(void)
{
	return run(COOP_MSG_SPSC, bench_coop_spsc_enqueue) ||
	       run(COOP_MSG_SPSC, bench_coop_spsc_send) ||
	       run(COOP_MSG_MPSC, bench_coop_mpsc_enqueue) ||
	       run(COOP_MSG_MPSC, bench_coop_mpsc_send);
}
#endif
