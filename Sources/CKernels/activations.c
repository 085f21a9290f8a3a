#include "ActivationKernels.h"
#include "simd.h"

/* The model engine's elementwise kernels: activations (ReLU, logistic, tanh), the recurrent
   cells' per-step arithmetic (their matrix products are in matmul.c), where global max pooling's
   maxima lie, and the finiteness check of a gradient. */

/// e^x for x clamped to [−87, 88] (so 2^n stays a normal float): n = round(x·log2 e), the
/// remainder reduced in two parts of ln 2 and a degree-7 polynomial (Cephes expf).
EMBSH_INLINE f8 exp8(f8 x) {
    x = __builtin_elementwise_min(__builtin_elementwise_max(x, (f8){0} - 87.0f), (f8){0} + 88.0f);
    f8 n = __builtin_elementwise_floor(fma8(x, splat8(1.44269504088896341f), splat8(0.5f)));
    x = fma8(n, splat8(-0.693359375f), x);
    x = fma8(n, splat8(2.12194440e-4f), x);
    f8 z = x * x;
    f8 y = splat8(1.9875691500e-4f);
    y = fma8(y, x, splat8(1.3981999507e-3f));
    y = fma8(y, x, splat8(8.3334519073e-3f));
    y = fma8(y, x, splat8(4.1665795894e-2f));
    y = fma8(y, x, splat8(1.6666665459e-1f));
    y = fma8(y, x, splat8(5.0000001201e-1f));
    y = fma8(y, z, x) + 1.0f;
    i8 bits = (__builtin_convertvector(n, i8) + 127) << 23;
    f8 scale;
    memcpy(&scale, &bits, sizeof scale);
    return y * scale;
}

/// `value` where x is a number, x itself (NaN) where it is not: the clamp in exp8 would
/// otherwise turn a NaN into a finite value and hide a diverged model.
EMBSH_INLINE f8 keep_nan(f8 x, f8 value) { return select8((i8)(x != x), x, value); }

EMBSH_INLINE f8 sigmoid8(f8 x) { return keep_nan(x, 1.0f / (1.0f + exp8(-x))); }
/// tanh |x| = 1 − 2 / (e^2|x| + 1), which never subtracts from 2; the sign bit put back after.
EMBSH_INLINE f8 tanh8(f8 x) {
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

EMBSH_INLINE void map_sigmoid(float *x, size_t n) { EMBSH_MAP8(sigmoid8, x, n); }
EMBSH_INLINE void map_tanh(float *x, size_t n) { EMBSH_MAP8(tanh8, x, n); }

EMBSH_FMA_CLONES
void embsh_sigmoid(float *x, size_t n) { map_sigmoid(x, n); }

EMBSH_FMA_CLONES
void embsh_tanh(float *x, size_t n) { map_tanh(x, n); }

/* max(x, 0) keeping NaN: x where x < 0 is false. */
EMBSH_INLINE f8 relu8(f8 x) { return select8((i8)(x < 0), splat8(0), x); }

EMBSH_INLINE void map_relu(float *x, size_t n) { EMBSH_MAP8(relu8, x, n); }

EMBSH_CLONES
void embsh_relu(float *x, size_t n) { map_relu(x, n); }

EMBSH_INLINE void relu_backward(const float *output, float *delta, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) st8(delta + i, select8((i8)(ld8(output + i) > 0), ld8(delta + i), splat8(0)));
    for (; i < n; i++) delta[i] = output[i] > 0 ? delta[i] : 0;
}

EMBSH_CLONES
void embsh_relu_backward(const float *output, float *delta, size_t n) { relu_backward(output, delta, n); }

EMBSH_INLINE void max_steps(const float *rows, size_t steps, size_t dim, int32_t *best) {
    size_t d = 0;
    for (; d + 8 <= dim; d += 8) {
        f8 top = ld8(rows + d);
        i8 at = {0};
        for (size_t t = 1; t < steps; t++) {
            f8 v = ld8(rows + t * dim + d);
            i8 larger = (i8)(v > top);
            top = select8(larger, v, top);
            at = (((i8){0} + (int)t) & larger) | (at & ~larger);
        }
        memcpy(best + d, &at, sizeof at);
    }
    for (; d < dim; d++) {
        float top = rows[d];
        int32_t at = 0;
        for (size_t t = 1; t < steps; t++) {
            float v = rows[t * dim + d];
            if (v > top) { top = v; at = (int32_t)t; }
        }
        best[d] = at;
    }
}

EMBSH_CLONES
void embsh_max_steps(const float *rows, size_t steps, size_t dim, int32_t *best) { max_steps(rows, steps, dim, best); }

EMBSH_INLINE int all_finite(const float *x, size_t n) {
    /* x·0 is 0 for every finite x and NaN for NaN and ±infinity; NaN ≠ NaN. */
    f8 sum = splat8(0);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) sum += ld8(x + i) * 0.0f;
    float rest = 0;
    for (; i < n; i++) rest += x[i] * 0.0f;
    for (int j = 0; j < 8; j++) rest += sum[j];
    return rest == 0;
}

EMBSH_CLONES
int embsh_all_finite(const float *x, size_t n) { return all_finite(x, n); }

EMBSH_INLINE float ld1(const float *p) { return *p; }
EMBSH_INLINE void st1(float *p, float v) { *p = v; }

