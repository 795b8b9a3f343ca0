// SPDX-License-Identifier: GPL-2.0
/*
 * pcireg: read or write one 32-bit register of a PCI memory BAR through
 * sysfs, behind the driver's back, as a hardware fault would.
 *
 *   pcireg /sys/bus/pci/devices/ADDR/resourceN OFFSET          print it
 *   pcireg /sys/bus/pci/devices/ADDR/resourceN OFFSET VALUE    write it
 *
 * OFFSET and VALUE are C numbers (0x400); the value read is printed as
 * 0x%08x.  Exit status 0 on success, 1 with a message otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	volatile uint32_t *reg;
	unsigned long off;
	struct stat st;
	long page = sysconf(_SC_PAGESIZE);
	void *map;
	int fd;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: %s RESOURCE OFFSET [VALUE]\n", argv[0]);
		return 1;
	}
	off = strtoul(argv[2], NULL, 0);
	fd = open(argv[1], argc == 4 ? O_RDWR : O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "pcireg: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (off % 4 || off + 4 > (unsigned long)st.st_size) {
		fprintf(stderr, "pcireg: offset %#lx outside %s (%lld bytes)\n",
			off, argv[1], (long long)st.st_size);
		return 1;
	}
	map = mmap(NULL, page, PROT_READ | (argc == 4 ? PROT_WRITE : 0),
		   MAP_SHARED, fd, off & ~(page - 1));
	if (map == MAP_FAILED) {
		fprintf(stderr, "pcireg: mmap %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	reg = (volatile uint32_t *)((char *)map + (off & (page - 1)));
	if (argc == 4)
		*reg = (uint32_t)strtoul(argv[3], NULL, 0);
	else
		printf("0x%08x\n", *reg);
	munmap(map, page);
	close(fd);
	return 0;
}
