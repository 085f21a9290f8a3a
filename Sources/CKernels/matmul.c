#include "CKernels.h"
#include "simd.h"

/* Dense matrix products for the model engine (convolutions, recurrent cells, their gradients).
   Each output element adds its products in index order with fused multiply-adds, so a row gets
   the same bits whether it is done alone or beside others, and on every dispatch target. */

/* c += a·b for four rows of c at once (i0…i0+3), 16 columns of each in registers: every load of
   b serves four rows, so the loads no longer outnumber the arithmetic. Returns the columns done. */
EMBSH_INLINE size_t gemm_four_rows(size_t i0, size_t n, size_t k, const float *a, ptrdiff_t ars, ptrdiff_t acs,
                                   const float *b, ptrdiff_t ldb, float *c, ptrdiff_t ldc) {
    const float *a0 = a + (ptrdiff_t)i0 * ars, *a1 = a0 + ars, *a2 = a1 + ars, *a3 = a2 + ars;
    float *c0 = c + (ptrdiff_t)i0 * ldc, *c1 = c0 + ldc, *c2 = c1 + ldc, *c3 = c2 + ldc;
    size_t j = 0;
    for (; j + 16 <= n; j += 16) {
        f8 r00 = ld8(c0 + j), r01 = ld8(c0 + j + 8), r10 = ld8(c1 + j), r11 = ld8(c1 + j + 8);
        f8 r20 = ld8(c2 + j), r21 = ld8(c2 + j + 8), r30 = ld8(c3 + j), r31 = ld8(c3 + j + 8);
        for (size_t p = 0; p < k; p++) {
            const float *bp = b + (ptrdiff_t)p * ldb + j;
            f8 b0 = ld8(bp), b1 = ld8(bp + 8);
            ptrdiff_t q = (ptrdiff_t)p * acs;
            f8 s0 = splat8(a0[q]), s1 = splat8(a1[q]), s2 = splat8(a2[q]), s3 = splat8(a3[q]);
            r00 = fma8(s0, b0, r00); r01 = fma8(s0, b1, r01);
            r10 = fma8(s1, b0, r10); r11 = fma8(s1, b1, r11);
            r20 = fma8(s2, b0, r20); r21 = fma8(s2, b1, r21);
            r30 = fma8(s3, b0, r30); r31 = fma8(s3, b1, r31);
        }
        st8(c0 + j, r00); st8(c0 + j + 8, r01); st8(c1 + j, r10); st8(c1 + j + 8, r11);
        st8(c2 + j, r20); st8(c2 + j + 8, r21); st8(c3 + j, r30); st8(c3 + j + 8, r31);
    }
    return j;
}

/* Columns from..<n of row i of c, one at a time. */
EMBSH_INLINE void gemm_columns(size_t i, size_t from, size_t n, size_t k, const float *a, ptrdiff_t ars, ptrdiff_t acs,
                               const float *b, ptrdiff_t ldb, float *c, ptrdiff_t ldc) {
    const float *ai = a + (ptrdiff_t)i * ars;
    float *ci = c + (ptrdiff_t)i * ldc;
    for (size_t j = from; j < n; j++) {
        float s = ci[j];
        for (size_t p = 0; p < k; p++) s = fma1(ai[(ptrdiff_t)p * acs], b[(ptrdiff_t)p * ldb + j], s);
        ci[j] = s;
    }
}

/* c += a·b where a's element (i, p) is a[i·ars + p·acs]: rows four at a time where there are
   four, the rest with 32 (then 8) columns of a row in registers while k rows of b stream past. */
