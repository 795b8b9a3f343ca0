// SPDX-License-Identifier: GPL-2.0
/*
 * Ring benchmark: the kernel's include/linux/coop_msg.h with lib/coop_msg.c,
 * ptr_ring.h, kfifo.h and llist.h (with lib/llist.c) compiled in user space
 * through bench/ring/shim, against a plain single-producer ring that is the
 * floor.  Producers and the consumer are threads pinned to CPUs; each
 * message is one u64 (a pointer for ptr_ring), and each ring is driven
 * through the calls a driver would make: coop_msg_try_send() and
 * coop_msg_try_recv() (which wake a sleeping peer when asked to), the bulk
 * calls, the SPSC primitives that a polling consumer would use (no
 * wake-up, no barrier), ptr_ring_produce() and ptr_ring_consume() (which take
 * its locks),
 * ptr_ring_consume_batched(), kfifo_put() and kfifo_get().
 *
 *   ring_bench RING PRODUCERS MESSAGES [split|spread]
 *
 * RING: floor, coop_spsc, coop_spsc_bulk, coop_spsc_poll, coop_mpsc,
 * ptr_ring, ptr_ring_batched, kfifo, llist (floor, kfifo and coop_spsc* take
 * one producer).  split (the default) puts every producer on CPU 0 and the
 * consumer on CPU 1; spread puts producer i on CPU i and the consumer on
 * the last CPU, so that on two CPUs one producer shares the consumer's.
 * Prints "RING PRODUCERS ns_per_msg" on one line.  The consumer checks that
 * each producer's sequence arrives complete and in order (exit 1
 * otherwise).
 */
#define _GNU_SOURCE
#include <linux/coop_msg.h>
#include <linux/kfifo.h>
#include <linux/llist.h>
#include <linux/ptr_ring.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define CAPACITY 256
#define BATCH 16

/*
 * The floor: a Lamport ring with one index per side, where each side keeps
 * a cached copy of the other side's index and reads the shared one only
 * when the cache says full (or empty).  Nothing else: no flags, no checks.
 */
struct floor_ring {
	unsigned long head __attribute__((aligned(64)));
	unsigned long tail_cache;
	unsigned long tail __attribute__((aligned(64)));
	unsigned long head_cache;
	u64 buf[CAPACITY] __attribute__((aligned(64)));
};

static inline bool floor_put(struct floor_ring *f, u64 v)
{
	unsigned long h = f->head;

	if (h - f->tail_cache == CAPACITY) {
		f->tail_cache = smp_load_acquire(&f->tail);
		if (h - f->tail_cache == CAPACITY)
			return false;
	}
	f->buf[h & (CAPACITY - 1)] = v;
	smp_store_release(&f->head, h + 1);
	return true;
}

static inline bool floor_get(struct floor_ring *f, u64 *v)
{
	unsigned long t = f->tail;

	if (t == f->head_cache) {
		f->head_cache = smp_load_acquire(&f->head);
		if (t == f->head_cache)
			return false;
	}
	*v = f->buf[t & (CAPACITY - 1)];
	smp_store_release(&f->tail, t + 1);
	return true;
}

struct lnode {
	struct llist_node node;
	u64 v;
};

enum ring_kind {
	R_FLOOR, R_COOP_SPSC, R_COOP_SPSC_BULK, R_COOP_SPSC_POLL, R_COOP_MPSC,
	R_PTR_RING, R_PTR_RING_BATCHED, R_LLIST, R_KFIFO,
};

static const char *const ring_names[] = {
	[R_FLOOR] = "floor", [R_COOP_SPSC] = "coop_spsc",
	[R_COOP_SPSC_BULK] = "coop_spsc_bulk", [R_COOP_SPSC_POLL] = "coop_spsc_poll",
	[R_COOP_MPSC] = "coop_mpsc",
	[R_PTR_RING] = "ptr_ring", [R_PTR_RING_BATCHED] = "ptr_ring_batched",
	[R_LLIST] = "llist", [R_KFIFO] = "kfifo",
};

