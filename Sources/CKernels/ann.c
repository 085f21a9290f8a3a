// HNSW graph search and insertion, and the reduced-precision scans (see ann.h).
// Each public function's body is compiled three times (AVX-512, AVX2 with FMA and F16C, and
// baseline x86-64) and the variant is chosen once at run time from the processor's features.
#include "ann.h"
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#pragma clang fp contract(fast)
#pragma clang diagnostic ignored "-Wpsabi"

typedef float f16v __attribute__((vector_size(64), aligned(4)));
typedef float f8v __attribute__((vector_size(32), aligned(4)));
typedef float f4v __attribute__((vector_size(16), aligned(4)));

#define INLINE static inline __attribute__((always_inline))

INLINE float hsum(f16v a) {
    f8v h = __builtin_shufflevector(a, a, 0, 1, 2, 3, 4, 5, 6, 7) + __builtin_shufflevector(a, a, 8, 9, 10, 11, 12, 13, 14, 15);
    return h[0] + h[1] + h[2] + h[3] + h[4] + h[5] + h[6] + h[7];
}

INLINE float fdot(const float *a, const float *b, size_t n) {
    f16v acc0 = {0}, acc1 = {0};
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        f16v a0, b0, a1, b1;
        memcpy(&a0, a + i, 64); memcpy(&b0, b + i, 64);
        memcpy(&a1, a + i + 16, 64); memcpy(&b1, b + i + 16, 64);
        acc0 += a0 * b0;
        acc1 += a1 * b1;
    }
    for (; i + 16 <= n; i += 16) {
        f16v a0, b0;
        memcpy(&a0, a + i, 64); memcpy(&b0, b + i, 64);
        acc0 += a0 * b0;
    }
    f8v acc8 = {0}, a8, b8;
    if (i + 8 <= n) {
        memcpy(&a8, a + i, 32); memcpy(&b8, b + i, 32);
        acc8 = a8 * b8;
        i += 8;
    }
    f4v acc4 = __builtin_shufflevector(acc8, acc8, 0, 1, 2, 3) + __builtin_shufflevector(acc8, acc8, 4, 5, 6, 7);
    if (i + 4 <= n) {  // dimensions such as 100 and 300 end in four values
        f4v a4, b4;
        memcpy(&a4, a + i, 16); memcpy(&b4, b + i, 16);
        acc4 += a4 * b4;
        i += 4;
    }
    float s = hsum(acc0 + acc1) + acc4[0] + acc4[1] + acc4[2] + acc4[3];
    for (; i < n; i++) s += a[i] * b[i];
    return s;
}

// MARK: - Heaps of (score, id)

typedef struct { float score; int32_t id; } hit;

typedef struct {
    hit *items;
    size_t count, capacity;
} heap;

/// `worst_first`: a min-heap on score (the result beam); else a max-heap (the candidates).
INLINE int before(hit a, hit b, int worst_first) { return worst_first ? a.score < b.score : a.score > b.score; }

INLINE int heap_push(heap *h, hit x, int worst_first) {
    if (h->count == h->capacity) {
        size_t capacity = h->capacity * 2;
        hit *grown = realloc(h->items, capacity * sizeof(hit));
        if (!grown) return -1;
        h->items = grown;
        h->capacity = capacity;
    }
    size_t i = h->count++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!before(x, h->items[parent], worst_first)) break;
        h->items[i] = h->items[parent];
        i = parent;
    }
    h->items[i] = x;
    return 0;
}

/// Puts `x` at the root of a non-empty heap and sifts it down to its place.
INLINE void heap_replace_top(heap *h, hit x, int worst_first) {
    size_t i = 0, n = h->count;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && before(h->items[child + 1], h->items[child], worst_first)) child++;
        if (!before(h->items[child], x, worst_first)) break;
        h->items[i] = h->items[child];
        i = child;
    }
    h->items[i] = x;
}

INLINE hit heap_pop(heap *h, int worst_first) {
    hit top = h->items[0];
    hit last = h->items[--h->count];
    if (h->count > 0) heap_replace_top(h, last, worst_first);
    return top;
}

struct embsh_hnsw_scratch {
    uint64_t *visited;  // a bit per row (a table's marks stay in the core's own caches)
    uint32_t *touched;  // the words of `visited` with a bit set, to clear before the next search
    size_t touched_count;
    heap candidates, results;
    hit *sorted;        // the beam, best first (capacity ef + 1)
    size_t sorted_capacity;
    int32_t links[257]; // a copy of one neighbour list (m0 ≤ 256) plus the new row
    hit pool[257];
    int32_t kept[257];
    int16_t *query_codes; // the query as 16-bit integers, for code scoring (grown as needed)
    size_t query_capacity;
};

embsh_hnsw_scratch *embsh_hnsw_scratch_new(size_t count, size_t ef) {
    embsh_hnsw_scratch *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (ef < 1) ef = 1;
    size_t words = count / 64 + 1;
    s->visited = calloc(words, sizeof(uint64_t));
    s->touched = malloc(words * sizeof(uint32_t));
    s->candidates.capacity = ef + 1;
    s->results.capacity = ef + 1;
    s->candidates.items = malloc((ef + 1) * sizeof(hit));
    s->results.items = malloc((ef + 1) * sizeof(hit));
    s->sorted_capacity = ef + 1;
    s->sorted = malloc((ef + 1) * sizeof(hit));
    if (!s->visited || !s->touched || !s->candidates.items || !s->results.items || !s->sorted) {
        embsh_hnsw_scratch_free(s);
        return NULL;
    }
    return s;
}

void embsh_hnsw_scratch_free(embsh_hnsw_scratch *s) {
    if (!s) return;
    free(s->visited);
    free(s->touched);
    free(s->candidates.items);
    free(s->results.items);
    free(s->sorted);
    free(s->query_codes);
    free(s);
}

INLINE void clear_visited(embsh_hnsw_scratch *s) {
    for (size_t i = 0; i < s->touched_count; i++) s->visited[s->touched[i]] = 0;
    s->touched_count = 0;
}

/// Marks `row` visited; whether it was not yet.
INLINE int visit(embsh_hnsw_scratch *s, int32_t row) {
    uint64_t *word = s->visited + (row >> 6), bit = (uint64_t)1 << (row & 63);
    if (*word & bit) return 0;
    if (!*word) s->touched[s->touched_count++] = (uint32_t)(row >> 6);
    *word |= bit;
    return 1;
}

// MARK: - The graph

INLINE void lock(const embsh_hnsw *g, int32_t row) {
    if (!g->locks) return;
    while (__atomic_test_and_set(g->locks + row, __ATOMIC_ACQUIRE)) __builtin_ia32_pause();
}

INLINE void unlock(const embsh_hnsw *g, int32_t row) {
    if (g->locks) __atomic_clear(g->locks + row, __ATOMIC_RELEASE);
}

/// Row `row`'s list on `level` (its count first), or NULL when the graph says it has none.
INLINE int32_t *list_of(const embsh_hnsw *g, int32_t row, int level) {
    if (level == 0) return g->links0 + (size_t)row * (size_t)(g->m0 + 1);
    if (g->levels[row] < level) return NULL;
    int64_t start = g->upper_offsets[row];
    int64_t at = start + (int64_t)(level - 1) * (g->m + 1);
    if (start < 0 || at < 0 || (uint64_t)at + (uint64_t)(g->m + 1) > g->upper_count) return NULL;
    return g->upper + at;
}

INLINE float score_of(const embsh_hnsw *g, int32_t row, const float *query, float query_inverse) {
    return fdot(g->vectors + (size_t)row * g->dim, query, g->dim) * g->inverse_norms[row] * query_inverse;
}

typedef int8_t i8x16 __attribute__((vector_size(16), aligned(1)));
typedef int16_t i16x16 __attribute__((vector_size(32), aligned(2)));
typedef int32_t i32x16 __attribute__((vector_size(64)));
typedef int32_t i32x8 __attribute__((vector_size(32)));

