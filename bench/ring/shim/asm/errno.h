/* SPDX-License-Identifier: GPL-2.0 */
/* User-space shim: the system's asm/errno.h has the error numbers. */
#include_next <asm/errno.h>