static enum ring_kind kind;
static int nr_prod;
static unsigned long per_prod;
static struct coop_msg_ring coop;
static struct ptr_ring pr;
static struct llist_head lhead;
static struct lnode *lnodes;
static struct floor_ring floor_r;
static DECLARE_KFIFO(kf, u64, CAPACITY);
static volatile int go;
static bool spread;
static int ncpus;

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu % ncpus, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/*
 * Wait for the other side.  A producer that shares a CPU with the consumer
 * (spread) must let it run: after a short spin, yield.  The same for every
 * ring.
 */
static inline void backoff(unsigned int *spins)
{
	if (++*spins & 63)
		cpu_relax();
	else
		sched_yield();
}

/* Message: producer id in the top byte, sequence below. */
#define MSG(p, s) (((u64)(p) << 56) | (s))

/*
 * One tight loop per ring, chosen once before the clock starts, so that
 * the loops measure the ring and nothing else.
 */
static void *producer(void *arg)
{
	int id = (int)(long)arg;
	unsigned int spins = 0;
	unsigned long s, i, n;
	u64 m, batch[BATCH];

	pin(spread ? id : 0);
	while (!go)
		cpu_relax();
	switch (kind) {
	case R_COOP_SPSC:
	case R_COOP_MPSC:
		for (s = 0; s < per_prod; s++) {
			m = MSG(id, s);
			while (coop_msg_try_send(&coop, &m, sizeof(m)))
				backoff(&spins);
		}
		break;
	case R_COOP_SPSC_POLL:
		for (s = 0; s < per_prod; s++) {
			m = MSG(id, s);
			while (__coop_msg_spsc_produce(&coop, &m, sizeof(m)))
				backoff(&spins);
		}
		break;
	case R_COOP_SPSC_BULK:
		for (s = 0; s < per_prod; s += n) {
			n = min(per_prod - s, (unsigned long)BATCH);
			for (i = 0; i < n; i++)
				batch[i] = MSG(id, s + i);
			for (i = 0; i < n; ) {
				unsigned int sent = coop_msg_post_bulk(&coop, batch + i, n - i);

				if (!sent)
					backoff(&spins);
				i += sent;
			}
		}
		break;
	case R_PTR_RING:
	case R_PTR_RING_BATCHED:
		/* ptr_ring stores non-NULL pointers: offset by one. */
		for (s = 0; s < per_prod; s++)
			while (ptr_ring_produce(&pr, (void *)(uintptr_t)(MSG(id, s) + 1)))
				backoff(&spins);
		break;
	case R_LLIST:
		for (s = 0; s < per_prod; s++) {
			struct lnode *n = &lnodes[(unsigned long)id * per_prod + s];

			n->v = MSG(id, s);
			llist_add(&n->node, &lhead);
		}
		break;
	case R_KFIFO:
		/* kfifo has one producer and one consumer, and no locking. */
		for (s = 0; s < per_prod; s++)
			while (!kfifo_put(&kf, MSG(id, s)))
				backoff(&spins);
		break;
	case R_FLOOR:
		for (s = 0; s < per_prod; s++)
			while (!floor_put(&floor_r, MSG(id, s)))
				backoff(&spins);
		break;
	}
	return NULL;
}

static unsigned long expect[8], bad;

static inline void check(u64 m)
{
	if ((m & ((1UL << 56) - 1)) != expect[m >> 56]++)
		bad++;
}