/// Σ code[j] · query[j] over `padded` values (a multiple of 16), in 32-bit integers. Written as
/// products of adjacent pairs summed, the shape the compiler turns into vpmaddwd (pmaddwd).
INLINE int32_t code_dot(const int8_t *code, const int16_t *query, size_t padded) {
    i32x8 acc = {0};
    for (size_t j = 0; j < padded; j += 16) {
        i8x16 c;
        i16x16 q;
        memcpy(&c, code + j, 16);
        memcpy(&q, query + j, 32);
        i32x16 p = __builtin_convertvector(__builtin_convertvector(c, i16x16), i32x16) * __builtin_convertvector(q, i32x16);
        acc += __builtin_shufflevector(p, p, 0, 2, 4, 6, 8, 10, 12, 14) + __builtin_shufflevector(p, p, 1, 3, 5, 7, 9, 11, 13, 15);
    }
    return __builtin_reduce_add(acc);
}

/// What a search scores rows against: the float32 unit query (`codes` NULL, or while building),
/// or its 16-bit form against the rows' int8 codes, score = row scale · query scale · Σ code · query.
typedef struct {
    const float *query;
    float inverse;
    const int16_t *codes;
    float scale;
} probe;

INLINE float probe_score(const embsh_hnsw *g, const probe *p, int32_t row) {
    if (!p->codes) return score_of(g, row, p->query, p->inverse);
    const uint8_t *c = g->codes + (size_t)row * g->code_stride;
    float row_scale;
    memcpy(&row_scale, c, 4);
    return row_scale * p->scale * (float)code_dot((const int8_t *)c + 4, p->codes, (g->dim + 15) & ~(size_t)15);
}

/// Requests the first cache line a score of `row` reads, the first two of a code (the rest
/// follow in `prefetch_row`).
INLINE void prefetch_first(const embsh_hnsw *g, const probe *p, int32_t row) {
    if (p->codes) {
        const uint8_t *c = g->codes + (size_t)row * g->code_stride;
        __builtin_prefetch(c);
        __builtin_prefetch(c + 64);
    } else {
        __builtin_prefetch(g->vectors + (size_t)row * g->dim);
        __builtin_prefetch(g->inverse_norms + row);
    }
}

/// Copies row's list on `level` into s->links (under its lock while building); its length, or −1.
INLINE int copy_list(const embsh_hnsw *g, int32_t row, int level, embsh_hnsw_scratch *s) {
    int32_t *list = list_of(g, row, level);
    if (!list) return -1;
    int max = level == 0 ? g->m0 : g->m;
    lock(g, row);
    int n = list[0];
    if (n < 0 || n > max) { unlock(g, row); return -1; }
    memcpy(s->links, list + 1, (size_t)n * sizeof(int32_t));
    unlock(g, row);
    return n;
}

/// Whether `n` may be read as a neighbour on `level`: a row of the table, and on an upper level
/// one that has that level (level 0 skips the level read: any row's vector is safe to score).
INLINE int valid_neighbour(const embsh_hnsw *g, int32_t n, int level) {
    return n >= 0 && (size_t)n < g->count && (level == 0 || g->levels[n] >= level);
}

/// Requests the cache lines of `row`'s vector or code after those `prefetch_first` requested.
INLINE void prefetch_row(const embsh_hnsw *g, const probe *p, int32_t row) {
    if (p->codes) {
        const char *c = (const char *)(g->codes + (size_t)row * g->code_stride);
        for (size_t b = 128; b < 4 + g->dim; b += 64) __builtin_prefetch(c + b);
    } else {
        const char *v = (const char *)(g->vectors + (size_t)row * g->dim);
        for (size_t b = 64; b < g->dim * sizeof(float); b += 64) __builtin_prefetch(v + b);
    }
}

/// Requests `row`'s level-0 list (the next candidate's, while the current one is scored).
INLINE void prefetch_list(const embsh_hnsw *g, int32_t row) {
    const char *list = (const char *)(g->links0 + (size_t)row * (size_t)(g->m0 + 1));
    for (size_t b = 0; b < (size_t)(g->m0 + 1) * sizeof(int32_t); b += 64) __builtin_prefetch(list + b);
}

/// Greedy descent on `level` from *current towards the query.
INLINE int greedy(const embsh_hnsw *g, const probe *p, int level, int32_t *current, float *current_score,
                  embsh_hnsw_scratch *s) {
    for (int changed = 1; changed;) {
        changed = 0;
        int n = copy_list(g, *current, level, s);
        if (n < 0) return -1;
        for (int i = 0; i < n; i++) {
            int32_t c = s->links[i];
            if (!valid_neighbour(g, c, level)) return -1;
            float score = probe_score(g, p, c);
            if (score > *current_score) {
                *current_score = score;
                *current = c;
                changed = 1;
            }
        }
    }
    return 0;
}

/// The beam search of one level from `entry`; leaves the beam in s->sorted, best first, and
/// returns its size (−1: damaged graph or no memory). Only rows below `limit` enter the beam.
INLINE long search_level(const embsh_hnsw *g, const probe *p, int32_t entry, const int32_t *seeds, size_t seed_count,
                         int level, size_t ef, size_t limit, embsh_hnsw_scratch *s) {
    clear_visited(s);
    s->candidates.count = 0;
    s->results.count = 0;
    for (size_t i = 0; i <= seed_count; i++) {
        int32_t row = i < seed_count ? seeds[i] : entry;
        if (row < 0 || (size_t)row >= g->count || g->levels[row] < level || !visit(s, row)) continue;
        hit start = { probe_score(g, p, row), row };
        if (heap_push(&s->candidates, start, 0)) return -1;
        if ((size_t)row >= limit) continue;
        if (s->results.count < ef) {
            if (heap_push(&s->results, start, 1)) return -1;
        } else if (start.score > s->results.items[0].score) heap_replace_top(&s->results, start, 1);
    }
    while (s->candidates.count > 0) {
        hit c = heap_pop(&s->candidates, 0);
        if (s->results.count >= ef && c.score < s->results.items[0].score) break;
        int n = copy_list(g, c.id, level, s);
        if (n < 0) return -1;
        if (level == 0 && s->candidates.count > 0) prefetch_list(g, s->candidates.items[0].id);
        // First the rows not seen yet, their first cache lines requested, then their scores,
        // each row's remaining lines requested one row ahead (hnswlib prefetches likewise).
        int fresh = 0;
        for (int i = 0; i < n; i++) {
            int32_t x = s->links[i];
            if (!valid_neighbour(g, x, level)) return -1;
            if (!visit(s, x)) continue;
            s->links[fresh++] = x;
            prefetch_first(g, p, x);
        }
        if (fresh > 0) prefetch_row(g, p, s->links[0]);
        for (int i = 0; i < fresh; i++) {
            int32_t x = s->links[i];
            if (i + 1 < fresh) prefetch_row(g, p, s->links[i + 1]);
            float score = probe_score(g, p, x);
            if (s->results.count < ef || score > s->results.items[0].score) {
                hit h = { score, x };
                if (heap_push(&s->candidates, h, 0)) return -1;
                if ((size_t)x < limit) {
                    if (s->results.count < ef) {
                        if (heap_push(&s->results, h, 1)) return -1;
                    } else heap_replace_top(&s->results, h, 1);
                }
            }
        }
    }
    size_t found = s->results.count;
    if (found > s->sorted_capacity) {
        hit *grown = realloc(s->sorted, found * sizeof(hit));
        if (!grown) return -1;
        s->sorted = grown;
        s->sorted_capacity = found;
    }
    for (size_t i = found; i > 0; i--) s->sorted[i - 1] = heap_pop(&s->results, 1);
    return (long)found;
}

