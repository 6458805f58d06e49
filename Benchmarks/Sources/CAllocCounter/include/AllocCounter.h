// SPDX-License-Identifier: Apache-2.0
// Counts every byte the process asks of malloc, calloc, realloc and the aligned allocators.
#pragma once
#include <stdint.h>

/// Bytes requested since the process started (a realloc counts its new size).
uint64_t alloc_counter_bytes(void);
/// Allocation calls since the process started.
uint64_t alloc_counter_calls(void);
