#include "CKernels.h"
#include "vectorops.h"

EMBSH_CLONES
size_t embsh_scores_above(const float *rows, size_t count, size_t dim, const float *query,
                          const float *inverse_norms, float threshold, size_t *indices, float *scores) {
    size_t found = 0;
    for (size_t r = 0; r < count; r++) {
        float score = dot(rows + r * dim, query, dim) * inverse_norms[r];
        if (score >= threshold) {
            indices[found] = r;
            scores[found] = score;
            found++;
        }
    }
    return found;
}

static inline __attribute__((always_inline)) void adam(float *weights, float *m, float *v, const float *gradient,
                                                       size_t count, float alpha, float keep1, float keep2, float epsilon) {
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        v16 g = load16(gradient + i), mi = load16(m + i), vi = load16(v + i), wi = load16(weights + i);
        mi += (g - mi) * keep1;
        vi += (g * g - vi) * keep2;
        wi -= mi * alpha / (__builtin_elementwise_sqrt(vi) + epsilon);
        memcpy(m + i, &mi, sizeof mi);
        memcpy(v + i, &vi, sizeof vi);
        memcpy(weights + i, &wi, sizeof wi);
    }
    for (; i < count; i++) {
        float g = gradient[i];
        m[i] += (g - m[i]) * keep1;
        v[i] += (g * g - v[i]) * keep2;
        weights[i] -= m[i] * alpha / (__builtin_sqrtf(v[i]) + epsilon);
    }
}

EMBSH_CLONES
void embsh_adam_step(float *weights, float *m, float *v, const float *gradient, size_t count,
                     float alpha, float keep1, float keep2, float epsilon) {
    adam(weights, m, v, gradient, count, alpha, keep1, keep2, epsilon);
}

static inline __attribute__((always_inline)) float cbow(float *syn0, float *syn1neg, size_t dim, const int32_t *sentence,
                                                      size_t first, size_t last, size_t position, const size_t *targets,
                                                      size_t target_count, float alpha, const float *sigmoid,
                                                      float *hidden, float *gradient) {
    memset(hidden, 0, dim * sizeof(float));
    for (size_t c = first; c <= last; c++) {
        if (c != position) add_scaled(1, syn0 + (size_t)sentence[c] * dim, hidden, dim);
    }
    float scale = 1 / (float)(last - first);
    for (size_t i = 0; i < dim; i++) hidden[i] *= scale;
    memset(gradient, 0, dim * sizeof(float));
    float loss = 0;
    for (size_t t = 0; t < target_count; t++) {
        float *output = syn1neg + targets[t] * dim;
        float f = dot(hidden, output, dim), g, l;
        int positive = t == 0;
        if (f >= EMBSH_SIGMOID_BOUND) {
            g = positive ? 0 : -1;
            l = positive ? 0 : f;
        } else if (f > -EMBSH_SIGMOID_BOUND) {
            int index = (int)((f + EMBSH_SIGMOID_BOUND) * ((float)EMBSH_SIGMOID_BINS / EMBSH_SIGMOID_BOUND / 2));
            const float *bin = sigmoid + 3 * (index < EMBSH_SIGMOID_BINS - 1 ? index : EMBSH_SIGMOID_BINS - 1);
            g = positive ? 1 - bin[0] : -bin[0];
            l = positive ? bin[1] : bin[2];
        } else if (f != f) {
            /* A NaN score (diverged vectors): no update, and a NaN loss the training loop reports. */
            g = 0;
            l = f;
        } else {
            g = positive ? 1 : 0;
            l = positive ? -f : 0;
        }
        loss += l;
        add_scaled(g * alpha, output, gradient, dim);
        add_scaled(g * alpha, hidden, output, dim);
    }
    for (size_t c = first; c <= last; c++) {
        if (c != position) add_scaled(1, gradient, syn0 + (size_t)sentence[c] * dim, dim);
    }
    return loss;
}

EMBSH_CLONES
float embsh_cbow_step(float *syn0, float *syn1neg, size_t dim, const int32_t *sentence, size_t first, size_t last,
                      size_t position, const size_t *targets, size_t target_count, float alpha, const float *sigmoid,
                      float *hidden, float *gradient) {
    return cbow(syn0, syn1neg, dim, sentence, first, last, position, targets, target_count, alpha, sigmoid, hidden, gradient);
}

