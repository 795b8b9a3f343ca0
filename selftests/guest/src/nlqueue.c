// SPDX-License-Identifier: GPL-2.0
/*
 * nlqueue: list a network device's queues and the NAPI instance each is
 * linked to, from the netdev generic netlink family (queue-get dump).
 *
 *   nlqueue IFNAME
 *
 * prints one line per queue, "rx 0 napi 8193" or "tx 0 napi none", and
 * exits 0, or 1 with a message.  The constants are those of
 * include/uapi/linux/netdev.h (the build host's headers may predate it).
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NETDEV_CMD_QUEUE_GET	10
#define NETDEV_A_QUEUE_ID	1
#define NETDEV_A_QUEUE_IFINDEX	2
#define NETDEV_A_QUEUE_TYPE	3
#define NETDEV_A_QUEUE_NAPI_ID	4

struct req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[64];
};

static int fd;
static unsigned int seq;

static void put_attr(struct req *r, int type, const void *data, int len)
{
	struct nlattr *a = (void *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static int send_req(struct req *r, int family, int cmd, int flags)
{
	r->n.nlmsg_type = family;
	r->n.nlmsg_flags = NLM_F_REQUEST | flags;
	r->n.nlmsg_seq = ++seq;
	r->g.cmd = cmd;
	r->g.version = 1;
	return send(fd, r, r->n.nlmsg_len, 0) < 0 ? -1 : 0;
}

/* Calls fn for each attribute of each reply; returns 0 at NLMSG_DONE. */
static int recv_all(void (*fn)(struct nlattr *, int, void *), void *arg)
{
	static char buf[32768];

	for (;;) {
		int len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *n;

		if (len < 0)
			return -1;
		for (n = (void *)buf; NLMSG_OK(n, len); n = NLMSG_NEXT(n, len)) {
			struct nlattr *a;
			int rest;

			if (n->nlmsg_type == NLMSG_DONE)
				return 0;
			if (n->nlmsg_type == NLMSG_ERROR) {
				int err = ((struct nlmsgerr *)NLMSG_DATA(n))->error;

				if (!err)
					return 0;
				errno = -err;
				return -1;
			}
			a = (void *)((char *)NLMSG_DATA(n) + GENL_HDRLEN);
			rest = n->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
			fn(a, rest, arg);
			if (!(n->nlmsg_flags & NLM_F_MULTI))
				return 0;
		}
	}
}

static void family_id(struct nlattr *a, int rest, void *arg)
{
	for (; rest >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
	     rest -= NLA_ALIGN(a->nla_len),
	     a = (void *)((char *)a + NLA_ALIGN(a->nla_len)))
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			*(int *)arg = *(unsigned short *)((char *)a + NLA_HDRLEN);
}

static void queue(struct nlattr *a, int rest, void *arg)
{
	unsigned int id = 0, type = 0, napi = 0;
	int has_napi = 0;

	for (; rest >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
	     rest -= NLA_ALIGN(a->nla_len),
	     a = (void *)((char *)a + NLA_ALIGN(a->nla_len))) {
		unsigned int v = *(unsigned int *)((char *)a + NLA_HDRLEN);

		switch (a->nla_type) {
		case NETDEV_A_QUEUE_ID:
			id = v;
			break;
		case NETDEV_A_QUEUE_TYPE:
			type = v;
			break;
		case NETDEV_A_QUEUE_NAPI_ID:
			napi = v;
			has_napi = 1;
			break;
		}
	}
	if (has_napi)
		printf("%s %u napi %u\n", type ? "tx" : "rx", id, napi);
	else
		printf("%s %u napi none\n", type ? "tx" : "rx", id);
	++*(int *)arg;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct req r = { .n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) };
	unsigned int ifindex;
	int family = 0, n = 0;

	if (argc != 2 || !(ifindex = if_nametoindex(argv[1]))) {
		fprintf(stderr, "usage: %s IFNAME (an existing interface)\n", argv[0]);
		return 1;
	}
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("nlqueue: netlink socket");
		return 1;
	}
	put_attr(&r, CTRL_ATTR_FAMILY_NAME, "netdev", 7);
	if (send_req(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0) ||
	    recv_all(family_id, &family) || !family) {
		perror("nlqueue: the netdev family");
		return 1;
	}
	memset(&r, 0, sizeof(r));
	r.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	put_attr(&r, NETDEV_A_QUEUE_IFINDEX, &ifindex, sizeof(ifindex));
	if (send_req(&r, family, NETDEV_CMD_QUEUE_GET, NLM_F_DUMP) ||
	    recv_all(queue, &n)) {
		perror("nlqueue: queue-get");
		return 1;
	}
	return n ? 0 : 1;
}
