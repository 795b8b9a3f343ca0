// SPDX-License-Identifier: GPL-2.0
/*
 * cfs_load: what SCHED_COOP costs a workload that does not use it.  A
 * hackbench-like SCHED_OTHER load (PAIRS pairs of processes doing a pipe
 * ping-pong, so that every round trip is two wakeups and two picks) runs
 * next to one of three backgrounds:
 *
 *   none     no SCHED_COOP task anywhere
 *   idle     a SCHED_COOP task that exists but sleeps throughout
 *   ticking  a SCHED_COOP task that wakes every millisecond, works 20 us
 *            and sleeps again, so the class is queued on and off
 *
 *   cfs_load MODE PAIRS ROUND_TRIPS
 *
 * Prints "MODE ns_per_round_trip" (wall time over all round trips).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "coop_sched.h"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void background(const char *mode, int ready_fd)
{
	if (set_policy(SCHED_COOP)) {
		perror("sched_setattr(SCHED_COOP)");
		_exit(1);
	}
	if (write(ready_fd, "r", 1) != 1)
		_exit(1);
	if (!strcmp(mode, "idle"))
		for (;;)
			pause();
	for (;;) {
		double t0;

		usleep(1000);
		t0 = now_ns();
		while (now_ns() - t0 < 20000)
			;
	}
}

static void pair(long rounds)
{
	int ab[2], ba[2];
	char c = 0;
	pid_t pid;
	long i;

	if (pipe(ab) || pipe(ba))
		_exit(1);
	pid = fork();
	if (pid < 0)
		_exit(1);
	if (pid == 0) {
		for (i = 0; i < rounds; i++)
			if (read(ab[0], &c, 1) != 1 || write(ba[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	for (i = 0; i < rounds; i++)
		if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
			_exit(1);
	_exit(waitpid(pid, NULL, 0) == pid ? 0 : 1);
}

int main(int argc, char **argv)
{
	pid_t bg = 0, kids[64];
	int npairs, i, status, rc = 0, fds[2];
	long rounds;
	double t0, t1;
	char c;

	if (argc != 4)
		goto usage;
	npairs = atoi(argv[2]);
	rounds = atol(argv[3]);
	if (npairs < 1 || npairs > 64 || rounds < 1)
		goto usage;
	if (strcmp(argv[1], "none") && strcmp(argv[1], "idle") && strcmp(argv[1], "ticking"))
		goto usage;
	if (strcmp(argv[1], "none")) {
		if (pipe(fds))
			return 1;
		bg = fork();
		if (bg == 0)
			background(argv[1], fds[1]);
		if (bg < 0 || read(fds[0], &c, 1) != 1)
			return 1;
	}
	t0 = now_ns();
	for (i = 0; i < npairs; i++) {
		kids[i] = fork();
		if (kids[i] == 0)
			pair(rounds);
	}
	for (i = 0; i < npairs; i++)
		if (waitpid(kids[i], &status, 0) != kids[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			rc = 1;
	t1 = now_ns();
	if (bg > 0) {
		kill(bg, SIGKILL);
		waitpid(bg, NULL, 0);
	}
	if (rc)
		return 1;
	printf("%s %.0f\n", argv[1], (t1 - t0) / ((double)rounds * npairs));
	return 0;
usage:
	fprintf(stderr, "usage: cfs_load none|idle|ticking PAIRS ROUND_TRIPS\n");
	return 2;
}
