// SPDX-License-Identifier: Apache-2.0
#ifndef PAIRWATCH_BUILD_INFO_H
#define PAIRWATCH_BUILD_INFO_H

/// The git revision the binary was built from, or "unknown" outside a git checkout.
const char *pairwatch_build_revision(void);

#endif
