// SPDX-License-Identifier: GPL-2.0
/*
 * coop_regs IFACE N: join this process's cooperative domain (SCHED_COOP),
 * then read IFACE's registers N times with ETHTOOL_GREGS, an ethtool
 * callback that enters the driver's own domain, and check after each read
 * that this thread is a SCHED_COOP member again.  Exit 0 if every read
 * succeeded and the policy came back each time, 2 if the thread could not
 * join, 1 otherwise.
 */
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include "coop_sched.h"

int main(int argc, char **argv)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ethtool_regs *regs;
	struct ifreq ifr;
	int fd, i, n, pol;

	if (argc != 3) {
		fprintf(stderr, "usage: coop_regs IFACE N\n");
		return 1;
	}
	n = atoi(argv[2]);
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, argv[1], IFNAMSIZ - 1);
	ifr.ifr_data = (void *)&info;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || ioctl(fd, SIOCETHTOOL, &ifr)) {
		perror("ETHTOOL_GDRVINFO");
		return 1;
	}
	regs = calloc(1, sizeof(*regs) + info.regdump_len);
	if (!regs)
		return 1;
	if (set_policy(SCHED_COOP)) {
		perror("sched_setattr(SCHED_COOP)");
		return 2;
	}
	for (i = 0; i < n; i++) {
		regs->cmd = ETHTOOL_GREGS;
		regs->len = info.regdump_len;
		ifr.ifr_data = (void *)regs;
		if (ioctl(fd, SIOCETHTOOL, &ifr)) {
			perror("ETHTOOL_GREGS");
			return 1;
		}
		pol = sched_getscheduler(0);
		if (pol != SCHED_COOP) {
			fprintf(stderr, "read %d: policy %d, not SCHED_COOP\n", i, pol);
			return 1;
		}
	}
	printf("%d register reads of %s as a SCHED_COOP thread\n", n, argv[1]);
	return 0;
}