/// Malkov's neighbour heuristic: walking `pool` best first, keeps a row unless it is closer to
/// one already kept than to the base row; at most `max` rows, into s->kept. Returns how many.
INLINE int select_neighbours(const embsh_hnsw *g, const hit *pool, size_t n, int max, embsh_hnsw_scratch *s) {
    int kept = 0;
    for (size_t i = 0; i < n && kept < max; i++) {
        const float *v = g->vectors + (size_t)pool[i].id * g->dim;
        float inv = g->inverse_norms[pool[i].id];
        int good = 1;
        for (int j = 0; j < kept; j++) {
            int32_t other = s->kept[j];
            float between = fdot(v, g->vectors + (size_t)other * g->dim, g->dim) * inv * g->inverse_norms[other];
            if (between > pool[i].score) { good = 0; break; }
        }
        if (good) s->kept[kept++] = pool[i].id;
    }
    return kept;
}

/// Sorts `n` hits best first (insertion sort: a neighbour list's 2m + 1 entries, no call per comparison).
INLINE void sort_hits(hit *hits, size_t n) {
    for (size_t i = 1; i < n; i++) {
        hit x = hits[i];
        size_t j = i;
        for (; j > 0 && hits[j - 1].score < x.score; j--) hits[j] = hits[j - 1];
        hits[j] = x;
    }
}

/// Adds `row` to the list of `neighbour` on `level`, pruning it with the heuristic when full.
INLINE int link_back(embsh_hnsw *g, int32_t neighbour, int32_t row, int level, embsh_hnsw_scratch *s) {
    int32_t *list = list_of(g, neighbour, level);
    if (!list) return -1;
    int max = level == 0 ? g->m0 : g->m;
    lock(g, neighbour);
    int n = list[0];
    if (n < 0 || n > max) { unlock(g, neighbour); return -1; }
    if (n < max) {
        list[1 + n] = row;
        list[0] = n + 1;
        unlock(g, neighbour);
        return 0;
    }
    const float *base = g->vectors + (size_t)neighbour * g->dim;
    float inv = g->inverse_norms[neighbour];
    for (int i = 0; i <= n; i++) {
        int32_t x = i < n ? list[1 + i] : row;
        if (x < 0 || (size_t)x >= g->count) { unlock(g, neighbour); return -1; }
        s->pool[i] = (hit){ score_of(g, x, base, inv), x };
    }
    sort_hits(s->pool, (size_t)n + 1);
    int kept = select_neighbours(g, s->pool, (size_t)n + 1, max, s);
    memcpy(list + 1, s->kept, (size_t)kept * sizeof(int32_t));
    list[0] = kept;
    unlock(g, neighbour);
    return 0;
}

/// The unit query as 16-bit integers in s->query_codes (zeros up to a multiple of 16), as large
/// as they can be while no code dot product (|code| ≤ 127) can pass 2^31 − 1; p->scale undoes it.
INLINE int quantize_query(const float *query, size_t dim, embsh_hnsw_scratch *s, probe *p) {
    size_t padded = (dim + 15) & ~(size_t)15;
    if (padded > s->query_capacity) {
        int16_t *grown = realloc(s->query_codes, padded * sizeof(int16_t));
        if (!grown) return -1;
        s->query_codes = grown;
        s->query_capacity = padded;
    }
    double largest = 0, total = 0;
    for (size_t j = 0; j < dim; j++) {
        double a = __builtin_fabs((double)query[j]);
        if (a == a && a < __builtin_inf()) {
            largest = a > largest ? a : largest;
            total += a;
        }
    }
    double factor = largest > 0 ? 32767 / largest : 1, bound = 2147483647.0 / 127 / (total > 0 ? total : 1);
    if (factor > bound) factor = bound;
    for (size_t j = 0; j < padded; j++) {
        double x = j < dim ? (double)query[j] * factor : 0;
        s->query_codes[j] = x == x && __builtin_fabs(x) <= 32767 ? (int16_t)x : 0;
    }
    p->codes = s->query_codes;
    p->scale = (float)(1 / factor);
    return 0;
}

INLINE int insert(embsh_hnsw *g, int32_t row, size_t ef, embsh_hnsw_scratch *s) {
    int level = g->levels[row];
    if (level < 0) return 0;
    probe p = { g->vectors + (size_t)row * g->dim, g->inverse_norms[row], NULL, 0 };
    if (g->codes) {
        if (quantize_query(p.query, g->dim, s, &p)) return -1;
        p.scale *= p.inverse;
    }
    while (__atomic_test_and_set(g->entry_lock, __ATOMIC_ACQUIRE)) __builtin_ia32_pause();
    int32_t current = g->entry;
    int top = g->max_level;
    if (current < 0) {
        g->entry = row;
        g->max_level = level;
        __atomic_clear(g->entry_lock, __ATOMIC_RELEASE);
        return 0;
    }
    int holding = level > top;
    if (!holding) __atomic_clear(g->entry_lock, __ATOMIC_RELEASE);
    int status = 0;
    float current_score = probe_score(g, &p, current);
    for (int l = top; l > level && status == 0; l--)
        status = greedy(g, &p, l, &current, &current_score, s);
    for (int l = level < top ? level : top; l >= 0 && status == 0; l--) {
        long found = search_level(g, &p, current, NULL, 0, l, ef, g->count, s);
        if (found < 0) { status = -1; break; }
        // The row itself may be in the beam when it was reached through a neighbour's back link.
        size_t kept_pool = 0;
        for (long i = 0; i < found; i++)
            if (s->sorted[i].id != row) s->sorted[kept_pool++] = s->sorted[i];
        if (kept_pool == 0) continue;
        // Walked on the codes, the beam is rescored in float32 before the neighbours are chosen:
        // on 1,000,000×300 building takes 80 s where walking in float32 took 111 s (recall@10 at
        // ef=192: 0.978 and 0.9775), on the corpus table 1.10–1.15 s where it took 1.25–1.28 s.
        if (p.codes) {
            for (size_t i = 0; i < kept_pool; i++) s->sorted[i].score = score_of(g, s->sorted[i].id, p.query, p.inverse);
            sort_hits(s->sorted, kept_pool);
        }
        // As many as the level's list holds (2m on level 0, as FAISS keeps; hnswlib stops at m):
        // on the 1,000,000×300 mixture, recall@10 at ef=192 goes from 0.97 to 0.99.
        int kept = select_neighbours(g, s->sorted, kept_pool, l == 0 ? g->m0 : g->m, s);
        int32_t mine[257];
        memcpy(mine, s->kept, (size_t)kept * sizeof(int32_t));
        int32_t *list = list_of(g, row, l);
        if (!list) { status = -1; break; }
        lock(g, row);
        memcpy(list + 1, mine, (size_t)kept * sizeof(int32_t));
        list[0] = kept;
        unlock(g, row);
        for (int i = 0; i < kept && status == 0; i++) status = link_back(g, mine[i], row, l, s);
        current = s->sorted[0].id;
    }
    if (holding) {
        if (status == 0) {
            g->entry = row;
            g->max_level = level;
        }
        __atomic_clear(g->entry_lock, __ATOMIC_RELEASE);
    }
    return status;
}

INLINE long search(const embsh_hnsw *g, const float *query, size_t ef, size_t limit, const int32_t *seeds, size_t seed_count,
                   embsh_hnsw_scratch *s, int32_t *ids, float *scores) {
    int32_t current = g->entry;
    if (current < 0) return 0;
    if ((size_t)current >= g->count || g->levels[current] < g->max_level) return -1;
    probe p = { query, 1, NULL, 0 };
    if (g->codes && quantize_query(query, g->dim, s, &p)) return -1;
    float current_score = probe_score(g, &p, current);
    for (int l = g->max_level; l > 0; l--)
        if (greedy(g, &p, l, &current, &current_score, s)) return -1;
    long found = search_level(g, &p, current, seeds, seed_count, 0, ef, limit, s);
    for (long i = 0; i < found; i++) {
        ids[i] = s->sorted[i].id;
        scores[i] = s->sorted[i].score;
    }
    return found;
}

