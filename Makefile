# coop-sched: SCHED_COOP, coop_msg and cooperative AHCI/e1000 drivers, as a
# patch series on Debian's Linux 7.3.4.  See README.md.

# The pinned base: Debian's linux-source-7.3 package from trixie-backports,
# fetched through a project-local apt configuration under .cache/apt.  All
# can be overridden on the command line (see docs/base-policy.md).
BASE_PKG     ?= linux-source-7.3
BASE_VERSION ?= 7.3.4-1~bpo13+1
BASE_SHA256  ?= 76df1affb19f24926949369be1d74b60071c963c598ce8780bddd4bbf0fc3bc4
BASE_SUITE   ?= trixie-backports
export BASE_PKG BASE_VERSION BASE_SHA256 BASE_SUITE

TOP   := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD ?= $(TOP)/build
export TOP BUILD
SRC := $(BUILD)/src
OBJ := $(BUILD)/obj
SH  := bash $(TOP)/scripts

.PHONY: all deps base apply config build kernel initramfs boot check shell \
	export mbox lint quilt-check bench-ring bench-sched clean distclean help \
	check-debug check-kcsan check-rt check-core check-up config-matrix torture bench-e1000 bench-ahci bench check-bisect \
	stats
.NOTPARALLEL:

all: boot

help:
	@sed -n 's/^## //p' $(TOP)/README.md 2>/dev/null || true
	@echo "targets: all (base apply build boot), check, check-debug, check-kcsan, check-rt, check-core, check-up, check-bisect, config-matrix, torture, stats, shell, export, mbox, lint, quilt-check, bench, bench-ring, bench-sched, bench-e1000, bench-ahci, clean, distclean"

# Every tool the pipeline needs, installed from scripts/packages.txt
# (as root or with passwordless sudo) or named in one command to run.
deps:
	@$(SH)/deps.sh

base: deps
	@$(SH)/base.sh

apply: base
	@$(SH)/apply.sh

config: apply
	@$(SH)/config.sh

build kernel: config
	@$(SH)/build.sh

initramfs: deps
	@$(SH)/kselftest.sh
	@$(SH)/initramfs.sh

boot: build initramfs
	@$(SH)/boot.sh

check: build initramfs
	@$(SH)/check.sh

# The converted drivers against stock, counted on what the kernel of
# 'make' compiles (its .config); docs/stats.md holds the --markdown output.
stats: config
	@python3 $(TOP)/scripts/stats.py $(SRC) $(OBJ)/.config

# The same suite on sanitised kernels (own build folder and ccache each).
check-debug: apply
	@$(SH)/check-variant.sh debug

check-kcsan: apply
	@$(SH)/check-variant.sh kcsan

# The same suite on a PREEMPT_RT kernel (lockdep on).
check-rt: apply
	@$(SH)/check-variant.sh rt

# The guarantee tests with core scheduling (SCHED_CORE=y, one core of two
# SMT threads), and on a uniprocessor kernel (SMP=n).
check-core: apply
	@CHECK_TESTS=$${CHECK_TESTS:-kunit,kselftest,cooptorture,ahci,e1000,mutants} \
		CHECK_THREADIRQS_TESTS=$${CHECK_THREADIRQS_TESTS-} $(SH)/check-variant.sh core

check-up: apply
	@CHECK_TESTS=$${CHECK_TESTS:-kunit,kselftest,cooptorture,ahci,e1000} \
		CHECK_THREADIRQS_TESTS=$${CHECK_THREADIRQS_TESTS-} $(SH)/check-variant.sh up

# cooptorture alone for TORTURE_SECS (600) seconds; TORTURE_ARGS adds
# module parameters.
torture: build initramfs
	@$(SH)/torture.sh

shell: build initramfs
	@$(SH)/guest.sh shell $(BUILD)/shell

export: deps
	@$(SH)/export.sh

mbox: deps
	@$(SH)/mbox.sh

lint: apply
	@$(SH)/lint.sh

# No configuration loses e1000 or AHCI to the series: olddefconfig of
# x86_64/i386 defconfig (plain, SCHED_CORE, PREEMPT_RT, SMP=n) on the base
# and on the series, compared.  No build.
config-matrix: apply
	@$(SH)/config-matrix.sh

quilt-check: deps
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
