#include "CKernels.h"
#include "vectorops.h"

EMBSH_CLONES
float embsh_subword_step(float *input, float *output, size_t dim, const int32_t *rows, size_t row_count,
                         const size_t *targets, const uint8_t *labels, const size_t *group_sizes, size_t groups,
                         float alpha, const float *sigmoid, float hidden_growth, float *hidden, float *gradient) {
    memset(hidden, 0, dim * sizeof(float));
    for (size_t r = 0; r < row_count; r++) add_scaled(1, input + (size_t)rows[r] * dim, hidden, dim);
    float scale = 1 / (float)row_count;
    for (size_t i = 0; i < dim; i++) hidden[i] *= scale;
    float *step = gradient + dim;
    memset(gradient, 0, dim * sizeof(float));
    float loss = 0;
    size_t t = 0;
    for (size_t group = 0; group < groups; group++) {
        memset(step, 0, dim * sizeof(float));
        for (size_t k = 0; k < group_sizes[group]; k++, t++) {
            float *out = output + targets[t] * dim;
            float f = dot(hidden, out, dim), g, l;
            int positive = labels ? labels[t] : k == 0;
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
            add_scaled(g * alpha, out, step, dim);
            add_scaled(g * alpha, hidden, out, dim);
        }
        add_scaled(1, step, gradient, dim);
        if (group + 1 < groups) add_scaled(hidden_growth, step, hidden, dim);
    }
    for (size_t r = 0; r < row_count; r++) add_scaled(1, gradient, input + (size_t)rows[r] * dim, dim);
    return loss;
}