// MARK: - Reduced precision
//
// With AVX-512, both scans score sixteen rows at a time, gather the sixteen sums into one vector
// (`lane_sums16`), compare them with the floor at once and append the rows that pass without a
// branch (`offer16`); the int8 scan multiplies 64 codes by the query's bytes per instruction
// where VNNI exists. Without AVX-512 (below): the int8 scan takes four rows at a time, so each
// slice of the query is loaded once for four rows, and folds the four sums together; int8 codes are multiplied as 16-bit integers
// (vpmaddwd: two products summed per 32-bit lane), twice the work per instruction of converting
// them to floats. Blocks of four rows are not the long sequential streams the hardware
// prefetcher follows, so the next rows are asked for explicitly. The float16 scan reads one row
// after the other instead: on large tables it waits on memory, and a plain front-to-back stream
// is what that prefetcher follows best. In both, a
// row's last `dim mod 8` values are read as the row's last eight, those already counted masked
// to zero, so nothing is read outside the rows and no value is counted twice.

#define VECTOR __attribute__((target("avx2,fma,f16c"), always_inline)) static inline
/// How far ahead of the rows being scored their successors are fetched.
#define PREFETCH_BYTES 2048
/// The AVX-512 scans score sixteen rows at a time. Rows in the cache are read side by side, each
/// block of the query loaded once for all sixteen; a scan of more bytes than this, which must come
/// from memory, reads them one after the other instead, the stream the hardware prefetcher follows.
/// Measured on Zen 4 (2 threads): the corpus table's halves (43,889×100, 4.4 MB a thread) take 113 µs
/// a half side by side and 133 µs in turn; 1,000,000×300 takes 33 ms side by side and 17 ms in turn.
#define STREAMED_BYTES ((size_t)8 << 20)

/// 16 zero bytes, then 16 of ones: read from `zeros_then_ones + s` (s ≤ 16), 16 − s zeros, then ones.
static const uint8_t zeros_then_ones[32] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

/// The totals of four rows' accumulators, in row order.
VECTOR __m128i total4_epi32(__m256i a0, __m256i a1, __m256i a2, __m256i a3) {
    __m256i s = _mm256_hadd_epi32(_mm256_hadd_epi32(a0, a1), _mm256_hadd_epi32(a2, a3));
    return _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
}

/// The best `k` rows seen so far, among the `count` rows kept in `rows` and `scores` (room for
/// `capacity` ≥ k + 16). A row scoring at least `floor` is appended; when the room is full the best k
/// are selected (`keep_best`) and `floor` becomes the k-th best score. Appending is a store where a
/// bounded heap takes a walk down the heap, whose branches the processor cannot predict: a scan
/// of 22,000 rows for 50 offers ~500 rows, and the heap cost the int8 scan a third of its time.
typedef struct {
    size_t *rows;
    float *scores;
    size_t count, k, capacity;
    float floor;
} best;

/// Whether (s1, r1) ranks below (s2, r2): a lower score, or the same score and a higher row.
INLINE int ranks_below(float s1, size_t r1, float s2, size_t r2) { return s1 < s2 || (s1 == s2 && r1 > r2); }

INLINE int item_below(const best *b, size_t i, size_t j) { return ranks_below(b->scores[i], b->rows[i], b->scores[j], b->rows[j]); }

INLINE void swap_items(best *b, size_t i, size_t j) {
    size_t r = b->rows[i];
    float s = b->scores[i];
    b->rows[i] = b->rows[j];
    b->scores[i] = b->scores[j];
    b->rows[j] = r;
    b->scores[j] = s;
}

/// Sifts item i of the heap [lo, lo + n) (the worst item at its root) down to its place.
static void sift_down(best *b, size_t lo, size_t n, size_t i) {
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) return;
        if (c + 1 < n && item_below(b, lo + c + 1, lo + c)) c++;
        if (!item_below(b, lo + c, lo + i)) return;
        swap_items(b, lo + c, lo + i);
        i = c;
    }
}

/// Heapsort of items [lo, hi), best first: the guaranteed O(n log n) path when quickselect's
/// pivots keep falling badly.
static void sort_items(best *b, size_t lo, size_t hi) {
    size_t n = hi - lo;
    for (size_t i = n / 2; i-- > 0;) sift_down(b, lo, n, i);
    for (size_t end = n; end > 1; end--) {
        swap_items(b, lo, lo + end - 1);
        sift_down(b, lo, end - 1, 0);
    }
}

/// Moves the best k of the `count` items to the front (quickselect, pivot the median of three,
/// with heapsort when it takes too many rounds), keeps only them and raises `floor` to the k-th
/// best score.
static void keep_best(best *b) {
    size_t lo = 0, hi = b->count, k = b->k, rounds = 0, limit = 16;
    for (size_t n = hi; n > 1; n /= 2) limit += 2;
    while (hi - lo > 1 && lo < k && k < hi) {
        if (++rounds > limit) {
            sort_items(b, lo, hi);
            break;
        }
        size_t mid = lo + (hi - lo) / 2, last = hi - 1;
        if (item_below(b, mid, lo)) swap_items(b, mid, lo);
        if (item_below(b, last, lo)) swap_items(b, last, lo);
        if (item_below(b, last, mid)) swap_items(b, last, mid);
        swap_items(b, mid, last);  // the median of the three is the pivot, at the end
        // Lomuto's partition without branches (whether an item ranks above the pivot is random,
        // so a branch on it would be mispredicted half the time): every item is swapped with
        // the first one not known to rank above the pivot, and that position advances only past
        // one that does.
        size_t store = lo, pivot_row = b->rows[last];
        float pivot_score = b->scores[last];
        for (size_t i = lo; i < last; i++) {
            swap_items(b, i, store);
            float score = b->scores[store];
            store += (size_t)((pivot_score < score) | ((pivot_score == score) & (pivot_row > b->rows[store])));
        }
        swap_items(b, store, last);
        // [lo, store) rank above the pivot at `store`, (store, hi) below it.
        if (k <= store) hi = store;
        else lo = store + 1;
    }
    if (b->count < k) return;
    b->count = k;
    float floor = b->scores[0];
    for (size_t i = 1; i < b->count; i++)
        if (b->scores[i] < floor) floor = b->scores[i];
    b->floor = floor;
}

/// Appends a row, first making room (`offer16` may have filled the room to the last place).
INLINE void offer(best *b, float score, size_t row) {
    if (b->count == b->capacity) keep_best(b);
    b->rows[b->count] = row;
    b->scores[b->count] = score;
    b->count++;
}

/// Offers row `r`: its score is `sum` times its inverse norm; rows without a cosine (inverse
/// norm 0, or NaN) are left out.
INLINE void offer_row(best *b, float sum, const float *inverse_norms, size_t r) {
    float score = sum * inverse_norms[r];
    if (inverse_norms[r] > 0 && score >= b->floor) offer(b, score, r);
}

/// Offers rows r … r + 3, whose sums are in `sums`.
VECTOR void offer4(best *b, __m128 sums, const float *inverse_norms, size_t r) {
    __m128 inverse = _mm_loadu_ps(inverse_norms + r), v = _mm_mul_ps(sums, inverse);
    int mask = _mm_movemask_ps(_mm_and_ps(_mm_cmp_ps(v, _mm_set1_ps(b->floor), _CMP_GE_OQ),
                                          _mm_cmp_ps(inverse, _mm_setzero_ps(), _CMP_GT_OQ)));
    if (!mask) return;
    float s[4];
    _mm_storeu_ps(s, v);
    for (int k = 0; k < 4; k++)
        if (mask >> k & 1 && s[k] >= b->floor) offer(b, s[k], r + (size_t)k);
}

