/* Dot products and scaled additions shared by the word2vec and fastText kernels. Both use
   separate multiplies and adds in a fixed order (no fused multiply-adds), so every dispatch
   target gives the same bits — the word2vec fingerprint tests rely on it. */
#ifndef EMBSH_VECTOROPS_H
#define EMBSH_VECTOROPS_H

#include "simd.h"

typedef float v16 __attribute__((vector_size(64), aligned(4)));
typedef float v4 __attribute__((vector_size(16), aligned(4)));
typedef float v2 __attribute__((vector_size(8), aligned(4)));

EMBSH_INLINE v16 load16(const float *p) { v16 v; memcpy(&v, p, sizeof v); return v; }
EMBSH_INLINE v4 load4(const float *p) { v4 v; memcpy(&v, p, sizeof v); return v; }

/* Σ a[i]·b[i]: two 16-lane accumulators, folded in halves, then the tails. */
EMBSH_INLINE float dot(const float *a, const float *b, size_t n) {
    v16 acc0 = {0}, acc1 = {0};
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 += load16(a + i) * load16(b + i);
        acc1 += load16(a + i + 16) * load16(b + i + 16);
    }
    if (i + 16 <= n) {
        acc0 += load16(a + i) * load16(b + i);
        i += 16;
    }
    v16 acc = acc0 + acc1;
    f8 h8 = __builtin_shufflevector(acc, acc, 0, 1, 2, 3, 4, 5, 6, 7)
          + __builtin_shufflevector(acc, acc, 8, 9, 10, 11, 12, 13, 14, 15);
    if (i + 8 <= n) {
        h8 += ld8(a + i) * ld8(b + i);
        i += 8;
    }
    v4 h4 = __builtin_shufflevector(h8, h8, 0, 1, 2, 3) + __builtin_shufflevector(h8, h8, 4, 5, 6, 7);
    if (i + 4 <= n) {
        h4 += load4(a + i) * load4(b + i);
        i += 4;
    }
    v2 h2 = __builtin_shufflevector(h4, h4, 0, 1) + __builtin_shufflevector(h4, h4, 2, 3);
    float s = h2[0] + h2[1];
    for (; i < n; i++) s += a[i] * b[i];
    return s;
}

/* y[0..<n] += a·x[0..<n]. */
EMBSH_INLINE void add_scaled(float a, const float *x, float *y, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        v16 r = load16(y + i) + a * load16(x + i);
        memcpy(y + i, &r, sizeof r);
    }
    for (; i + 4 <= n; i += 4) {
        v4 r = load4(y + i) + a * load4(x + i);
        memcpy(y + i, &r, sizeof r);
    }
    for (; i < n; i++) y[i] += a * x[i];
}

#endif
