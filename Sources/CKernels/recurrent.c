#include "RecurrentKernels.h"
#include <string.h>

#pragma clang fp contract(off)
#pragma clang diagnostic ignored "-Wpsabi"

typedef float f8 __attribute__((vector_size(32), aligned(4)));
typedef int i8 __attribute__((vector_size(32), aligned(4)));

static inline __attribute__((always_inline)) f8 ld8(const float *p) { f8 v; memcpy(&v, p, sizeof v); return v; }
static inline __attribute__((always_inline)) void st8(float *p, f8 v) { memcpy(p, &v, sizeof v); }
static inline __attribute__((always_inline)) float hsum8(f8 v) {
    float s = 0;
    for (int i = 0; i < 8; i++) s += v[i];
    return s;
}

#if defined(__x86_64__) && defined(__linux__)
#define EMBSH_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define EMBSH_CLONES
#endif

/// c += a·b for four rows of c at once (i0…i0+3), 16 columns of each in registers: every load
/// of b serves four rows, so the loads no longer outnumber the arithmetic.
static inline __attribute__((always_inline)) size_t gemm_four_rows(size_t i0, size_t n, size_t k, const float *a,
                                                                  ptrdiff_t ars, ptrdiff_t acs, const float *b,
                                                                  ptrdiff_t ldb, float *c, ptrdiff_t ldc) {
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
            float s0 = a0[q], s1 = a1[q], s2 = a2[q], s3 = a3[q];
            r00 += s0 * b0; r01 += s0 * b1;
            r10 += s1 * b0; r11 += s1 * b1;
            r20 += s2 * b0; r21 += s2 * b1;
            r30 += s3 * b0; r31 += s3 * b1;
        }
        st8(c0 + j, r00); st8(c0 + j + 8, r01); st8(c1 + j, r10); st8(c1 + j + 8, r11);
        st8(c2 + j, r20); st8(c2 + j + 8, r21); st8(c3 + j, r30); st8(c3 + j + 8, r31);
    }
    return j;
}

/// c += a·b where a's element (i, p) is a[i·ars + p·acs]: rows four at a time where there are
/// four, the rest (and the last columns) with 32 (then 8) columns of a row in registers while k
/// rows of b stream past. Each element adds its products in the same order either way.
static inline __attribute__((always_inline)) void gemm_rows(size_t m, size_t n, size_t k, const float *a, ptrdiff_t ars,
                                                           ptrdiff_t acs, const float *b, ptrdiff_t ldb, float *c,
                                                           ptrdiff_t ldc) {
    for (size_t i = 0; i < m; i++) {
        const float *ai = a + (ptrdiff_t)i * ars;
        float *ci = c + (ptrdiff_t)i * ldc;
        size_t j = 0;
        if (i % 4 == 0 && i + 4 <= m) {
            size_t done = gemm_four_rows(i, n, k, a, ars, acs, b, ldb, c, ldc);
            if (done == n) {
                i += 3;
                continue;
            }
            // The rows' last columns, one row at a time.
            for (size_t r = i; r < i + 4; r++) {
                const float *ar = a + (ptrdiff_t)r * ars;
                float *cr = c + (ptrdiff_t)r * ldc;
                for (size_t jj = done; jj < n; jj++) {
                    float s = cr[jj];
                    for (size_t p = 0; p < k; p++) s += ar[(ptrdiff_t)p * acs] * b[(ptrdiff_t)p * ldb + jj];
                    cr[jj] = s;
                }
            }
            i += 3;
            continue;
        }
        for (; j + 32 <= n; j += 32) {
            f8 c0 = ld8(ci + j), c1 = ld8(ci + j + 8), c2 = ld8(ci + j + 16), c3 = ld8(ci + j + 24);
            for (size_t p = 0; p < k; p++) {
                float s = ai[(ptrdiff_t)p * acs];
                const float *bp = b + (ptrdiff_t)p * ldb + j;
                c0 += s * ld8(bp);
                c1 += s * ld8(bp + 8);
                c2 += s * ld8(bp + 16);
                c3 += s * ld8(bp + 24);
            }
            st8(ci + j, c0); st8(ci + j + 8, c1); st8(ci + j + 16, c2); st8(ci + j + 24, c3);
        }
        for (; j + 8 <= n; j += 8) {
            f8 c0 = ld8(ci + j);
            for (size_t p = 0; p < k; p++) c0 += ai[(ptrdiff_t)p * acs] * ld8(b + (ptrdiff_t)p * ldb + j);
            st8(ci + j, c0);
        }
        for (; j < n; j++) {
            float s = ci[j];
            for (size_t p = 0; p < k; p++) s += ai[(ptrdiff_t)p * acs] * b[(ptrdiff_t)p * ldb + j];
            ci[j] = s;
        }
    }
}

EMBSH_CLONES
void embsh_gemm_nn(size_t m, size_t n, size_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                   float *c, ptrdiff_t ldc) {
    gemm_rows(m, n, k, a, lda, 1, b, ldb, c, ldc);
}

EMBSH_CLONES
void embsh_gemm_tn(size_t m, size_t n, size_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                   float *c, ptrdiff_t ldc) {
    gemm_rows(m, n, k, a, 1, lda, b, ldb, c, ldc);
}

