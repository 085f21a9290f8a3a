// HNSW graph search and insertion, and the reduced-precision scans (see ann.h).
// Each public function's body is compiled three times (AVX-512, AVX2 with FMA and F16C, and
// baseline x86-64) and the variant is chosen once at run time from the processor's features.
#include "ann.h"
#include <stdlib.h>
#include <string.h>

#pragma clang fp contract(fast)
#pragma clang diagnostic ignored "-Wpsabi"

typedef float f16v __attribute__((vector_size(64), aligned(4)));
typedef float f8v __attribute__((vector_size(32), aligned(4)));
typedef float f4v __attribute__((vector_size(16), aligned(4)));
typedef uint8_t u8x16 __attribute__((vector_size(16), aligned(1)));
typedef uint16_t u16x16 __attribute__((vector_size(32), aligned(2)));
typedef _Float16 h16v __attribute__((vector_size(32), aligned(2)));

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

INLINE hit heap_pop(heap *h, int worst_first) {
    hit top = h->items[0];
    hit last = h->items[--h->count];
    size_t i = 0, n = h->count;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && before(h->items[child + 1], h->items[child], worst_first)) child++;
        if (!before(h->items[child], last, worst_first)) break;
        h->items[i] = h->items[child];
        i = child;
    }
    if (n > 0) h->items[i] = last;
    return top;
}

struct embsh_hnsw_scratch {
    uint32_t *visited;
    uint32_t tag;
    size_t count;
    heap candidates, results;
    hit *sorted;        // the beam, best first (capacity ef + 1)
    size_t sorted_capacity;
    int32_t links[257]; // a copy of one neighbour list (m0 ≤ 256) plus the new row
    hit pool[257];
    int32_t kept[257];
};

embsh_hnsw_scratch *embsh_hnsw_scratch_new(size_t count, size_t ef) {
    embsh_hnsw_scratch *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (ef < 1) ef = 1;
    s->count = count;
    s->visited = calloc(count ? count : 1, sizeof(uint32_t));
    s->candidates.capacity = ef + 1;
    s->results.capacity = ef + 1;
    s->candidates.items = malloc((ef + 1) * sizeof(hit));
    s->results.items = malloc((ef + 1) * sizeof(hit));
    s->sorted_capacity = ef + 1;
    s->sorted = malloc((ef + 1) * sizeof(hit));
    if (!s->visited || !s->candidates.items || !s->results.items || !s->sorted) {
        embsh_hnsw_scratch_free(s);
        return NULL;
    }
    return s;
}

void embsh_hnsw_scratch_free(embsh_hnsw_scratch *s) {
    if (!s) return;
    free(s->visited);
    free(s->candidates.items);
    free(s->results.items);
    free(s->sorted);
    free(s);
}