/// Runs `BODY(T, LD, ST)` for j = 0…n−1: eight lanes at a time (T = f8), then one at a time
/// (T = float). A body written once with T, LD and ST does the same arithmetic in both, so each
/// element gets the same result wherever it falls.
#define EMBSH_EACH8(n, BODY)                                                                                 \
    do {                                                                                                     \
        size_t j = 0;                                                                                        \
        for (; j + 8 <= (n); j += 8) BODY(f8, ld8, st8)                                                      \
        for (; j < (n); j++) BODY(float, ld1, st1)                                                           \
    } while (0)

EMBSH_INLINE void lstm_step(float *a, const float *cp, float *cn, float *tc, float *hn,
                            size_t u) {
    map_sigmoid(a, 2 * u);
    map_tanh(a + 2 * u, u);
    map_sigmoid(a + 3 * u, u);
    const float *i = a, *f = a + u, *g = a + 2 * u, *o = a + 3 * u;
#define CELL(T, LD, ST) { ST(cn + j, LD(f + j) * LD(cp + j) + LD(i + j) * LD(g + j)); }
    EMBSH_EACH8(u, CELL);
#undef CELL
    memcpy(tc, cn, u * sizeof(float));
    map_tanh(tc, u);
#define OUTPUT(T, LD, ST) { ST(hn + j, LD(o + j) * LD(tc + j)); }
    EMBSH_EACH8(u, OUTPUT);
#undef OUTPUT
}

EMBSH_FMA_CLONES
void embsh_lstm_step(float *a, const float *cp, float *cn, float *tc, float *hn, size_t u) {
    lstm_step(a, cp, cn, tc, hn, u);
}

EMBSH_INLINE void lstm_step_gradient(const float *a, const float *tc, const float *cp,
                                     float *dh, float *dc, float *g, size_t u) {
    const float *i = a, *f = a + u, *c = a + 2 * u, *o = a + 3 * u;
#define GRADIENT(T, LD, ST)                                                                                  \
    {                                                                                                        \
        T ij = LD(i + j), fj = LD(f + j), cj = LD(c + j), oj = LD(o + j), tcj = LD(tc + j), dhj = LD(dh + j);\
        T dcT = LD(dc + j) + dhj * oj * (1 - tcj * tcj);                                                     \
        ST(g + j, dcT * cj * ij * (1 - ij));                                                                 \
        ST(g + u + j, dcT * LD(cp + j) * fj * (1 - fj));                                                     \
        ST(g + 2 * u + j, dcT * ij * (1 - cj * cj));                                                         \
        ST(g + 3 * u + j, dhj * tcj * oj * (1 - oj));                                                        \
        ST(dc + j, dcT * fj);                                                                                \
        ST(dh + j, (T){0});                                                                                  \
    }
    EMBSH_EACH8(u, GRADIENT);
#undef GRADIENT
}

EMBSH_FMA_CLONES
void embsh_lstm_step_gradient(const float *a, const float *tc, const float *cp, float *dh, float *dc, float *g,
                              size_t u) {
    lstm_step_gradient(a, tc, cp, dh, dc, g, u);
}

EMBSH_INLINE void gru_step(float *a, const float *rec, float *rec_h, const float *hp,
                           float *hn, size_t u) {
    const float *z = a, *r = a + u, *hh = a + 2 * u;
#define GATES(T, LD, ST) { ST(a + j, LD(a + j) + LD(rec + j)); }
    EMBSH_EACH8(2 * u, GATES);
#undef GATES
    map_sigmoid(a, 2 * u);
    memcpy(rec_h, rec + 2 * u, u * sizeof(float));
#define CANDIDATE(T, LD, ST) { ST(a + 2 * u + j, LD(a + 2 * u + j) + LD(r + j) * LD(rec_h + j)); }
    EMBSH_EACH8(u, CANDIDATE);
#undef CANDIDATE
    map_tanh(a + 2 * u, u);
#define OUTPUT(T, LD, ST) { T zj = LD(z + j); ST(hn + j, zj * LD(hp + j) + (1 - zj) * LD(hh + j)); }
    EMBSH_EACH8(u, OUTPUT);
#undef OUTPUT
}

EMBSH_FMA_CLONES
void embsh_gru_step(float *a, const float *rec, float *rec_h, const float *hp, float *hn, size_t u) {
    gru_step(a, rec, rec_h, hp, hn, u);
}

EMBSH_INLINE void gru_step_gradient(const float *a, const float *rec_h, const float *hp,
                                    float *dh, float *g, float *gr, size_t u) {
    const float *z = a, *r = a + u, *hh = a + 2 * u;
#define GRADIENT(T, LD, ST)                                                                                  \
    {                                                                                                        \
        T zj = LD(z + j), rj = LD(r + j), hj = LD(hh + j), dhj = LD(dh + j);                                 \
        T dah = dhj * (1 - zj) * (1 - hj * hj);                                                              \
        T daz = dhj * (LD(hp + j) - hj) * zj * (1 - zj);                                                     \
        T dar = dah * LD(rec_h + j) * rj * (1 - rj);                                                         \
        ST(g + j, daz); ST(g + u + j, dar); ST(g + 2 * u + j, dah);                                          \
        ST(gr + j, daz); ST(gr + u + j, dar); ST(gr + 2 * u + j, dah * rj);                                  \
        ST(dh + j, dhj * zj);                                                                                \
    }
    EMBSH_EACH8(u, GRADIENT);
#undef GRADIENT
}

EMBSH_FMA_CLONES
void embsh_gru_step_gradient(const float *a, const float *rec_h, const float *hp, float *dh, float *g, float *gr,
                             size_t u) {
    gru_step_gradient(a, rec_h, hp, dh, g, gr, u);
}