/* word2vec's logistic gradient for score f: g = label − σ(f) and the example's loss, from the
   table `sigmoid`, clipped beyond ±bound; a NaN score gives no gradient and a NaN loss. */
static inline __attribute__((always_inline)) float logistic_gradient(float f, int positive, const float *sigmoid,
                                                                     float *loss) {
    if (f >= EMBSH_SIGMOID_BOUND) {
        *loss = positive ? 0 : f;
        return positive ? 0 : -1;
    }
    if (f > -EMBSH_SIGMOID_BOUND) {
        int index = (int)((f + EMBSH_SIGMOID_BOUND) * ((float)EMBSH_SIGMOID_BINS / EMBSH_SIGMOID_BOUND / 2));
        const float *bin = sigmoid + 3 * (index < EMBSH_SIGMOID_BINS - 1 ? index : EMBSH_SIGMOID_BINS - 1);
        *loss = positive ? bin[1] : bin[2];
        return positive ? 1 - bin[0] : -bin[0];
    }
    if (f != f) {
        *loss = f;
        return 0;
    }
    *loss = positive ? -f : 0;
    return positive ? 1 : 0;
}

EMBSH_CLONES
float embsh_skipgram_window(float *syn0, float *syn1neg, size_t dim, const int32_t *sentence, size_t first, size_t last,
                            size_t position, const size_t *targets, size_t target_count, float alpha, const float *sigmoid,
                            float *scores, float *input_gradients, float *output_gradients, float loss) {
    size_t contexts = 0;
    for (size_t c = first; c <= last; c++) {
        if (c == position) continue;
        const float *input = syn0 + (size_t)sentence[c] * dim;
        for (size_t k = 0; k < target_count; k++) {
            float l;
            float g = logistic_gradient(dot(input, syn1neg + targets[k] * dim, dim), k == 0, sigmoid, &l);
            scores[contexts * target_count + k] = g * alpha;
            loss += l;
        }
        contexts++;
    }
    memset(output_gradients, 0, target_count * dim * sizeof(float));
    contexts = 0;
    for (size_t c = first; c <= last; c++) {
        if (c == position) continue;
        const float *input = syn0 + (size_t)sentence[c] * dim;
        float *gradient = input_gradients + contexts * dim;
        memset(gradient, 0, dim * sizeof(float));
        for (size_t k = 0; k < target_count; k++) {
            float g = scores[contexts * target_count + k];
            add_scaled(g, syn1neg + targets[k] * dim, gradient, dim);
            add_scaled(g, input, output_gradients + k * dim, dim);
        }
        contexts++;
    }
    contexts = 0;
    for (size_t c = first; c <= last; c++) {
        if (c == position) continue;
        add_scaled(1, input_gradients + contexts * dim, syn0 + (size_t)sentence[c] * dim, dim);
        contexts++;
    }
    for (size_t k = 0; k < target_count; k++) add_scaled(1, output_gradients + k * dim, syn1neg + targets[k] * dim, dim);
    return loss;
}

EMBSH_CLONES
float embsh_hs_path(const float *input, float *syn1, size_t dim, const int32_t *points, const uint8_t *codes, size_t length,
                    float alpha, const float *sigmoid, float *gradient) {
    float loss = 0;
    for (size_t d = 0; d < length; d++) {
        float *output = syn1 + (size_t)points[d] * dim;
        float f = dot(input, output, dim);
        int positive = codes[d] == 0;
        if (f >= EMBSH_SIGMOID_BOUND) {
            loss += positive ? 0 : f;
            continue;
        }
        if (!(f > -EMBSH_SIGMOID_BOUND)) {
            /* A NaN score (diverged vectors) is reported through the loss. */
            loss += f != f ? f : (positive ? -f : 0);
            continue;
        }
        int index = (int)((f + EMBSH_SIGMOID_BOUND) * ((float)EMBSH_SIGMOID_BINS / EMBSH_SIGMOID_BOUND / 2));
        const float *bin = sigmoid + 3 * (index < EMBSH_SIGMOID_BINS - 1 ? index : EMBSH_SIGMOID_BINS - 1);
        float g = (positive ? 1 - bin[0] : -bin[0]) * alpha;
        loss += positive ? bin[1] : bin[2];
        add_scaled(g, output, gradient, dim);
        add_scaled(g, input, output, dim);
    }
    return loss;
}
