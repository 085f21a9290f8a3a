// A small persistent thread pool for embsh_pool_apply (see pool.h).
//
// One loop runs at a time. Its items are claimed through one 64-bit word holding the loop's
// generation (high half) and the next item (low half): a worker claims item i of loop g by
// compare-and-swap from (g, i) to (g, i + 1), so a worker that wakes late can never claim an
// item of a later loop with an earlier loop's task. Once a loop's items are all done the caller
// closes it (index CLOSED) before the next loop's fields are written: a claim that succeeds was
// made while the loop was open and unfinished, so the fields it read are that loop's.

#include "pool.h"
#include <immintrin.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#define CLOSED UINT32_MAX
#define SPIN_NANOSECONDS 200000

static _Atomic uint64_t loop_word;            // generation << 32 | next item
static _Atomic(embsh_pool_task) loop_task;
static _Atomic(void *) loop_context;
static _Atomic uint32_t loop_count;
static _Atomic uint32_t loop_done;
static _Atomic int busy;
static _Atomic int sleepers;                  // workers waiting on `wake`
static _Atomic int caller_sleeping;           // the caller waiting on `finished`
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER;
static pthread_once_t started = PTHREAD_ONCE_INIT;
static size_t requested_workers;

static uint64_t now_nanoseconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/// Claims and runs items of loop `generation` until none is left or the loop has changed.
static void run_items(uint32_t generation) {
    uint64_t word = atomic_load(&loop_word);
    for (;;) {
        if ((uint32_t)(word >> 32) != generation) return;
        uint32_t index = (uint32_t)word;
        embsh_pool_task task = atomic_load_explicit(&loop_task, memory_order_relaxed);
        void *context = atomic_load_explicit(&loop_context, memory_order_relaxed);
        uint32_t count = atomic_load_explicit(&loop_count, memory_order_relaxed);
        if (index >= count) return;
        if (!atomic_compare_exchange_weak(&loop_word, &word, word + 1)) continue;
        task(context, index);
        if (atomic_fetch_add(&loop_done, 1) + 1 == count && atomic_load(&caller_sleeping)) {
            pthread_mutex_lock(&lock);
            pthread_cond_signal(&finished);
            pthread_mutex_unlock(&lock);
        }
        word = atomic_load(&loop_word);
    }
}

static void *worker(void *unused) {
    (void)unused;
    uint32_t seen = 0;
    for (;;) {
        uint64_t deadline = now_nanoseconds() + SPIN_NANOSECONDS;
        for (unsigned spins = 1; (uint32_t)(atomic_load(&loop_word) >> 32) == seen; spins++) {
            _mm_pause();
            if (spins % 64 == 0 && now_nanoseconds() > deadline) {
                pthread_mutex_lock(&lock);
                atomic_fetch_add(&sleepers, 1);
                while ((uint32_t)(atomic_load(&loop_word) >> 32) == seen) pthread_cond_wait(&wake, &lock);
                atomic_fetch_sub(&sleepers, 1);
                pthread_mutex_unlock(&lock);
            }
        }
        seen = (uint32_t)(atomic_load(&loop_word) >> 32);
        run_items(seen);
    }
    return NULL;
}

static void start_workers(void) {
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attributes, 8u << 20);
    for (size_t k = 0; k < requested_workers; k++) {
        pthread_t thread;
        if (pthread_create(&thread, &attributes, worker, NULL) != 0) break;
    }
    pthread_attr_destroy(&attributes);
}

int embsh_pool_apply(size_t workers, size_t count, void *context, embsh_pool_task task) {
    if (count >= CLOSED) return 0;
    int idle = 0;
    if (!atomic_compare_exchange_strong(&busy, &idle, 1)) return 0;
    requested_workers = workers;
    pthread_once(&started, start_workers);

    uint32_t generation = (uint32_t)(atomic_load(&loop_word) >> 32) + 1;
    atomic_store(&loop_task, task);
    atomic_store(&loop_context, context);
    atomic_store(&loop_count, (uint32_t)count);
    atomic_store(&loop_done, 0);
    atomic_store(&loop_word, (uint64_t)generation << 32);
    if (atomic_load(&sleepers) > 0) {
        pthread_mutex_lock(&lock);
        pthread_cond_broadcast(&wake);
        pthread_mutex_unlock(&lock);
    }

    run_items(generation);
    uint64_t deadline = now_nanoseconds() + SPIN_NANOSECONDS;
    for (unsigned spins = 1; atomic_load(&loop_done) != count; spins++) {
        _mm_pause();
        if (spins % 64 == 0 && now_nanoseconds() > deadline) {
            pthread_mutex_lock(&lock);
            atomic_store(&caller_sleeping, 1);
            while (atomic_load(&loop_done) != count) pthread_cond_wait(&finished, &lock);
            atomic_store(&caller_sleeping, 0);
            pthread_mutex_unlock(&lock);
        }
    }
    atomic_store(&loop_word, (uint64_t)generation << 32 | CLOSED);
    atomic_store(&busy, 0);
    return 1;
}
