// SPDX-License-Identifier: GPL-2.0
/*
 * tcpcheck: send or receive a TCP stream whose every byte is checked.
 *
 *   tcpcheck recv PORT                 accept one connection, verify it
 *   tcpcheck send ADDR PORT BYTES SEED send BYTES of the SEED pattern
 *
 * The sender first sends a 16-byte header (magic, seed, length), then the
 * payload: a xorshift64 stream seeded with SEED.  The receiver regenerates
 * the stream and compares every byte, then prints one line:
 *   "tcpcheck: bytes=N expected=N mismatches=N first_bad=OFF seconds=S"
 * and exits 0 only if all bytes arrived intact.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAGIC 0x636f6f7074637063ULL	/* "coopctpc" */
#define BUFSZ (64 * 1024)

static uint64_t next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static void fill(uint64_t *state, unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t v = next(state);

		memcpy(buf + i, &v, 8);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int full_read(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = read(fd, (char *)buf + got, len - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += r;
	}
	return 0;
}

static int do_recv(int port)
{
	unsigned char buf[BUFSZ], want[BUFSZ];
	uint64_t hdr[2], state, total = 0, bad = 0, first_bad = UINT64_MAX;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int one = 1, ls, fd;
	double t0;

	ls = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sa.sin_port = htons(port);
	if (bind(ls, (void *)&sa, sizeof(sa)) || listen(ls, 1)) {
		perror("tcpcheck: bind/listen");
		return 2;
	}
	printf("tcpcheck: listening on %d\n", port);
	fflush(stdout);
	fd = accept(ls, NULL, NULL);
	if (fd < 0) {
		perror("tcpcheck: accept");
		return 2;
	}
	t0 = now();
	if (full_read(fd, hdr, sizeof(hdr)) || (hdr[0] >> 8) != (MAGIC >> 8)) {
		fprintf(stderr, "tcpcheck: bad header\n");
		return 2;
	}
	/* The seed travels in the low byte of the magic word. */
	state = hdr[0] & 0xff ? hdr[0] & 0xff : 1;
	state = (state << 32) ^ 0x9e3779b97f4a7c15ULL;
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		ssize_t i;

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		/* Generate the expected bytes for [total, total + r). */
		for (i = 0; i < r; i++) {
			uint64_t off = total + i;

			if (off % BUFSZ == 0)
				fill(&state, want, BUFSZ);
			if (buf[i] != want[off % BUFSZ]) {
				if (first_bad == UINT64_MAX)
					first_bad = off;
				bad++;
			}
		}
		total += r;
	}
	printf("tcpcheck: bytes=%" PRIu64 " expected=%" PRIu64 " mismatches=%" PRIu64
	       " first_bad=%" PRId64 " seconds=%.3f\n", total, hdr[1], bad,
	       first_bad == UINT64_MAX ? -1 : (int64_t)first_bad, now() - t0);
	return (total == hdr[1] && bad == 0) ? 0 : 1;
}

static int do_send(const char *addr, int port, uint64_t len, unsigned int seed)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	unsigned char buf[BUFSZ];
	uint64_t hdr[2], state, sent = 0;
	int fd, tries;

	sa.sin_port = htons(port);
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
		fprintf(stderr, "tcpcheck: bad address %s\n", addr);
		return 2;
	}
	for (tries = 0;; tries++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (!connect(fd, (void *)&sa, sizeof(sa)))
			break;
		close(fd);
		if (tries == 50) {
			perror("tcpcheck: connect");
			return 2;
		}
		usleep(100000);
	}
	seed &= 0xff;
	hdr[0] = (MAGIC & ~0xffULL) | seed;
	hdr[1] = len;
	if (write(fd, hdr, sizeof(hdr)) != sizeof(hdr))
		return 2;
	state = seed ? seed : 1;
	state = (state << 32) ^ 0x9e3779b97f4a7c15ULL;
	while (sent < len) {
		size_t n = len - sent < BUFSZ ? len - sent : BUFSZ;
		size_t off = 0;

		fill(&state, buf, BUFSZ);
		while (off < n) {
			ssize_t w = write(fd, buf + off, n - off);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				perror("tcpcheck: write");
				return 1;
			}
			off += w;
		}
		sent += n;
	}
	shutdown(fd, SHUT_WR);
	/* Wait for the receiver to close, so every byte was read. */
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	printf("tcpcheck: sent=%" PRIu64 "\n", sent);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "recv"))
		return do_recv(atoi(argv[2]));
	if (argc == 6 && !strcmp(argv[1], "send"))
		return do_send(argv[2], atoi(argv[3]), strtoull(argv[4], NULL, 0),
			       strtoul(argv[5], NULL, 0));
	fprintf(stderr, "usage: tcpcheck recv PORT | send ADDR PORT BYTES SEED\n");
	return 2;
}