EMBSH_INLINE void gemm_rows(size_t m, size_t n, size_t k, const float *a, ptrdiff_t ars, ptrdiff_t acs,
                            const float *b, ptrdiff_t ldb, float *c, ptrdiff_t ldc) {
    size_t i = 0;
    for (; i + 4 <= m; i += 4) {
        size_t done = gemm_four_rows(i, n, k, a, ars, acs, b, ldb, c, ldc);
        for (size_t r = i; r < i + 4; r++) gemm_columns(r, done, n, k, a, ars, acs, b, ldb, c, ldc);
    }
    for (; i < m; i++) {
        const float *ai = a + (ptrdiff_t)i * ars;
        float *ci = c + (ptrdiff_t)i * ldc;
        size_t j = 0;
        for (; j + 32 <= n; j += 32) {
            f8 c0 = ld8(ci + j), c1 = ld8(ci + j + 8), c2 = ld8(ci + j + 16), c3 = ld8(ci + j + 24);
            for (size_t p = 0; p < k; p++) {
                f8 s = splat8(ai[(ptrdiff_t)p * acs]);
                const float *bp = b + (ptrdiff_t)p * ldb + j;
                c0 = fma8(s, ld8(bp), c0);
                c1 = fma8(s, ld8(bp + 8), c1);
                c2 = fma8(s, ld8(bp + 16), c2);
                c3 = fma8(s, ld8(bp + 24), c3);
            }
            st8(ci + j, c0); st8(ci + j + 8, c1); st8(ci + j + 16, c2); st8(ci + j + 24, c3);
        }
        for (; j + 8 <= n; j += 8) {
            f8 c0 = ld8(ci + j);
            for (size_t p = 0; p < k; p++) c0 = fma8(splat8(ai[(ptrdiff_t)p * acs]), ld8(b + (ptrdiff_t)p * ldb + j), c0);
            st8(ci + j, c0);
        }
        gemm_columns(i, j, n, k, a, ars, acs, b, ldb, c, ldc);
    }
}

EMBSH_FMA_CLONES
void embsh_gemm_nn(size_t m, size_t n, size_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                   float *c, ptrdiff_t ldc) {
    gemm_rows(m, n, k, a, lda, 1, b, ldb, c, ldc);
}

EMBSH_FMA_CLONES
void embsh_gemm_tn(size_t m, size_t n, size_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                   float *c, ptrdiff_t ldc) {
    gemm_rows(m, n, k, a, 1, lda, b, ldb, c, ldc);
}

/* y[0..<n] += s·x[0..<n]. */
EMBSH_INLINE void add_scaled_row(float s, const float *x, float *y, size_t n) {
    f8 sv = splat8(s);
    size_t j = 0;
    for (; j + 8 <= n; j += 8) st8(y + j, fma8(sv, ld8(x + j), ld8(y + j)));
    for (; j < n; j++) y[j] = fma1(s, x[j], y[j]);
}

/* Entries of a gradient after ReLU or max pooling are zero at unpredictable places, where a
   branch per entry would mostly mispredict: the nonzero positions of each block of this many
   entries are listed first, without branches, and only those are visited. */
#define EMBSH_NONZERO_BLOCK 256

/* Writes the p in first..<last with a[p] ≠ 0 (NaN included) to `positions`; returns how many. */
EMBSH_INLINE size_t nonzero_positions(const float *a, size_t first, size_t last, unsigned *positions) {
    size_t count = 0, p = first;
    for (; p + 8 <= last; p += 8) {
        // Eight zeros at a time are skipped whole (most of them, after max pooling).
        if (!__builtin_reduce_or((i8)(ld8(a + p) != 0))) continue;
        for (size_t q = p; q < p + 8; q++) {
            positions[count] = (unsigned)q;
            count += a[q] != 0;
        }
    }
    for (; p < last; p++) {
        positions[count] = (unsigned)p;
        count += a[p] != 0;
    }
    return count;
}

EMBSH_FMA_CLONES
void embsh_matmul_transposed_add(size_t m, size_t first, size_t last, size_t n, const float *a, size_t lda,
                                 const float *b, size_t ldb, float *c, size_t ldc) {
    unsigned positions[EMBSH_NONZERO_BLOCK];
    for (size_t i = 0; i < m; i++) {
        const float *x = a + i * lda, *y = b + i * ldb;
        for (size_t start = first; start < last; start += EMBSH_NONZERO_BLOCK) {
            size_t end = last - start < EMBSH_NONZERO_BLOCK ? last : start + EMBSH_NONZERO_BLOCK;
            size_t count = nonzero_positions(x, start, end, positions);
            for (size_t q = 0; q < count; q++) add_scaled_row(x[positions[q]], y, c + positions[q] * ldc, n);
        }
    }
}

EMBSH_FMA_CLONES
void embsh_sparse_row_times_matrix(size_t n, size_t k, const float *a, const float *b, size_t ldb, float *c) {
    unsigned positions[EMBSH_NONZERO_BLOCK];
    for (size_t start = 0; start < k; start += EMBSH_NONZERO_BLOCK) {
        size_t end = k - start < EMBSH_NONZERO_BLOCK ? k : start + EMBSH_NONZERO_BLOCK;
        size_t count = nonzero_positions(a, start, end, positions);
        for (size_t q = 0; q < count; q++) add_scaled_row(a[positions[q]], b + positions[q] * ldb, c, n);
    }
}
