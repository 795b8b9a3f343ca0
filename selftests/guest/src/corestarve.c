// SPDX-License-Identifier: GPL-2.0
/*
 * corestarve coop|fifo: under core scheduling, how long a spinner of the
 * given class with one cookie, on CPU 0, keeps a SCHED_NORMAL thread with
 * another cookie, on CPU 1 (its SMT sibling), from running.  The normal
 * thread wants to see 3 s of wall time pass; it prints how much CPU it got
 * and how late it saw the end.  A diagnostic for the starvation bound on
 * an SMT sibling (reliability.md, eleventh session), not a test: run it
 * with 'make shell' on the check-core kernel.  prctl 62 is PR_SCHED_CORE,
 * 1 PR_SCHED_CORE_CREATE (a cookie for this thread).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "coop_sched.h"

static volatile int stop;
static const char *cls;

static void pin(int cpu)
{
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
}

static void *spinner(void *a)
{
	pin(0);
	prctl(62, 1, 0, 0, 0);
	if (!strcmp(cls, "coop")) {
		if (set_policy(SCHED_COOP))
			perror("coop");
	} else {
		struct sched_param sp = { .sched_priority = 1 };
		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			perror("fifo");
	}
	while (!stop)
		;
	return NULL;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1, c;
	pthread_t t;
	double cpu;

	cls = argc > 1 ? argv[1] : "coop";
	pin(1);
	prctl(62, 1, 0, 0, 0);
	pthread_create(&t, NULL, spinner, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		clock_gettime(CLOCK_MONOTONIC, &t1);
	} while (t1.tv_sec - t0.tv_sec < 3);
	stop = 1;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
	cpu = c.tv_sec + c.tv_nsec / 1e9;
	pthread_join(t, NULL);
	printf("corestarve %s: SCHED_NORMAL sibling ran %.0f ms in 3 s of wall time (woke %.1f s late)\n",
	       cls, cpu * 1000, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9 - 3);
	return 0;
}
