# coop-sched: SCHED_COOP, coop_msg and cooperative AHCI/e1000 drivers, as a
# patch series on Debian's Linux 6.12.117.  See README.md.

# The pinned base: Debian's linux-source-6.12 package.  Both can be
# overridden on the command line (see docs/base-policy.md).
BASE_PKG     ?= linux-source-6.12
BASE_VERSION ?= 6.12.117-1~deb12u1
BASE_SHA256  ?= 585a4a074597aefa2b1a68ada83a3184ba351c127544dea80618bbcceaa3961f
export BASE_PKG BASE_VERSION BASE_SHA256

TOP   := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD ?= $(TOP)/build
export TOP BUILD
SRC := $(BUILD)/src
OBJ := $(BUILD)/obj
SH  := bash $(TOP)/scripts

.PHONY: all base apply config build kernel initramfs boot check shell \
	export mbox lint quilt-check bench-ring bench-sched clean distclean help \
	check-debug check-kcsan torture bench-e1000 bench-ahci bench check-bisect
.NOTPARALLEL:

all: boot

help:
	@sed -n 's/^## //p' $(TOP)/README.md 2>/dev/null || true
	@echo "targets: all (base apply build boot), check, check-debug, check-kcsan, check-bisect, torture, shell, export, mbox, lint, quilt-check, bench, bench-ring, bench-sched, bench-e1000, bench-ahci, clean, distclean"

base:
	@$(SH)/base.sh

apply: base
	@$(SH)/apply.sh

config: apply
	@$(SH)/config.sh

build kernel: config
	@$(SH)/build.sh

initramfs:
	@$(SH)/kselftest.sh
	@$(SH)/initramfs.sh

boot: build initramfs
	@$(SH)/boot.sh

check: build initramfs
	@$(SH)/check.sh

# The same suite on sanitised kernels (own build folder and ccache each).
check-debug: apply
	@$(SH)/check-variant.sh debug

check-kcsan: apply
	@$(SH)/check-variant.sh kcsan

# cooptorture alone for TORTURE_SECS (600) seconds; TORTURE_ARGS adds
# module parameters.
torture: build initramfs
	@$(SH)/torture.sh

shell: build initramfs
	@$(SH)/guest.sh shell $(BUILD)/shell

export:
	@$(SH)/export.sh

mbox:
	@$(SH)/mbox.sh

lint: apply
	@$(SH)/lint.sh

quilt-check:
	@$(SH)/quilt-check.sh

# iperf3 through the converted e1000 and the stock one, side by side.
bench-e1000: build initramfs
	@$(SH)/bench-e1000.sh

# fio through the converted AHCI driver and the stock one, side by side.
bench-ahci: build initramfs
	@$(SH)/bench-ahci.sh

# Every benchmark, then results/bench.{json,md}, plots, docs/bench/, README.
bench: build initramfs
	@$(SH)/bench.sh

# Each patch builds, applied one at a time on top of one full build.
check-bisect: apply
	@$(SH)/check-bisect.sh

bench-ring: apply
	@$(SH)/bench-ring.sh

bench-sched: build initramfs
	@$(SH)/bench-sched.sh

clean:
	rm -rf $(OBJ) $(BUILD)/obj-debug $(BUILD)/obj-kcsan $(BUILD)/initramfs $(BUILD)/initramfs.cpio* $(BUILD)/kselftest \
		$(BUILD)/ksft-obj $(BUILD)/accel.* $(BUILD)/disk.img

distclean:
	rm -rf $(BUILD) $(TOP)/results $(TOP)/.cache