/// One row's int8 score, in scalar code (rows after the last block of four, and dim < 16).
INLINE float int8_row(const uint8_t *c, size_t dim, const int16_t *query, float scale, float bias) {
#pragma clang fp contract(off)  // as the vector code rounds: a product, then a sum
    int32_t s = 0;
    for (size_t j = 0; j < dim; j++) s += (int32_t)c[j] * query[j];
    return bias + (float)s * scale;
}

/// vpmaddwd of eight codes (zero-extended) with eight query values, in the low half of a vector.
VECTOR __m256i madd8(__m128i codes, __m128i query) {
    return _mm256_zextsi128_si256(_mm_madd_epi16(_mm_cvtepu8_epi16(codes), query));
}

VECTOR void int8_best_vector(const uint8_t *codes, size_t count, size_t dim, const int16_t *query, float scale,
                             float bias, const float *inverse_norms, best *b) {
    size_t r = 0;
    if (dim >= 16) {
        size_t body = dim & ~(size_t)15, eight = dim - body >= 8, tail = (dim - body) & 7;
        __m128i q8 = eight ? _mm_loadu_si128((const __m128i *)(query + body)) : _mm_setzero_si128();
        __m128i qt = _mm_loadu_si128((const __m128i *)(query + dim - 8));
        __m128i mask = _mm_loadl_epi64((const __m128i *)(zeros_then_ones + 8 + tail));
        for (; r + 4 <= count; r += 4) {
            const uint8_t *c0 = codes + r * dim, *c1 = c0 + dim, *c2 = c1 + dim, *c3 = c2 + dim;
            __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
            for (size_t j = 0; j < body; j += 16) {
                _mm_prefetch((const char *)c0 + PREFETCH_BYTES + j * 4, _MM_HINT_T0);
                __m256i q = _mm256_loadu_si256((const __m256i *)(query + j));
                a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(c0 + j))), q));
                a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(c1 + j))), q));
                a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(c2 + j))), q));
                a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(c3 + j))), q));
            }
            if (eight) {
                a0 = _mm256_add_epi32(a0, madd8(_mm_loadl_epi64((const __m128i *)(c0 + body)), q8));
                a1 = _mm256_add_epi32(a1, madd8(_mm_loadl_epi64((const __m128i *)(c1 + body)), q8));
                a2 = _mm256_add_epi32(a2, madd8(_mm_loadl_epi64((const __m128i *)(c2 + body)), q8));
                a3 = _mm256_add_epi32(a3, madd8(_mm_loadl_epi64((const __m128i *)(c3 + body)), q8));
            }
            if (tail) {
                a0 = _mm256_add_epi32(a0, madd8(_mm_and_si128(_mm_loadl_epi64((const __m128i *)(c0 + dim - 8)), mask), qt));
                a1 = _mm256_add_epi32(a1, madd8(_mm_and_si128(_mm_loadl_epi64((const __m128i *)(c1 + dim - 8)), mask), qt));
                a2 = _mm256_add_epi32(a2, madd8(_mm_and_si128(_mm_loadl_epi64((const __m128i *)(c2 + dim - 8)), mask), qt));
                a3 = _mm256_add_epi32(a3, madd8(_mm_and_si128(_mm_loadl_epi64((const __m128i *)(c3 + dim - 8)), mask), qt));
            }
            __m128 dots = _mm_cvtepi32_ps(total4_epi32(a0, a1, a2, a3));
            offer4(b, _mm_add_ps(_mm_set1_ps(bias), _mm_mul_ps(dots, _mm_set1_ps(scale))), inverse_norms, r);
        }
    }
    for (; r < count; r++) offer_row(b, int8_row(codes + r * dim, dim, query, scale, bias), inverse_norms, r);
}

#define WIDE __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma,f16c"), always_inline)) static inline

/// A row's 512-bit accumulator folded to 256 bits.
WIDE __m256i fold_epi32(__m512i a) { return _mm256_add_epi32(_mm512_castsi512_si256(a), _mm512_extracti64x4_epi64(a, 1)); }

/// `int8_best_vector` with AVX-512BW: 32 codes per vpmaddwd instead of 16, and a row's last
/// `dim mod 32` codes and query values read with masked loads (nothing past them is touched).
/// The sums are the same integers. On the 43,889×100 corpus table it halves the instructions
/// of a row, where the scan's data sit in the cache and its instructions bound it.
WIDE void int8_best_wide(const uint8_t *codes, size_t count, size_t dim, const int16_t *query, float scale,
                         float bias, const float *inverse_norms, best *b) {
    size_t r = 0;
    if (dim >= 32) {
        size_t body = dim & ~(size_t)31, rest = dim - body;
        __mmask32 m = (__mmask32)(((uint64_t)1 << rest) - 1);
        __m512i qr = _mm512_maskz_loadu_epi16(m, query + body);
        for (; r + 4 <= count; r += 4) {
            const uint8_t *c0 = codes + r * dim, *c1 = c0 + dim, *c2 = c1 + dim, *c3 = c2 + dim;
            __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
            for (size_t j = 0; j < body; j += 32) {
                _mm_prefetch((const char *)c0 + PREFETCH_BYTES + j * 4, _MM_HINT_T0);
                _mm_prefetch((const char *)c0 + PREFETCH_BYTES + j * 4 + 64, _MM_HINT_T0);
                __m512i q = _mm512_loadu_si512((const void *)(query + j));
                a0 = _mm512_add_epi32(a0, _mm512_madd_epi16(_mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)(c0 + j))), q));
                a1 = _mm512_add_epi32(a1, _mm512_madd_epi16(_mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)(c1 + j))), q));
                a2 = _mm512_add_epi32(a2, _mm512_madd_epi16(_mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)(c2 + j))), q));
                a3 = _mm512_add_epi32(a3, _mm512_madd_epi16(_mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)(c3 + j))), q));
            }
            if (rest) {
                a0 = _mm512_add_epi32(a0, _mm512_madd_epi16(_mm512_cvtepu8_epi16(_mm256_maskz_loadu_epi8(m, c0 + body)), qr));
                a1 = _mm512_add_epi32(a1, _mm512_madd_epi16(_mm512_cvtepu8_epi16(_mm256_maskz_loadu_epi8(m, c1 + body)), qr));
                a2 = _mm512_add_epi32(a2, _mm512_madd_epi16(_mm512_cvtepu8_epi16(_mm256_maskz_loadu_epi8(m, c2 + body)), qr));
                a3 = _mm512_add_epi32(a3, _mm512_madd_epi16(_mm512_cvtepu8_epi16(_mm256_maskz_loadu_epi8(m, c3 + body)), qr));
            }
            __m128 dots = _mm_cvtepi32_ps(total4_epi32(fold_epi32(a0), fold_epi32(a1), fold_epi32(a2), fold_epi32(a3)));
            offer4(b, _mm_add_ps(_mm_set1_ps(bias), _mm_mul_ps(dots, _mm_set1_ps(scale))), inverse_norms, r);
        }
        for (; r < count; r++) offer_row(b, int8_row(codes + r * dim, dim, query, scale, bias), inverse_norms, r);
        return;
    }
    int8_best_vector(codes, count, dim, query, scale, bias, inverse_norms, b);
}

#define VNNI __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx512vnni,avx2,fma,f16c"), always_inline)) static inline

