// SPDX-License-Identifier: Apache-2.0
// The system zlib (zlib1g-dev), for gzip-compressed /metrics responses. Not "CZlib": ZIPFoundation has a module of that name.
#include <zlib.h>
