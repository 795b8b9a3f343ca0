// SPDX-License-Identifier: GPL-2.0
/*
 * Ring benchmark: the kernel's include/linux/coop_msg.h, ptr_ring.h, kfifo.h
 * and llist.h (with lib/llist.c) compiled in user space through bench/ring/shim,
 * against a plain single-producer ring that is the floor.  Producers and
 * the consumer are threads pinned to CPUs; each message is one u64.
 *
 *   ring_bench RING PRODUCERS MESSAGES
 *
 * RING: coop_spsc, coop_mpsc, ptr_ring, llist, kfifo, floor (kfifo, floor
 * and coop_spsc take one producer).  Prints
 * "RING PRODUCERS ns_per_msg" on one line.  The consumer checks that each
 * producer's sequence arrives complete and in order (exit 1 otherwise).
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

/* coop_msg_try_send()'s slow path: never reached, nothing is armed. */
void __coop_msg_wake_consumer(struct coop_msg_ring *r) { abort(); }
void __coop_msg_wake_producer(struct coop_msg_ring *r) { abort(); }
void __coop_msg_debug_violation(struct coop_msg_ring *r, const char *w) { abort(); }

/* The setup part of coop_msg_ring_init(), which lives in lib/coop_msg.c. */
static void coop_ring_setup(struct coop_msg_ring *r, enum coop_msg_kind kind)
{
	unsigned long i;

	memset(r, 0, sizeof(*r));
	r->slot_shift = 4;	/* 16-byte slots: sequence word + u64 */
	r->slots = aligned_alloc(64, CAPACITY << r->slot_shift);
	r->mask = CAPACITY - 1;
	r->msg_size = sizeof(u64);
	r->kind = kind;
	for (i = 0; i < CAPACITY; i++)
		coop_msg_slot(r, i)->seq = i;
}

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

enum ring_kind { R_FLOOR, R_COOP_SPSC, R_COOP_MPSC, R_PTR_RING, R_LLIST, R_KFIFO };

static const char *const ring_names[] = {
	[R_FLOOR] = "floor", [R_COOP_SPSC] = "coop_spsc", [R_COOP_MPSC] = "coop_mpsc",
	[R_PTR_RING] = "ptr_ring", [R_LLIST] = "llist", [R_KFIFO] = "kfifo",
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

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu % sysconf(_SC_NPROCESSORS_ONLN), &set);
	sched_setaffinity(0, sizeof(set), &set);
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
	unsigned long s;
	u64 m;

	pin(0);
	while (!go)
		cpu_relax();
	switch (kind) {
	case R_COOP_SPSC:
		for (s = 0; s < per_prod; s++) {
			m = MSG(id, s);
			while (__coop_msg_produce_sp(&coop, &m, sizeof(m)))
				cpu_relax();
		}
		break;
	case R_COOP_MPSC:
		for (s = 0; s < per_prod; s++) {
			m = MSG(id, s);
			while (__coop_msg_produce_mp(&coop, &m, sizeof(m)))
				cpu_relax();
		}
		break;
	case R_PTR_RING:
		/* ptr_ring stores non-NULL pointers: offset by one. */
		for (s = 0; s < per_prod; s++)
			while (ptr_ring_produce(&pr, (void *)(uintptr_t)(MSG(id, s) + 1)))
				cpu_relax();
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
				cpu_relax();
		break;
	case R_FLOOR:
		for (s = 0; s < per_prod; s++)
			while (!floor_put(&floor_r, MSG(id, s)))
				cpu_relax();
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
	u64 m;

	switch (kind) {
	case R_LLIST:
		while (got < total) {
			struct llist_node *list = llist_del_all(&lhead);
			struct lnode *n, *tmp;

			if (!list) {
				cpu_relax();
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
			if (__coop_msg_consume_sc(&coop, &m, sizeof(m))) {
				cpu_relax();
				continue;
			}
			check(m);
			got++;
		}
		break;
	case R_PTR_RING:
		while (got < total) {
			void *p = ptr_ring_consume(&pr);

			if (!p) {
				cpu_relax();
				continue;
			}
			check((u64)(uintptr_t)p - 1);
			got++;
		}
		break;
	case R_KFIFO:
		while (got < total) {
			if (!kfifo_get(&kf, &m)) {
				cpu_relax();
				continue;
			}
			check(m);
			got++;
		}
		break;
	case R_FLOOR:
		while (got < total) {
			if (!floor_get(&floor_r, &m)) {
				cpu_relax();
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

	if (argc != 4)
		return 2;
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
	if ((kind == R_COOP_SPSC || kind == R_KFIFO || kind == R_FLOOR) && nr_prod != 1)
		return 2;	/* single-producer rings */
	per_prod = total / nr_prod;
	total = per_prod * nr_prod;

	coop_ring_setup(&coop, kind == R_COOP_SPSC ? COOP_MSG_SPSC : COOP_MSG_MPSC);
	if (ptr_ring_init(&pr, CAPACITY, GFP_KERNEL))
		return 2;
	init_llist_head(&lhead);
	INIT_KFIFO(kf);
	if (kind == R_LLIST)
		lnodes = calloc(total, sizeof(*lnodes));

	pin(1);
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
	printf("%s %d %.2f\n", ring_names[kind], nr_prod, ns / total);
	if (bad)
		fprintf(stderr, "%s: %lu messages out of order\n", ring_names[kind], bad);
	return bad ? 1 : 0;
}
