// SPDX-License-Identifier: GPL-2.0
/*
 * handoff_bench: the round trip between two threads, measured three ways.
 *
 *   handoff_bench MODE ROUNDS
 *
 *   coop        two SCHED_COOP threads of one process (one domain); each
 *               round trip is two domain handoffs through sched_yield()
 *   coop_1cpu   the same with both threads pinned to one CPU
 *   futex_1cpu  two SCHED_OTHER threads pinned to one CPU, futex ping-pong
 *   futex_2cpu  the same on two CPUs
 *   yield_1cpu  two SCHED_OTHER threads pinned to one CPU, handing over
 *               through sched_yield() as the coop modes do: the same two
 *               system calls and two context switches per round trip, with
 *               CFS choosing the next task
 *   syscall     one thread, two getppid() calls per "round trip": the
 *               system call part of the floor under any hand-off
 *
 * Prints "MODE ns_per_round_trip".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "coop_sched.h"

static const char *mode;
static long rounds;
static volatile int turn;	/* 0: ping's turn, 1: pong's turn */
static int futex_word;
static int joined;
static struct timespec t0, t1;

/*
 * Both players are set up before the clock starts: a SCHED_COOP player
 * spinning alone would otherwise starve a not-yet-joined one on its CPU.
 * usleep() blocks, which lets the other join.
 */
static void start_together(int me)
{
	__atomic_add_fetch(&joined, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&joined, __ATOMIC_SEQ_CST) < 2)
		usleep(100);
	if (me == 0)
		clock_gettime(CLOCK_MONOTONIC, &t0);
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void futex_wait(int *w, int val)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(int *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *player(void *arg)
{
	int me = (int)(long)arg;
	long i;

	if (!strncmp(mode, "coop", 4) || !strcmp(mode, "yield_1cpu")) {
		if (strcmp(mode, "coop"))
			pin(0);
		if (mode[0] == 'c' && set_policy(SCHED_COOP)) {
			perror("sched_setattr(SCHED_COOP)");
			exit(2);
		}
		start_together(me);
		/* Strict alternation: every yield hands the domain over. */
		for (i = 0; i < rounds; i++) {
			while (turn != me)
				sched_yield();
			turn = !me;
			sched_yield();
		}
		if (me == 0)
			clock_gettime(CLOCK_MONOTONIC, &t1);
		if (mode[0] == 'c')
			set_policy(SCHED_OTHER);
		return NULL;
	}
	pin(!strcmp(mode, "futex_2cpu") ? me : 0);
	start_together(me);
	for (i = 0; i < rounds; i++) {
		while (__atomic_load_n(&futex_word, __ATOMIC_ACQUIRE) != me)
			futex_wait(&futex_word, !me);
		__atomic_store_n(&futex_word, !me, __ATOMIC_RELEASE);
		futex_wake(&futex_word);
	}
	if (me == 0)
		clock_gettime(CLOCK_MONOTONIC, &t1);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t a, b;
	double ns;

	if (argc != 3)
		return 2;
	mode = argv[1];
	rounds = atol(argv[2]);
	if (!strcmp(mode, "syscall")) {
		long i;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (i = 0; i < rounds; i++) {
			syscall(SYS_getppid);
			syscall(SYS_getppid);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
		printf("%s %.0f\n", mode, ns / rounds);
		return 0;
	}
	pthread_create(&a, NULL, player, (void *)0L);
	pthread_create(&b, NULL, player, (void *)1L);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
	printf("%s %.0f\n", mode, ns / rounds);
	return 0;
}