/// Lane i of the result: the sum of the lanes of a[i], for sixteen vectors (a transposing tree
/// of unpacks and 128-bit shuffles, 45 instructions for sixteen rows).
WIDE __m512i lane_sums16(const __m512i *a) {
    __m512i b[8], c[4], d[2];
    for (int i = 0; i < 8; i++)
        b[i] = _mm512_add_epi32(_mm512_unpacklo_epi32(a[2 * i], a[2 * i + 1]), _mm512_unpackhi_epi32(a[2 * i], a[2 * i + 1]));
    for (int i = 0; i < 4; i++)
        c[i] = _mm512_add_epi32(_mm512_unpacklo_epi64(b[2 * i], b[2 * i + 1]), _mm512_unpackhi_epi64(b[2 * i], b[2 * i + 1]));
    for (int i = 0; i < 2; i++)
        d[i] = _mm512_add_epi32(_mm512_shuffle_i32x4(c[2 * i], c[2 * i + 1], 0x88), _mm512_shuffle_i32x4(c[2 * i], c[2 * i + 1], 0xDD));
    return _mm512_add_epi32(_mm512_shuffle_i32x4(d[0], d[1], 0x88), _mm512_shuffle_i32x4(d[0], d[1], 0xDD));
}

/// `lane_sums16` of floats.
WIDE __m512 lane_sums16_ps(const __m512 *a) {
    __m512 b[8], c[4], d[2];
    for (int i = 0; i < 8; i++)
        b[i] = _mm512_add_ps(_mm512_unpacklo_ps(a[2 * i], a[2 * i + 1]), _mm512_unpackhi_ps(a[2 * i], a[2 * i + 1]));
    for (int i = 0; i < 4; i++) {
        __m512d x = _mm512_castps_pd(b[2 * i]), y = _mm512_castps_pd(b[2 * i + 1]);
        c[i] = _mm512_add_ps(_mm512_castpd_ps(_mm512_unpacklo_pd(x, y)), _mm512_castpd_ps(_mm512_unpackhi_pd(x, y)));
    }
    for (int i = 0; i < 2; i++)
        d[i] = _mm512_add_ps(_mm512_shuffle_f32x4(c[2 * i], c[2 * i + 1], 0x88), _mm512_shuffle_f32x4(c[2 * i], c[2 * i + 1], 0xDD));
    return _mm512_add_ps(_mm512_shuffle_f32x4(d[0], d[1], 0x88), _mm512_shuffle_f32x4(d[0], d[1], 0xDD));
}

/// Appends rows r + i of `offered` with their scores, first making room: compressed into the
/// low lanes of registers and stored whole (on Zen 4 a compressing store to memory is
/// microcoded and takes ~100 cycles; the lanes past the new count are overwritten later).
WIDE void offer16(best *b, __mmask16 offered, __m512 scores, size_t r) {
    if (b->count + 16 > b->capacity) keep_best(b);
    __m512i first = _mm512_add_epi64(_mm512_set1_epi64((long long)r), _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7));
    __m512i second = _mm512_add_epi64(first, _mm512_set1_epi64(8));
    __mmask8 low = (__mmask8)offered, high = (__mmask8)(offered >> 8);
    size_t n = b->count, n_low = (size_t)__builtin_popcount(low);
    _mm512_storeu_ps(b->scores + n, _mm512_maskz_compress_ps(offered, scores));
    _mm512_storeu_si512((void *)(b->rows + n), _mm512_maskz_compress_epi64(low, first));
    _mm512_mask_storeu_epi64(b->rows + n + n_low, (__mmask8)((1u << __builtin_popcount(high)) - 1),
                             _mm512_maskz_compress_epi64(high, second));
    b->count = n + n_low + (size_t)__builtin_popcount(high);
}

/// Sixteen rows' sums of codes times the query bytes `q` (rows of `dim`, the codes past the last
/// block of 64 masked by `m`), as one vector of 32-bit lanes per row, for `lane_sums16`; the rows
/// read side by side, each block of the query loaded once for all sixteen.
VNNI void int8_rows_side_by_side(const uint8_t *c, size_t dim, const int8_t *q, __mmask64 m, __m512i *a) {
    size_t body = dim & ~(size_t)63;
    for (int i = 0; i < 16; i++) a[i] = _mm512_setzero_si512();
    // The rows' addresses step by `dim` (16 offsets i · dim held apart would not fit in registers).
    for (size_t j = 0; j < body; j += 64) {
        __m512i v = _mm512_loadu_si512((const void *)(q + j));
        const uint8_t *p = c + j;
        for (int i = 0; i < 16; i++, p += dim) a[i] = _mm512_dpbusd_epi32(a[i], _mm512_loadu_si512((const void *)p), v);
    }
    if (body < dim) {
        __m512i v = _mm512_loadu_si512((const void *)(q + body));
        const uint8_t *p = c + body;
        for (int i = 0; i < 16; i++, p += dim) a[i] = _mm512_dpbusd_epi32(a[i], _mm512_maskz_loadu_epi8(m, p), v);
    }
}

/// `int8_rows_side_by_side` reading the rows one after the other, front to back.
VNNI void int8_rows_in_turn(const uint8_t *c, size_t dim, const int8_t *q, __mmask64 m, __m512i *a) {
    size_t body = dim & ~(size_t)63;
    const uint8_t *p = c;
    for (int i = 0; i < 16; i++, p += dim) {
        __m512i x = _mm512_setzero_si512(), y = x;
        size_t j = 0;
        for (; j + 128 <= body; j += 128) {
            x = _mm512_dpbusd_epi32(x, _mm512_loadu_si512((const void *)(p + j)), _mm512_loadu_si512((const void *)(q + j)));
            y = _mm512_dpbusd_epi32(y, _mm512_loadu_si512((const void *)(p + j + 64)), _mm512_loadu_si512((const void *)(q + j + 64)));
        }
        if (j < body) x = _mm512_dpbusd_epi32(x, _mm512_loadu_si512((const void *)(p + j)), _mm512_loadu_si512((const void *)(q + j)));
        if (body < dim) y = _mm512_dpbusd_epi32(y, _mm512_maskz_loadu_epi8(m, p + body), _mm512_loadu_si512((const void *)(q + body)));
        a[i] = _mm512_add_epi32(x, y);
    }
}

/// `int8_best_wide` with AVX-512 VNNI: the query values (in [−127, 127]) as signed bytes, and
/// vpdpbusd multiplies 64 unsigned codes by them and adds them in groups of four, with no
/// widening of the codes. Sixteen rows are scored at a time, their sums gathered into one vector
/// and compared with the floor at once. The sums are the same integers as the other variants'.
/// On one core, half the 43,889×100 corpus table (in the cache) takes 52 µs (float32: 127 µs).
VNNI void int8_best_vnni(const uint8_t *codes, size_t count, size_t dim, const int16_t *query, float scale,
                         float bias, const float *inverse_norms, best *b) {
    size_t padded = (dim + 63) & ~(size_t)63, body = dim & ~(size_t)63, rest = dim - body, r = 0;
    int8_t *q = malloc(padded);
    if (!q) {
        int8_best_wide(codes, count, dim, query, scale, bias, inverse_norms, b);
        return;
    }
    for (size_t j = 0; j < padded; j++) q[j] = (int8_t)(j < dim ? query[j] : 0);
    __mmask64 m = (__mmask64)(rest ? ((uint64_t)1 << rest) - 1 : 0);
    int in_turn = count * dim > STREAMED_BYTES;
    for (; r + 16 <= count; r += 16) {
        __m512i a[16];
        if (in_turn) int8_rows_in_turn(codes + r * dim, dim, q, m, a);
        else int8_rows_side_by_side(codes + r * dim, dim, q, m, a);
        __m512 inverse = _mm512_loadu_ps(inverse_norms + r);
        __m512 sums = _mm512_add_ps(_mm512_set1_ps(bias), _mm512_mul_ps(_mm512_cvtepi32_ps(lane_sums16(a)), _mm512_set1_ps(scale)));
        __m512 scores = _mm512_mul_ps(sums, inverse);
        __mmask16 offered = _mm512_cmp_ps_mask(scores, _mm512_set1_ps(b->floor), _CMP_GE_OQ)
                            & _mm512_cmp_ps_mask(inverse, _mm512_setzero_ps(), _CMP_GT_OQ);
        offer16(b, offered, scores, r);  // without a branch on `offered`, which would be mispredicted
    }
    for (; r < count; r++) offer_row(b, int8_row(codes + r * dim, dim, query, scale, bias), inverse_norms, r);
    free(q);
}

