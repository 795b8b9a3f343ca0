/* SPDX-License-Identifier: GPL-2.0 */
/* User-space shim: barriers come from kshim.h. */
#include <linux/kshim.h>
