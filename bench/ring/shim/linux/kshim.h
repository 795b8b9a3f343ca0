/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of the kernel's headers to compile include/linux/coop_msg.h
 * with lib/coop_msg.c, ptr_ring.h, kfifo.h and llist.h (with lib/llist.c)
 * in user space for the ring benchmark.  Barriers map to the C11 atomics
 * with the same ordering, except smp_mb(), which is the kernel's x86-64
 * locked add; locks map to a test-and-set spinlock.  The rings' blocking
 * ends and notifications compile but abort if reached: the benchmark never
 * sleeps.
 */
#ifndef KSHIM_H
#define KSHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
typedef unsigned int gfp_t;
typedef u64 dma_addr_t;

#define GFP_KERNEL 0
#define NUMA_NO_NODE (-1)
#define __GFP_ZERO 1
#define SMP_CACHE_BYTES 64
#define ____cacheline_aligned_in_smp __attribute__((aligned(SMP_CACHE_BYTES)))
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define noinline __attribute__((noinline))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __must_check
#define __user
#define __rcu
#define __printf(a, b)
#define BIT(n) (1UL << (n))
#define round_up(x, y) ((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define WARN_ON_ONCE(x) (x)
#define WARN_ON(x) (x)
#define BUG_ON(x) do { if (x) abort(); } while (0)
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define unreachable() __builtin_unreachable()

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define data_race(expr) (expr)
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define smp_load_acquire(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)
#define smp_mb() __asm__ __volatile__("lock; addl $0,-4(%%rsp)" ::: "memory", "cc")
#define smp_mb__after_atomic() barrier()
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define barrier() __asm__ __volatile__("" ::: "memory")
#define cpu_relax() __builtin_ia32_pause()
#define xchg(p, v) __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST)
#define try_cmpxchg(p, o, n) \
	__atomic_compare_exchange_n(p, o, n, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define try_cmpxchg_relaxed(p, o, n) \
	__atomic_compare_exchange_n(p, o, n, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;
#define ATOMIC_INIT(i) { (i) }
static inline int atomic_inc_return(atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);
}
static inline void atomic_dec(atomic_t *v)
{
	__atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);
}
static inline void atomic_long_inc(atomic_long_t *v)
{
	__atomic_add_fetch(&v->counter, 1, __ATOMIC_RELAXED);
}
#define atomic_set(v, i) WRITE_ONCE((v)->counter, (i))
#define atomic_read(v) READ_ONCE((v)->counter)
static inline void atomic_inc(atomic_t *v)
{
	__atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);
}
static inline bool atomic_dec_and_test(atomic_t *v)
{
	return !__atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);
}
#define min_t(t, a, b) min((t)(a), (t)(b))
#define WARN_ONCE(c, ...) (c)
#define pr_warn(...) fprintf(stderr, __VA_ARGS__)
#define MAX_SCHEDULE_TIMEOUT (~0UL >> 1)
#define is_power_of_2(n) ((n) != 0 && !((n) & ((n) - 1)))
#define order_base_2(n) ((n) <= 1 ? 0 : 64 - __builtin_clzl((n) - 1))

/* Never slept on in the benchmark: the blocking ends are not measured. */
typedef struct { int unused; } wait_queue_head_t;
/* The rings' blocking ends sleep on swait queues: unused by the bench. */
struct swait_queue_head { int unused; };
struct irq_work { void (*fn)(struct irq_work *w); };
#define init_swait_queue_head(q) ((q)->unused = 0)
#define swq_has_sleeper(q) ((q)->unused != 0)
#define swake_up_one(q) abort()
#define swake_up_all(q) ((void)(q))
#define swait_event_interruptible_exclusive(q, c) (abort(), (c), 0)
#define swait_event_interruptible_timeout_exclusive(q, c, t) (abort(), (c), 0L)
#define init_irq_work(w, f) ((w)->fn = (f))
#define irq_work_queue(w) abort()
#define irq_work_sync(w) ((void)(w))
#define wait_var_event(v, c) do { if (!(c)) abort(); } while (0)
#define wake_up_var(v) ((void)(v))

typedef struct { int v; } spinlock_t;
static inline void spin_lock_init(spinlock_t *l) { l->v = 0; }
static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->v, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->v, __ATOMIC_RELAXED))
			cpu_relax();
}
static inline void spin_unlock(spinlock_t *l) { __atomic_store_n(&l->v, 0, __ATOMIC_RELEASE); }
#define spin_lock_irq spin_lock
#define spin_unlock_irq spin_unlock
#define spin_lock_bh spin_lock
#define spin_unlock_bh spin_unlock
#define spin_lock_irqsave(l, f) do { (void)(f); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f) do { (void)(f); spin_unlock(l); } while (0)

static inline void *kcalloc(size_t n, size_t s, gfp_t g) { (void)g; return calloc(n, s); }
static inline void *kvmalloc_array(size_t n, size_t s, gfp_t g)
{
	(void)g;
	return calloc(n, s);
}
static inline void *kvcalloc(size_t n, size_t s, gfp_t g)
{
	size_t bytes = (n * s + 63) & ~(size_t)63;
	void *p = aligned_alloc(64, bytes);

	(void)g;
	return p ? memset(p, 0, bytes) : NULL;
}
static inline void kvfree(const void *p) { free((void *)p); }
static inline void kfree(const void *p) { free((void *)p); }
static inline void *kmalloc(size_t s, gfp_t g) { (void)g; return malloc(s); }
static inline int cache_line_size(void) { return SMP_CACHE_BYTES; }
#define might_sleep() do { } while (0)
#define alloc_hooks(x) (x)
#define KMALLOC_MAX_SIZE (1UL << 30)
#define kvmalloc_array_noprof kvmalloc_array
#define EXPORT_SYMBOL_GPL(x)
#define EXPORT_SYMBOL(x)

#define __must_be_array(a) 0

#endif