INLINE void int8_best_portable(const uint8_t *codes, size_t count, size_t dim, const int16_t *query, float scale,
                               float bias, const float *inverse_norms, best *b) {
    for (size_t r = 0; r < count; r++) offer_row(b, int8_row(codes + r * dim, dim, query, scale, bias), inverse_norms, r);
}

INLINE float half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF, bits;
    if (exponent == 0x1F) bits = sign | 0x7F800000 | (mantissa << 13);
    else if (exponent != 0) bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    else if (mantissa == 0) bits = sign;
    else {
        float f = (float)mantissa * 0x1p-24f;
        return sign ? -f : f;
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

INLINE float half_row(const uint16_t *h, size_t dim, const float *query) {
    float s = 0;
    for (size_t j = 0; j < dim; j++) s += query[j] * half_to_float(h[j]);
    return s;
}

INLINE void float16_best_portable(const uint16_t *halves, size_t count, size_t dim, const float *query,
                                  const float *inverse_norms, best *b) {
    for (size_t r = 0; r < count; r++) offer_row(b, half_row(halves + r * dim, dim, query), inverse_norms, r);
}

/// Eight halves converted (F16C) and multiplied into `acc`.
VECTOR __m256 fma8(__m128i halves, __m256 query, __m256 acc) {
    return _mm256_fmadd_ps(_mm256_cvtph_ps(halves), query, acc);
}

/// The totals of four rows' accumulators, in row order.
VECTOR __m128 total4_ps(__m256 a0, __m256 a1, __m256 a2, __m256 a3) {
    __m256 s = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
    return _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
}

/// One row's products with the query, in eight lanes: four accumulators over the row front to
/// back, the last `dim mod 8` values read as the row's last eight with those already counted masked.
VECTOR __m256 half_row_lanes(const uint16_t *h, size_t body, size_t dim, const float *query, __m256 qt, __m128i mask) {
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    size_t j = 0;
    for (; j + 32 <= body; j += 32) {
        a0 = fma8(_mm_loadu_si128((const __m128i *)(h + j)), _mm256_loadu_ps(query + j), a0);
        a1 = fma8(_mm_loadu_si128((const __m128i *)(h + j + 8)), _mm256_loadu_ps(query + j + 8), a1);
        a2 = fma8(_mm_loadu_si128((const __m128i *)(h + j + 16)), _mm256_loadu_ps(query + j + 16), a2);
        a3 = fma8(_mm_loadu_si128((const __m128i *)(h + j + 24)), _mm256_loadu_ps(query + j + 24), a3);
    }
    for (; j < body; j += 8) a0 = fma8(_mm_loadu_si128((const __m128i *)(h + j)), _mm256_loadu_ps(query + j), a0);
    if (body < dim) a1 = fma8(_mm_and_si128(_mm_loadu_si128((const __m128i *)(h + dim - 8)), mask), qt, a1);
    return _mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3));
}

/// Rows one after the other, front to back: the plain sequential stream the hardware prefetcher
/// follows best; four rows' sums are folded and offered together. Measured on 1,000,000×300
/// with 2 threads (Zen 4), this takes 11–12 ms where four rows read side by side with a prefetch
/// 2 KiB ahead took 21 ms (float32: 20–24 ms).
VECTOR void float16_best_vector(const uint16_t *halves, size_t count, size_t dim, const float *query,
                                const float *inverse_norms, best *b) {
    size_t r = 0;
    if (dim >= 8) {
        size_t body = dim & ~(size_t)7;
        __m256 qt = _mm256_loadu_ps(query + dim - 8);
        __m128i mask = _mm_loadu_si128((const __m128i *)(zeros_then_ones + 2 * (dim - body)));
        for (; r + 4 <= count; r += 4) {
            const uint16_t *h = halves + r * dim;
            __m256 s0 = half_row_lanes(h, body, dim, query, qt, mask);
            __m256 s1 = half_row_lanes(h + dim, body, dim, query, qt, mask);
            __m256 s2 = half_row_lanes(h + 2 * dim, body, dim, query, qt, mask);
            __m256 s3 = half_row_lanes(h + 3 * dim, body, dim, query, qt, mask);
            offer4(b, total4_ps(s0, s1, s2, s3), inverse_norms, r);
        }
    }
    for (; r < count; r++) offer_row(b, half_row(halves + r * dim, dim, query), inverse_norms, r);
}

/// Sixteen rows' products with the query (rows of `dim` halves; the query's values past its last
/// block of 16 in `qr`, the halves there masked by `m`), one vector per row, for `lane_sums16_ps`;
/// the rows read side by side, each block of the query loaded once for all sixteen.
WIDE void half_rows_side_by_side(const uint16_t *h, size_t dim, const float *query, __m512 qr, __mmask16 m, __m512 *a) {
    size_t body = dim & ~(size_t)15;
    for (int i = 0; i < 16; i++) a[i] = _mm512_setzero_ps();
    for (size_t j = 0; j < body; j += 16) {
        __m512 v = _mm512_loadu_ps(query + j);
        const uint16_t *p = h + j;
        for (int i = 0; i < 16; i++, p += dim) a[i] = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)p)), v, a[i]);
    }
    if (body < dim) {
        const uint16_t *p = h + body;
        for (int i = 0; i < 16; i++, p += dim) a[i] = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p)), qr, a[i]);
    }
}

/// `half_rows_side_by_side` reading the rows one after the other, front to back.
WIDE void half_rows_in_turn(const uint16_t *h, size_t dim, const float *query, __m512 qr, __mmask16 m, __m512 *a) {
    size_t body = dim & ~(size_t)15;
    const uint16_t *p = h;
    for (int i = 0; i < 16; i++, p += dim) {
        __m512 x = _mm512_setzero_ps(), y = x;
        size_t j = 0;
        for (; j + 32 <= body; j += 32) {
            x = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(p + j))), _mm512_loadu_ps(query + j), x);
            y = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(p + j + 16))), _mm512_loadu_ps(query + j + 16), y);
        }
        if (j < body) x = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(p + j))), _mm512_loadu_ps(query + j), x);
        if (body < dim) y = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p + body)), qr, y);
        a[i] = _mm512_add_ps(x, y);
    }
}

/// `float16_best_vector` with AVX-512: sixteen rows at a time, 16 halves per conversion, each
/// row's last `dim mod 16` values read with masked loads; the sixteen sums are gathered into one
/// vector and compared with the floor at once. In the cache the conversions bound it: half the
/// corpus table takes 113 µs on one core (float32: 127 µs).
WIDE void float16_best_wide(const uint16_t *halves, size_t count, size_t dim, const float *query,
                            const float *inverse_norms, best *b) {
    size_t body = dim & ~(size_t)15, rest = dim - body, r = 0;
    __mmask16 m = (__mmask16)((1u << rest) - 1);
    __m512 qr = _mm512_maskz_loadu_ps(m, query + body);
    int in_turn = count * dim * 2 > STREAMED_BYTES;
    for (; r + 16 <= count; r += 16) {
        const uint16_t *h = halves + r * dim;
        __m512 a[16];
        if (in_turn) half_rows_in_turn(h, dim, query, qr, m, a);
        else half_rows_side_by_side(h, dim, query, qr, m, a);
        __m512 inverse = _mm512_loadu_ps(inverse_norms + r), scores = _mm512_mul_ps(lane_sums16_ps(a), inverse);
        __mmask16 offered = _mm512_cmp_ps_mask(scores, _mm512_set1_ps(b->floor), _CMP_GE_OQ)
                            & _mm512_cmp_ps_mask(inverse, _mm512_setzero_ps(), _CMP_GT_OQ);
        offer16(b, offered, scores, r);
    }
    for (; r < count; r++) offer_row(b, half_row(halves + r * dim, dim, query), inverse_norms, r);
}