/// Dot products of one row of a with four rows of b at once, so each load of a serves four.
static inline __attribute__((always_inline)) void gemm_dots(size_t m, size_t n, size_t k, const float *a, ptrdiff_t lda,
                                                           const float *b, ptrdiff_t ldb, float *c, ptrdiff_t ldc) {
    for (size_t i = 0; i < m; i++) {
        const float *ai = a + (ptrdiff_t)i * lda;
        float *ci = c + (ptrdiff_t)i * ldc;
        size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            const float *b0 = b + (ptrdiff_t)j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
            f8 s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
            size_t p = 0;
            for (; p + 8 <= k; p += 8) {
                f8 x = ld8(ai + p);
                s0 += x * ld8(b0 + p);
                s1 += x * ld8(b1 + p);
                s2 += x * ld8(b2 + p);
                s3 += x * ld8(b3 + p);
            }
            float t0 = hsum8(s0), t1 = hsum8(s1), t2 = hsum8(s2), t3 = hsum8(s3);
            for (; p < k; p++) {
                t0 += ai[p] * b0[p];
                t1 += ai[p] * b1[p];
                t2 += ai[p] * b2[p];
                t3 += ai[p] * b3[p];
            }
            ci[j] += t0; ci[j + 1] += t1; ci[j + 2] += t2; ci[j + 3] += t3;
        }
        for (; j < n; j++) {
            const float *bj = b + (ptrdiff_t)j * ldb;
            f8 s0 = {0};
            size_t p = 0;
            for (; p + 8 <= k; p += 8) s0 += ld8(ai + p) * ld8(bj + p);
            float t = hsum8(s0);
            for (; p < k; p++) t += ai[p] * bj[p];
            ci[j] += t;
        }
    }
}

EMBSH_CLONES
void embsh_gemm_nt(size_t m, size_t n, size_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                   float *c, ptrdiff_t ldc) {
    gemm_dots(m, n, k, a, lda, b, ldb, c, ldc);
}

/// e^x for x clamped to [−87, 88] (so 2^n stays a normal float): n = round(x·log2 e), the
/// remainder reduced in two parts of ln 2 and a degree-7 polynomial (Cephes expf).
static inline __attribute__((always_inline)) f8 exp8(f8 x) {
    x = __builtin_elementwise_min(__builtin_elementwise_max(x, (f8){0} - 87.0f), (f8){0} + 88.0f);
    f8 n = __builtin_elementwise_floor(x * 1.44269504088896341f + 0.5f);
    x = x - n * 0.693359375f;
    x = x - n * -2.12194440e-4f;
    f8 z = x * x;
    f8 y = (f8){0} + 1.9875691500e-4f;
    y = y * x + 1.3981999507e-3f;
    y = y * x + 8.3334519073e-3f;
    y = y * x + 4.1665795894e-2f;
    y = y * x + 1.6666665459e-1f;
    y = y * x + 5.0000001201e-1f;
    y = y * z + x + 1.0f;
    i8 bits = (__builtin_convertvector(n, i8) + 127) << 23;
    f8 scale;
    memcpy(&scale, &bits, sizeof scale);
    return y * scale;
}

/// `value` where x is a number, x itself (NaN) where it is not: the clamp in exp8 would
/// otherwise turn a NaN into a finite value and hide a diverged model.
static inline __attribute__((always_inline)) f8 keep_nan(f8 x, f8 value) {
    i8 nan = (i8)(x != x), bits, keep;
    memcpy(&bits, &x, sizeof bits);
    memcpy(&keep, &value, sizeof keep);
    bits = (bits & nan) | (keep & ~nan);
    memcpy(&value, &bits, sizeof value);
    return value;
}

static inline __attribute__((always_inline)) f8 sigmoid8(f8 x) { return keep_nan(x, 1.0f / (1.0f + exp8(-x))); }
/// tanh |x| = 1 − 2 / (e^2|x| + 1), which never subtracts from 2; the sign bit put back after.
static inline __attribute__((always_inline)) f8 tanh8(f8 x) {
    i8 bits, sign;
    memcpy(&bits, &x, sizeof bits);
    sign = bits & (i8){0} + (int)0x80000000;
    bits ^= sign;
    f8 magnitude;
    memcpy(&magnitude, &bits, sizeof magnitude);
    f8 t = 1.0f - 2.0f / (exp8(magnitude + magnitude) + 1.0f);
    memcpy(&bits, &t, sizeof bits);
    bits |= sign;
    memcpy(&t, &bits, sizeof t);
    return keep_nan(x, t);
}

/// Applies `f` to n floats in place, eight at a time; the tail goes through a zero-padded block.
#define EMBSH_MAP8(f, x, n)                                                                                  \
    do {                                                                                                     \
        size_t i = 0;                                                                                        \
        for (; i + 8 <= (n); i += 8) st8((x) + i, f(ld8((x) + i)));                                          \
        if (i < (n)) {                                                                                       \
            float tail[8] = {0};                                                                             \
            memcpy(tail, (x) + i, ((n) - i) * sizeof(float));                                                \
            st8(tail, f(ld8(tail)));                                                                         \
            memcpy((x) + i, tail, ((n) - i) * sizeof(float));                                                \
        }                                                                                                    \
    } while (0)

static inline __attribute__((always_inline)) void map_sigmoid(float *x, size_t n) { EMBSH_MAP8(sigmoid8, x, n); }
static inline __attribute__((always_inline)) void map_tanh(float *x, size_t n) { EMBSH_MAP8(tanh8, x, n); }

EMBSH_CLONES
void embsh_sigmoid(float *x, size_t n) { map_sigmoid(x, n); }

EMBSH_CLONES
void embsh_tanh(float *x, size_t n) { map_tanh(x, n); }