INLINE void next_tag(embsh_hnsw_scratch *s) {
    if (++s->tag == 0) {
        memset(s->visited, 0, s->count * sizeof(uint32_t));
        s->tag = 1;
    }
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

/// Requests the cache lines of `row`'s vector after the first (requested while filtering).
INLINE void prefetch_row(const embsh_hnsw *g, int32_t row) {
    const char *v = (const char *)(g->vectors + (size_t)row * g->dim);
    for (size_t b = 64; b < g->dim * sizeof(float); b += 64) __builtin_prefetch(v + b);
}

/// Requests `row`'s level-0 list (the next candidate's, while the current one is scored).
INLINE void prefetch_list(const embsh_hnsw *g, int32_t row) {
    const char *list = (const char *)(g->links0 + (size_t)row * (size_t)(g->m0 + 1));
    for (size_t b = 0; b < (size_t)(g->m0 + 1) * sizeof(int32_t); b += 64) __builtin_prefetch(list + b);
}

/// Greedy descent on `level` from *current towards the query.
INLINE int greedy(const embsh_hnsw *g, const float *query, float query_inverse, int level, int32_t *current,
                  float *current_score, embsh_hnsw_scratch *s) {
    for (int changed = 1; changed;) {
        changed = 0;
        int n = copy_list(g, *current, level, s);
        if (n < 0) return -1;
        for (int i = 0; i < n; i++) {
            int32_t c = s->links[i];
            if (!valid_neighbour(g, c, level)) return -1;
            float score = score_of(g, c, query, query_inverse);
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
INLINE long search_level(const embsh_hnsw *g, const float *query, float query_inverse, int32_t entry, int level,
                         size_t ef, size_t limit, embsh_hnsw_scratch *s) {
    next_tag(s);
    s->candidates.count = 0;
    s->results.count = 0;
    hit start = { score_of(g, entry, query, query_inverse), entry };
    s->visited[entry] = s->tag;
    if (heap_push(&s->candidates, start, 0)) return -1;
    if ((size_t)entry < limit && heap_push(&s->results, start, 1)) return -1;
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
            if (s->visited[x] == s->tag) continue;
            s->visited[x] = s->tag;
            s->links[fresh++] = x;
            __builtin_prefetch(g->vectors + (size_t)x * g->dim);
            __builtin_prefetch(g->inverse_norms + x);
        }
        if (fresh > 0) prefetch_row(g, s->links[0]);
        for (int i = 0; i < fresh; i++) {
            int32_t x = s->links[i];
            if (i + 1 < fresh) prefetch_row(g, s->links[i + 1]);
            float score = score_of(g, x, query, query_inverse);
            if (s->results.count < ef || score > s->results.items[0].score) {
                hit h = { score, x };
                if (heap_push(&s->candidates, h, 0)) return -1;
                if ((size_t)x < limit) {
                    if (heap_push(&s->results, h, 1)) return -1;
                    if (s->results.count > ef) heap_pop(&s->results, 1);
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

INLINE int insert(embsh_hnsw *g, int32_t row, size_t ef, embsh_hnsw_scratch *s) {
    int level = g->levels[row];
    if (level < 0) return 0;
    const float *query = g->vectors + (size_t)row * g->dim;
    float query_inverse = g->inverse_norms[row];
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
    float current_score = score_of(g, current, query, query_inverse);
    for (int l = top; l > level && status == 0; l--)
        status = greedy(g, query, query_inverse, l, &current, &current_score, s);
    for (int l = level < top ? level : top; l >= 0 && status == 0; l--) {
        long found = search_level(g, query, query_inverse, current, l, ef, g->count, s);
        if (found < 0) { status = -1; break; }
        // The row itself may be in the beam when it was reached through a neighbour's back link.
        size_t kept_pool = 0;
        for (long i = 0; i < found; i++)
            if (s->sorted[i].id != row) s->sorted[kept_pool++] = s->sorted[i];
        if (kept_pool == 0) continue;
        int kept = select_neighbours(g, s->sorted, kept_pool, g->m, s);
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

INLINE long search(const embsh_hnsw *g, const float *query, size_t ef, size_t limit, embsh_hnsw_scratch *s,
                   int32_t *ids, float *scores) {
    int32_t current = g->entry;
    if (current < 0) return 0;
    if ((size_t)current >= g->count || g->levels[current] < g->max_level) return -1;
    float current_score = score_of(g, current, query, 1);
    for (int l = g->max_level; l > 0; l--)
        if (greedy(g, query, 1, l, &current, &current_score, s)) return -1;
    long found = search_level(g, query, 1, current, 0, ef, limit, s);
    for (long i = 0; i < found; i++) {
        ids[i] = s->sorted[i].id;
        scores[i] = s->sorted[i].score;
    }
    return found;
}

// MARK: - Reduced precision

INLINE size_t int8_scores(const uint8_t *codes, size_t count, size_t dim, const float *query, float bias,
                          const float *inverse_norms, float threshold, size_t *indices, float *scores) {
    size_t found = 0, body = dim & ~(size_t)15, tail = dim - body;
    f16v query_tail = {0};
    memcpy(&query_tail, query + body, tail * sizeof(float));
    for (size_t r = 0; r < count; r++) {
        const uint8_t *c = codes + r * dim;
        f16v acc0 = {0}, acc1 = {0};
        size_t j = 0;
        for (; j + 32 <= body; j += 32) {
            u8x16 b0, b1; f16v q0, q1;
            memcpy(&b0, c + j, 16); memcpy(&q0, query + j, 64);
            memcpy(&b1, c + j + 16, 16); memcpy(&q1, query + j + 16, 64);
            acc0 += __builtin_convertvector(b0, f16v) * q0;
            acc1 += __builtin_convertvector(b1, f16v) * q1;
        }
        if (j < body) {
            u8x16 b; f16v q;
            memcpy(&b, c + j, 16); memcpy(&q, query + j, 64);
            acc0 += __builtin_convertvector(b, f16v) * q;
        }
        if (tail) {  // the last values, zero-padded to a whole vector
            u8x16 b = {0};
            memcpy(&b, c + body, tail);
            acc1 += __builtin_convertvector(b, f16v) * query_tail;
        }
        float score = (bias + hsum(acc0 + acc1)) * inverse_norms[r];
        if (score >= threshold) { indices[found] = r; scores[found] = score; found++; }
    }
    return found;
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

INLINE size_t float16_scores_portable(const uint16_t *halves, size_t count, size_t dim, const float *query,
                                      const float *inverse_norms, float threshold, size_t *indices, float *scores) {
    size_t found = 0;
    for (size_t r = 0; r < count; r++) {
        const uint16_t *h = halves + r * dim;
        float s = 0;
        for (size_t j = 0; j < dim; j++) s += query[j] * half_to_float(h[j]);
        float score = s * inverse_norms[r];
        if (score >= threshold) { indices[found] = r; scores[found] = score; found++; }
    }
    return found;
}

INLINE size_t float16_scores_vector(const uint16_t *halves, size_t count, size_t dim, const float *query,
                                    const float *inverse_norms, float threshold, size_t *indices, float *scores) {
    size_t found = 0, body = dim & ~(size_t)15, tail = dim - body;
    f16v query_tail = {0};
    memcpy(&query_tail, query + body, tail * sizeof(float));
    for (size_t r = 0; r < count; r++) {
        const uint16_t *h = halves + r * dim;
        f16v acc0 = {0}, acc1 = {0};
        size_t j = 0;
        for (; j + 32 <= body; j += 32) {
            h16v b0, b1; f16v q0, q1;
            memcpy(&b0, h + j, 32); memcpy(&q0, query + j, 64);
            memcpy(&b1, h + j + 16, 32); memcpy(&q1, query + j + 16, 64);
            acc0 += __builtin_convertvector(b0, f16v) * q0;
            acc1 += __builtin_convertvector(b1, f16v) * q1;
        }
        if (j < body) {
            h16v b; f16v q;
            memcpy(&b, h + j, 32); memcpy(&q, query + j, 64);
            acc0 += __builtin_convertvector(b, f16v) * q;
        }
        if (tail) {  // the last values, zero-padded to a whole vector
            h16v b = {0};
            memcpy(&b, h + body, tail * 2);
            acc1 += __builtin_convertvector(b, f16v) * query_tail;
        }
        float score = hsum(acc0 + acc1) * inverse_norms[r];
        if (score >= threshold) { indices[found] = r; scores[found] = score; found++; }
    }
    return found;
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

#define VARIANTS(name, ret, params, args, body_fast, body_base)                                     \
    __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma,f16c"))) static ret name##_avx512 params { return body_fast args; } \
    __attribute__((target("avx2,fma,f16c"))) static ret name##_avx2 params { return body_fast args; }  \
    static ret name##_base params { return body_base args; }                                        \
    static ret (*resolve_##name(void)) params {                                                     \
        __builtin_cpu_init();                                                                        \
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) return name##_avx512; \
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return name##_avx2;    \
        return name##_base;                                                                          \
    }

VARIANTS(insert_impl, int, (embsh_hnsw *g, int32_t row, size_t ef, embsh_hnsw_scratch *s), (g, row, ef, s), insert, insert)
VARIANTS(search_impl, long, (const embsh_hnsw *g, const float *q, size_t ef, size_t limit, embsh_hnsw_scratch *s, int32_t *ids, float *scores),
         (g, q, ef, limit, s, ids, scores), search, search)
VARIANTS(int8_impl, size_t, (const uint8_t *c, size_t n, size_t d, const float *q, float b, const float *inv, float t, size_t *ix, float *sc),
         (c, n, d, q, b, inv, t, ix, sc), int8_scores, int8_scores)
VARIANTS(half_impl, size_t, (const uint16_t *h, size_t n, size_t d, const float *q, const float *inv, float t, size_t *ix, float *sc),
         (h, n, d, q, inv, t, ix, sc), float16_scores_vector, float16_scores_portable)

int embsh_hnsw_insert(embsh_hnsw *graph, int32_t row, size_t ef_construction, embsh_hnsw_scratch *scratch) {
    static int (*f)(embsh_hnsw *, int32_t, size_t, embsh_hnsw_scratch *);
    if (!__atomic_load_n(&f, __ATOMIC_RELAXED)) __atomic_store_n(&f, resolve_insert_impl(), __ATOMIC_RELAXED);
    if (row < 0 || (size_t)row >= graph->count) return -1;
    return __atomic_load_n(&f, __ATOMIC_RELAXED)(graph, row, ef_construction, scratch);
}

long embsh_hnsw_search(const embsh_hnsw *graph, const float *query, size_t ef, size_t limit,
                       embsh_hnsw_scratch *scratch, int32_t *ids, float *scores) {
    static long (*f)(const embsh_hnsw *, const float *, size_t, size_t, embsh_hnsw_scratch *, int32_t *, float *);
    if (!__atomic_load_n(&f, __ATOMIC_RELAXED)) __atomic_store_n(&f, resolve_search_impl(), __ATOMIC_RELAXED);
    return __atomic_load_n(&f, __ATOMIC_RELAXED)(graph, query, ef, limit, scratch, ids, scores);
}

size_t embsh_int8_scores_above(const uint8_t *codes, size_t count, size_t dim, const float *query, float bias,
                               const float *inverse_norms, float threshold, size_t *indices, float *scores) {
    static size_t (*f)(const uint8_t *, size_t, size_t, const float *, float, const float *, float, size_t *, float *);
    if (!__atomic_load_n(&f, __ATOMIC_RELAXED)) __atomic_store_n(&f, resolve_int8_impl(), __ATOMIC_RELAXED);
    return __atomic_load_n(&f, __ATOMIC_RELAXED)(codes, count, dim, query, bias, inverse_norms, threshold, indices, scores);
}

size_t embsh_float16_scores_above(const uint16_t *halves, size_t count, size_t dim, const float *query,
                                  const float *inverse_norms, float threshold, size_t *indices, float *scores) {
    static size_t (*f)(const uint16_t *, size_t, size_t, const float *, const float *, float, size_t *, float *);
    if (!__atomic_load_n(&f, __ATOMIC_RELAXED)) __atomic_store_n(&f, resolve_half_impl(), __ATOMIC_RELAXED);
    return __atomic_load_n(&f, __ATOMIC_RELAXED)(halves, count, dim, query, inverse_norms, threshold, indices, scores);
}

void embsh_float_to_half(const float *source, uint16_t *destination, size_t count) {
    for (size_t i = 0; i < count; i++) destination[i] = float_to_half(source[i]);
}
