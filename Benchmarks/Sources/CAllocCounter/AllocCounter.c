// SPDX-License-Identifier: Apache-2.0
// Interposes glibc's allocator: an executable's own malloc takes precedence over libc's for every shared
// library (ELF symbol resolution), so the Swift runtime, NIO and Foundation all allocate through these
// wrappers, which count and forward to glibc's exported __libc_* entry points. Frees are not counted.
#include "AllocCounter.h"
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

static _Atomic uint64_t counted_bytes;
static _Atomic uint64_t counted_calls;

static inline void count(size_t size) {
    atomic_fetch_add_explicit(&counted_bytes, size, memory_order_relaxed);
    atomic_fetch_add_explicit(&counted_calls, 1, memory_order_relaxed);
}

uint64_t alloc_counter_bytes(void) { return atomic_load_explicit(&counted_bytes, memory_order_relaxed); }
uint64_t alloc_counter_calls(void) { return atomic_load_explicit(&counted_calls, memory_order_relaxed); }

void *malloc(size_t size) { count(size); return __libc_malloc(size); }
void *calloc(size_t count_, size_t size) { count(count_ * size); return __libc_calloc(count_, size); }
void *realloc(void *pointer, size_t size) { count(size); return __libc_realloc(pointer, size); }
void free(void *pointer) { __libc_free(pointer); }
void *memalign(size_t alignment, size_t size) { count(size); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { count(size); return __libc_memalign(alignment, size); }

int posix_memalign(void **out, size_t alignment, size_t size) {
    count(size);
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *out = pointer;
    return 0;
}