INLINE uint16_t float_to_half(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    uint32_t sign = (x >> 16) & 0x8000, exponent = (x >> 23) & 0xFF, mantissa = x & 0x7FFFFF;
    if (exponent == 0xFF) return (uint16_t)(sign | 0x7C00 | (mantissa ? 0x200 : 0));
    int e = (int)exponent - 127 + 15;
    if (e >= 0x1F) return (uint16_t)(sign | 0x7C00);
    if (e <= 0) {
        if (e < -10) return (uint16_t)sign;
        mantissa |= 0x800000;
        int shift = 14 - e;
        uint32_t half = mantissa >> shift, rest = mantissa & ((1u << shift) - 1), midway = 1u << (shift - 1);
        if (rest > midway || (rest == midway && (half & 1))) half++;
        return (uint16_t)(sign | half);
    }
    uint32_t half = ((uint32_t)e << 10) | (mantissa >> 13), rest = mantissa & 0x1FFF;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1))) half++;
    return (uint16_t)(sign | half);
}

// MARK: - Run-time dispatch

#define VARIANTS(name, ret, params, args, body_512, body_256, body_base)                                 \
    __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma,f16c"))) static ret name##_avx512 params { return body_512 args; } \
    __attribute__((target("avx2,fma,f16c"))) static ret name##_avx2 params { return body_256 args; }  \
    static ret name##_base params { return body_base args; }                                        \
    static ret (*resolve_##name(void)) params {                                                     \
        __builtin_cpu_init();                                                                        \
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") \
            && __builtin_cpu_supports("avx512dq")) return name##_avx512; \
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return name##_avx2;    \
        return name##_base;                                                                          \
    }

VARIANTS(insert_impl, int, (embsh_hnsw *g, int32_t row, size_t ef, embsh_hnsw_scratch *s), (g, row, ef, s), insert, insert, insert)
VARIANTS(search_impl, long, (const embsh_hnsw *g, const float *q, size_t ef, size_t limit, const int32_t *seeds, size_t seed_count,
                              embsh_hnsw_scratch *s, int32_t *ids, float *scores),
         (g, q, ef, limit, seeds, seed_count, s, ids, scores), search, search, search)
VARIANTS(int8_impl, void, (const uint8_t *c, size_t n, size_t d, const int16_t *q, float s, float bias, const float *inv, best *b),
         (c, n, d, q, s, bias, inv, b), int8_best_wide, int8_best_vector, int8_best_portable)
/// The int8 scan's variant for this processor: VNNI's where AVX-512 has it.
__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx512vnni,avx2,fma,f16c")))
static void int8_impl_vnni(const uint8_t *c, size_t n, size_t d, const int16_t *q, float s, float bias, const float *inv, best *b) {
    int8_best_vnni(c, n, d, q, s, bias, inv, b);
}
static void (*resolve_int8(void))(const uint8_t *, size_t, size_t, const int16_t *, float, float, const float *, best *) {
    __builtin_cpu_init();
    void (*f)(const uint8_t *, size_t, size_t, const int16_t *, float, float, const float *, best *) = resolve_int8_impl();
    return f == int8_impl_avx512 && __builtin_cpu_supports("avx512vnni") ? int8_impl_vnni : f;
}
VARIANTS(half_impl, void, (const uint16_t *h, size_t n, size_t d, const float *q, const float *inv, best *b),
         (h, n, d, q, inv, b), float16_best_wide, float16_best_vector, float16_best_portable)

int embsh_hnsw_insert(embsh_hnsw *graph, int32_t row, size_t ef_construction, embsh_hnsw_scratch *scratch) {
    static int (*f)(embsh_hnsw *, int32_t, size_t, embsh_hnsw_scratch *);
    if (!__atomic_load_n(&f, __ATOMIC_RELAXED)) __atomic_store_n(&f, resolve_insert_impl(), __ATOMIC_RELAXED);
    if (row < 0 || (size_t)row >= graph->count) return -1;
    return __atomic_load_n(&f, __ATOMIC_RELAXED)(graph, row, ef_construction, scratch);
}

long embsh_hnsw_search(const embsh_hnsw *graph, const float *query, size_t ef, size_t limit, const int32_t *seeds,
                       size_t seed_count, embsh_hnsw_scratch *scratch, int32_t *ids, float *scores) {
    static long (*f)(const embsh_hnsw *, const float *, size_t, size_t, const int32_t *, size_t, embsh_hnsw_scratch *, int32_t *,
                     float *);
    if (!__atomic_load_n(&f, __ATOMIC_RELAXED)) __atomic_store_n(&f, resolve_search_impl(), __ATOMIC_RELAXED);
    return __atomic_load_n(&f, __ATOMIC_RELAXED)(graph, query, ef, limit, seeds, seed_count, scratch, ids, scores);
}

size_t embsh_int8_best(const uint8_t *codes, size_t count, size_t dim, const int16_t *query, float scale, float bias,
                       const float *inverse_norms, size_t k, size_t capacity, size_t *rows, float *scores) {
    static void (*f)(const uint8_t *, size_t, size_t, const int16_t *, float, float, const float *, best *);
    if (!__atomic_load_n(&f, __ATOMIC_RELAXED)) __atomic_store_n(&f, resolve_int8(), __ATOMIC_RELAXED);
    best b = { rows, scores, 0, k, capacity, -__builtin_inff() };
    if (k == 0 || capacity < k + 16) return 0;
    __atomic_load_n(&f, __ATOMIC_RELAXED)(codes, count, dim, query, scale, bias, inverse_norms, &b);
    if (b.count > k) keep_best(&b);
    return b.count;
}

size_t embsh_float16_best(const uint16_t *halves, size_t count, size_t dim, const float *query, const float *inverse_norms,
                          size_t k, size_t capacity, size_t *rows, float *scores) {
    static void (*f)(const uint16_t *, size_t, size_t, const float *, const float *, best *);
    if (!__atomic_load_n(&f, __ATOMIC_RELAXED)) __atomic_store_n(&f, resolve_half_impl(), __ATOMIC_RELAXED);
    best b = { rows, scores, 0, k, capacity, -__builtin_inff() };
    if (k == 0 || capacity < k + 16) return 0;
    __atomic_load_n(&f, __ATOMIC_RELAXED)(halves, count, dim, query, inverse_norms, &b);
    if (b.count > k) keep_best(&b);
    return b.count;
}

void embsh_float_to_half(const float *source, uint16_t *destination, size_t count) {
    for (size_t i = 0; i < count; i++) destination[i] = float_to_half(source[i]);
}

size_t embsh_hnsw_code_stride(size_t dim) { return (4 + ((dim + 15) & ~(size_t)15) + 63) & ~(size_t)63; }

void embsh_hnsw_encode(const float *vectors, const float *inverse_norms, size_t count, size_t dim, uint8_t *codes) {
    size_t stride = embsh_hnsw_code_stride(dim);
    memset(codes, 0, count * stride);
    for (size_t r = 0; r < count; r++) {
        const float *v = vectors + r * dim;
        float inverse = inverse_norms[r], largest = 0;
        if (!(inverse > 0)) continue;
        for (size_t j = 0; j < dim; j++) {
            float a = __builtin_fabsf(v[j] * inverse);
            largest = a > largest ? a : largest;
        }
        if (!(largest > 0)) continue;
        float scale = largest / 127, step = 127 / largest * inverse;
        uint8_t *c = codes + r * stride;
        memcpy(c, &scale, 4);
        for (size_t j = 0; j < dim; j++) {
            float x = __builtin_roundf(v[j] * step);
            ((int8_t *)c)[4 + j] = (int8_t)(x > 127 ? 127 : x < -127 ? -127 : x);
        }
    }
}
