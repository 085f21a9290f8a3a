#ifndef EMBSH_POOL_H
#define EMBSH_POOL_H

#include <stddef.h>

/// A task of a parallel loop: runs item `index` with the loop's `context`.
typedef void (*embsh_pool_task)(void *context, size_t index);

/// Runs task(context, i) for every i in [0, count) on the calling thread and the pool's worker
/// threads (`workers` of them, started on the first call; later calls keep the first count),
/// each taking the next item as it finishes one, and returns when all have finished.
///
/// Workers that finish a loop spin for a short while (~0.2 ms) before sleeping, so loops that
/// follow each other closely (a batch of queries, each scan split over the cores) start on
/// all threads at once rather than a wake-up (~40 µs) late, which is longer than a small
/// table's whole scan. Returns 0 without running anything when the pool is already running a
/// loop (a nested call, or another thread's): the caller then runs the loop some other way.
int embsh_pool_apply(size_t workers, size_t count, void *context, embsh_pool_task task);

#endif
