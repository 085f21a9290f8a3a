#include "CKernels.h"
#include <string.h>

#pragma clang fp contract(off)
#pragma clang diagnostic ignored "-Wpsabi"

typedef float sv16 __attribute__((vector_size(64), aligned(4)));
typedef float sv4 __attribute__((vector_size(16), aligned(4)));

static inline __attribute__((always_inline)) sv16 sload16(const float *p) { sv16 v; memcpy(&v, p, sizeof v); return v; }
static inline __attribute__((always_inline)) sv4 sload4(const float *p) { sv4 v; memcpy(&v, p, sizeof v); return v; }

static inline __attribute__((always_inline)) float sdot(const float *a, const float *b, size_t n) {
    sv16 acc = {0};
    size_t i = 0;
    for (; i + 16 <= n; i += 16) acc += sload16(a + i) * sload16(b + i);
    sv4 h = {0};
    for (; i + 4 <= n; i += 4) h += sload4(a + i) * sload4(b + i);
    float s = 0;
    for (int k = 0; k < 16; k++) s += acc[k];
    for (int k = 0; k < 4; k++) s += h[k];
    for (; i < n; i++) s += a[i] * b[i];
    return s;
}

static inline __attribute__((always_inline)) void saxpy(float a, const float *x, float *y, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        sv16 r = sload16(y + i) + a * sload16(x + i);
        memcpy(y + i, &r, sizeof r);
    }
    for (; i + 4 <= n; i += 4) {
        sv4 r = sload4(y + i) + a * sload4(x + i);
        memcpy(y + i, &r, sizeof r);
    }
    for (; i < n; i++) y[i] += a * x[i];
}

#if defined(__x86_64__) && defined(__linux__)
#define SUBWORD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SUBWORD_CLONES
#endif

SUBWORD_CLONES
float embsh_subword_step(float *input, float *output, size_t dim, const int32_t *rows, size_t row_count,
                         const size_t *targets, const size_t *group_sizes, size_t groups, float alpha,
                         const float *sigmoid, float *hidden, float *gradient) {
    memset(hidden, 0, dim * sizeof(float));
    for (size_t r = 0; r < row_count; r++) saxpy(1, input + (size_t)rows[r] * dim, hidden, dim);
    float scale = 1 / (float)row_count;
    for (size_t i = 0; i < dim; i++) hidden[i] *= scale;
    memset(gradient, 0, dim * sizeof(float));
    float loss = 0;
    size_t t = 0;
    for (size_t group = 0; group < groups; group++) {
        for (size_t k = 0; k < group_sizes[group]; k++, t++) {
            float *out = output + targets[t] * dim;
            float f = sdot(hidden, out, dim), g, l;
            int positive = k == 0;
            if (f >= EMBSH_SIGMOID_BOUND) {
                g = positive ? 0 : -1;
                l = positive ? 0 : f;
            } else if (f > -EMBSH_SIGMOID_BOUND) {
                int index = (int)((f + EMBSH_SIGMOID_BOUND) * ((float)EMBSH_SIGMOID_BINS / EMBSH_SIGMOID_BOUND / 2));
                const float *bin = sigmoid + 3 * (index < EMBSH_SIGMOID_BINS - 1 ? index : EMBSH_SIGMOID_BINS - 1);
                g = positive ? 1 - bin[0] : -bin[0];
                l = positive ? bin[1] : bin[2];
            } else if (f != f) {
                g = 0;
                l = f;
            } else {
                g = positive ? 1 : 0;
                l = positive ? -f : 0;
            }
            loss += l;
            saxpy(g * alpha, out, gradient, dim);
            saxpy(g * alpha, hidden, out, dim);
        }
    }
    for (size_t r = 0; r < row_count; r++) saxpy(1, gradient, input + (size_t)rows[r] * dim, dim);
    return loss;
}
