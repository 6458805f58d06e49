// SPDX-License-Identifier: Apache-2.0
// A C target because C, unlike Swift, takes a string value from a -D flag: Package.swift defines
// PAIRWATCH_REVISION from the package's git information.
#include "build_info.h"

#ifndef PAIRWATCH_REVISION
#define PAIRWATCH_REVISION "unknown"
#endif

const char *pairwatch_build_revision(void) { return PAIRWATCH_REVISION; }
