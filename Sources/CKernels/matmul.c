#include "CKernels.h"
#include <string.h>

/* Each output element adds its products in index order with separate multiplies and adds (no
   fused multiply-adds), so every dispatch target gives the same bits. */
#pragma clang fp contract(off)
#pragma clang diagnostic ignored "-Wpsabi"

typedef float v16 __attribute__((vector_size(64), aligned(4)));

/* Unaligned loads and stores as macros: a vector crossing a function boundary would change the
   ABI between the dispatch targets. */
#define LOAD16(p) ({ v16 v_; memcpy(&v_, (p), sizeof v_); v_; })
#define STORE16(p, v) do { v16 s_ = (v); memcpy((p), &s_, sizeof s_); } while (0)

#if defined(__x86_64__) && defined(__linux__)
#define EMBSH_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define EMBSH_CLONES
#endif

/* c[0..<n] += Σ_p a[p]·b[p·ldb + 0..<n], 64 columns at a time held in registers. */
static inline __attribute__((always_inline)) void row_times_matrix(size_t n, size_t k, const float *a, const float *b,
                                                                 size_t ldb, float *c) {
    size_t j = 0;
    for (; j + 64 <= n; j += 64) {
        v16 c0 = LOAD16(c + j), c1 = LOAD16(c + j + 16), c2 = LOAD16(c + j + 32), c3 = LOAD16(c + j + 48);
        for (size_t p = 0; p < k; p++) {
            const float *row = b + p * ldb + j;
            float x = a[p];
            if (x == 0) continue;
            c0 += x * LOAD16(row);
            c1 += x * LOAD16(row + 16);
            c2 += x * LOAD16(row + 32);
            c3 += x * LOAD16(row + 48);
        }
        STORE16(c + j, c0);
        STORE16(c + j + 16, c1);
        STORE16(c + j + 32, c2);
        STORE16(c + j + 48, c3);
    }
    for (; j + 16 <= n; j += 16) {
        v16 c0 = LOAD16(c + j);
        for (size_t p = 0; p < k; p++) if (a[p] != 0) c0 += a[p] * LOAD16(b + p * ldb + j);
        STORE16(c + j, c0);
    }
    for (; j < n; j++) {
        float s = c[j];
        for (size_t p = 0; p < k; p++) if (a[p] != 0) s += a[p] * b[p * ldb + j];
        c[j] = s;
    }
}

/* Four rows of C at once, 16 columns at a time: each load of B serves four rows, so the
   loop is bound by its multiplies and adds rather than by loads. */
static inline __attribute__((always_inline)) void four_rows_times_matrix(size_t n, size_t k, const float *a, size_t lda,
                                                                       const float *b, size_t ldb, float *c, size_t ldc) {
    const float *a0 = a, *a1 = a + lda, *a2 = a + 2 * lda, *a3 = a + 3 * lda;
    float *c0p = c, *c1p = c + ldc, *c2p = c + 2 * ldc, *c3p = c + 3 * ldc;
    size_t j = 0;
    for (; j + 16 <= n; j += 16) {
        v16 c0 = LOAD16(c0p + j), c1 = LOAD16(c1p + j), c2 = LOAD16(c2p + j), c3 = LOAD16(c3p + j);
        for (size_t p = 0; p < k; p++) {
            v16 row = LOAD16(b + p * ldb + j);
            c0 += a0[p] * row;
            c1 += a1[p] * row;
            c2 += a2[p] * row;
            c3 += a3[p] * row;
        }
        STORE16(c0p + j, c0);
        STORE16(c1p + j, c1);
        STORE16(c2p + j, c2);
        STORE16(c3p + j, c3);
    }
    for (; j < n; j++) {
        float s0 = c0p[j], s1 = c1p[j], s2 = c2p[j], s3 = c3p[j];
        for (size_t p = 0; p < k; p++) {
            float y = b[p * ldb + j];
            s0 += a0[p] * y;
            s1 += a1[p] * y;
            s2 += a2[p] * y;
            s3 += a3[p] * y;
        }
        c0p[j] = s0;
        c1p[j] = s1;
        c2p[j] = s2;
        c3p[j] = s3;
    }
}

EMBSH_CLONES
void embsh_matmul_add(size_t m, size_t n, size_t k, const float *a, size_t lda, const float *b, size_t ldb,
                      float *c, size_t ldc) {
    size_t i = 0;
    for (; i + 4 <= m; i += 4) four_rows_times_matrix(n, k, a + i * lda, lda, b, ldb, c + i * ldc, ldc);
    for (; i < m; i++) row_times_matrix(n, k, a + i * lda, b, ldb, c + i * ldc);
}

EMBSH_CLONES
void embsh_matmul_transposed_add(size_t m, size_t first, size_t last, size_t n, const float *a, size_t lda,
                                 const float *b, size_t ldb, float *c, size_t ldc) {
    for (size_t i = 0; i < m; i++) {
        const float *x = a + i * lda, *y = b + i * ldb;
        for (size_t p = first; p < last; p++) {
            float s = x[p];
            if (s == 0) continue;
            float *row = c + p * ldc;
            size_t j = 0;
            for (; j + 16 <= n; j += 16) STORE16(row + j, LOAD16(row + j) + s * LOAD16(y + j));
            for (; j < n; j++) row[j] += s * y[j];
        }
    }
}

EMBSH_CLONES
void embsh_sparse_row_times_matrix(size_t n, size_t k, const float *a, const float *b, size_t ldb, float *c) {
    for (size_t p = 0; p < k; p++) {
        float x = a[p];
        if (x == 0) continue;
        const float *row = b + p * ldb;
        size_t j = 0;
        for (; j + 16 <= n; j += 16) STORE16(c + j, LOAD16(c + j) + x * LOAD16(row + j));
        for (; j < n; j++) c[j] += x * row[j];
    }
}
