// SPDX-License-Identifier: GPL-2.0
/*
 * udp_rr: UDP request/response latency, one request in flight at a time.
 *
 *   udp_rr server PORT
 *   udp_rr client ADDR PORT COUNT [SIZE]
 *
 * The server echoes every datagram back to its sender until killed.  The
 * client sends COUNT requests of SIZE bytes (default 64), each carrying its
 * sequence number, waits for the matching reply (1 s, then resends: a lost
 * datagram is counted, not fatal), and prints one line:
 *
 *   rr COUNT p50_us p99_us p999_us min_us max_us lost
 *
 * The first 1% of the round trips warm caches and ARP and are left out of
 * the figures.  Exit 1 if fewer than 99% of the requests got a reply.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int server(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	char buf[65536];
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a))) {
		perror("udp_rr server");
		return 1;
	}
	for (;;) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("udp_rr recvfrom");
			return 1;
		}
		sendto(s, buf, n, 0, (struct sockaddr *)&from, fl);
	}
}

static int client(const char *addr, int port, long count, size_t size)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct timeval tv = { .tv_sec = 1 };
	long warm = count / 100, i, lost = 0, got = 0;
	char *req, *rep;
	double *lat;
	int s;

	if (size < sizeof(uint64_t) || size > 65000 || count < 100)
		return 2;
	req = calloc(1, size);
	rep = calloc(1, size);
	lat = calloc(count, sizeof(*lat));
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (!req || !rep || !lat || s < 0 || inet_pton(AF_INET, addr, &a.sin_addr) != 1 ||
	    connect(s, (struct sockaddr *)&a, sizeof(a)) ||
	    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		perror("udp_rr client");
		return 1;
	}
	for (i = 0; i < count; i++) {
		uint64_t seq = i, echoed;
		double t0 = now_us();

		memcpy(req, &seq, sizeof(seq));
		for (;;) {
			ssize_t n;

			if (send(s, req, size, 0) != (ssize_t)size) {
				perror("udp_rr send");
				return 1;
			}
			/* Drop late replies to earlier, resent requests. */
			do {
				n = recv(s, rep, size, 0);
				if (n >= (ssize_t)sizeof(echoed))
					memcpy(&echoed, rep, sizeof(echoed));
			} while (n >= (ssize_t)sizeof(echoed) && echoed != seq);
			if (n >= (ssize_t)sizeof(echoed))
				break;
			if (errno != EAGAIN && errno != EINTR) {
				perror("udp_rr recv");
				return 1;
			}
			if (++lost > count / 100)
				break;
			t0 = now_us();	/* time the resent request only */
		}
		if (lost > count / 100)
			break;
		if (i >= warm)
			lat[got++] = now_us() - t0;
	}
	if (!got || lost > count / 100) {
		fprintf(stderr, "udp_rr: %ld of %ld requests lost\n", lost, count);
		return 1;
	}
	qsort(lat, got, sizeof(*lat), cmp);
	printf("rr %ld %.1f %.1f %.1f %.1f %.1f %ld\n", got, lat[got / 2],
	       lat[got * 99 / 100], lat[got * 999 / 1000], lat[0], lat[got - 1], lost);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "server"))
		return server(atoi(argv[2]));
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "client"))
		return client(argv[2], atoi(argv[3]), atol(argv[4]),
			      argc == 6 ? strtoul(argv[5], NULL, 0) : 64);
	fprintf(stderr, "usage: udp_rr server PORT | client ADDR PORT COUNT [SIZE]\n");
	return 2;
}