static void consume_all(unsigned long total)
{
	unsigned long got = 0;
	unsigned int spins = 0, i, n;
	u64 m, batch[BATCH];
	void *ptrs[BATCH];

	switch (kind) {
	case R_LLIST:
		while (got < total) {
			struct llist_node *list = llist_del_all(&lhead);
			struct lnode *n, *tmp;

			if (!list) {
				backoff(&spins);
				continue;
			}
			/* llist is LIFO: restore arrival order first. */
			list = llist_reverse_order(list);
			llist_for_each_entry_safe(n, tmp, list, node) {
				check(n->v);
				got++;
			}
		}
		break;
	case R_COOP_SPSC:
	case R_COOP_MPSC:
		while (got < total) {
			if (coop_msg_try_recv(&coop, &m, sizeof(m))) {
				backoff(&spins);
				continue;
			}
			check(m);
			got++;
		}
		break;
	case R_COOP_SPSC_POLL:
		while (got < total) {
			if (__coop_msg_spsc_consume(&coop, &m, sizeof(m))) {
				backoff(&spins);
				continue;
			}
			check(m);
			got++;
		}
		break;
	case R_COOP_SPSC_BULK:
		while (got < total) {
			n = coop_msg_try_recv_bulk(&coop, batch, BATCH);
			if (!n) {
				backoff(&spins);
				continue;
			}
			for (i = 0; i < n; i++)
				check(batch[i]);
			got += n;
		}
		break;
	case R_PTR_RING:
		while (got < total) {
			void *p = ptr_ring_consume(&pr);

			if (!p) {
				backoff(&spins);
				continue;
			}
			check((u64)(uintptr_t)p - 1);
			got++;
		}
		break;
	case R_PTR_RING_BATCHED:
		while (got < total) {
			n = ptr_ring_consume_batched(&pr, ptrs, BATCH);
			if (!n) {
				backoff(&spins);
				continue;
			}
			for (i = 0; i < n; i++)
				check((u64)(uintptr_t)ptrs[i] - 1);
			got += n;
		}
		break;
	case R_KFIFO:
		while (got < total) {
			if (!kfifo_get(&kf, &m)) {
				backoff(&spins);
				continue;
			}
			check(m);
			got++;
		}
		break;
	case R_FLOOR:
		while (got < total) {
			if (!floor_get(&floor_r, &m)) {
				backoff(&spins);
				continue;
			}
			check(m);
			got++;
		}
		break;
	}
}

int main(int argc, char **argv)
{
	unsigned long total;
	pthread_t th[8];
	struct timespec t0, t1;
	double ns;
	int i;

	if (argc != 4 && argc != 5)
		return 2;
	spread = argc == 5 && !strcmp(argv[4], "spread");
	ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	for (i = 0; i < (int)ARRAY_SIZE(ring_names); i++)
		if (!strcmp(argv[1], ring_names[i]))
			break;
	if (i == (int)ARRAY_SIZE(ring_names))
		return 2;
	kind = i;
	nr_prod = atoi(argv[2]);
	total = strtoul(argv[3], NULL, 0);
	if (nr_prod < 1 || nr_prod > 8)
		return 2;
	if ((kind == R_COOP_SPSC || kind == R_COOP_SPSC_BULK || kind == R_COOP_SPSC_POLL ||
	     kind == R_KFIFO || kind == R_FLOOR) && nr_prod != 1)
		return 2;	/* single-producer rings */
	per_prod = total / nr_prod;
	total = per_prod * nr_prod;

	if (coop_msg_ring_init(&coop, kind == R_COOP_MPSC ? COOP_MSG_MPSC : COOP_MSG_SPSC,
			       CAPACITY, sizeof(u64), GFP_KERNEL))
		return 2;
	if (ptr_ring_init(&pr, CAPACITY, GFP_KERNEL))
		return 2;
	init_llist_head(&lhead);
	INIT_KFIFO(kf);
	if (kind == R_LLIST)
		lnodes = calloc(total, sizeof(*lnodes));

	pin(ncpus - 1);
	for (i = 0; i < nr_prod; i++)
		pthread_create(&th[i], NULL, producer, (void *)(long)i);
	usleep(10000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	go = 1;
	consume_all(total);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	for (i = 0; i < nr_prod; i++)
		pthread_join(th[i], NULL);
	ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
	printf("%s%s %d %.2f\n", ring_names[kind], spread ? "_spread" : "", nr_prod,
	       ns / total);
	if (bad)
		fprintf(stderr, "%s: %lu messages out of order\n", ring_names[kind], bad);
	return bad ? 1 : 0;
}
