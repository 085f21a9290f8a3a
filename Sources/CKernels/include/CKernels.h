#ifndef EMBSH_CKERNELS_H
#define EMBSH_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Scores rows r in [0, count) as dot(rows + r * dim, query) * inverse_norms[r] and writes
/// those at or above `threshold` (their r and score, in order) to `indices` and `scores`;
/// returns how many. The dot product adds in the same order as VectorMath.dot (two 16-wide
/// accumulators, folded in halves, then the tails), without fused multiply-adds, so scores
/// are identical; compiled for AVX-512, AVX2 and baseline x86-64 and chosen at run time.
size_t embsh_scores_above(const float *rows, size_t count, size_t dim, const float *query,
                          const float *inverse_norms, float threshold, size_t *indices, float *scores);


/// Asks for the cache line at `address` ahead of its use (a hint: it never faults), so that
/// lookups into large hash tables overlap their cache misses.
static inline __attribute__((always_inline)) void embsh_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// One Keras Adam step over `count` parameters: m += (g − m)·keep1; v += (g² − v)·keep2;
/// w −= m·alpha / (√v + epsilon), with `alpha` the bias-corrected learning rate. Each element
/// takes the same IEEE operations in the vector body and the tail (no fused multiply-adds), so
/// the result is the same on every machine; compiled like embsh_scores_above.
void embsh_adam_step(float *weights, float *m, float *v, const float *gradient, size_t count,
                     float alpha, float keep1, float keep2, float epsilon);
/// word2vec's logistic table (SigmoidTable): EMBSH_SIGMOID_BINS bins over (−bound, bound), each
/// three floats: σ, the loss of a positive example, the loss of a noise example.
#define EMBSH_SIGMOID_BINS 1000
#define EMBSH_SIGMOID_BOUND 6.0f

/// One CBOW step (word2vec.c's, as Word2VecWorker describes it) for the word at `position` of
/// `sentence`, its context rows `first…last` but `position`: hidden = their mean; for each of
/// `targets` (the word first, label 1, then noise words, label 0) the score against its output
/// row gives g·alpha, added as g·alpha·output to the gradient and g·alpha·hidden to the output
/// row; then each context row gets the gradient. Same operations in the same order as the Swift
/// vector code (no fused multiply-adds), so results are identical. Returns the examples' loss.
float embsh_cbow_step(float *syn0, float *syn1neg, size_t dim, const int32_t *sentence, size_t first, size_t last,
                      size_t position, const size_t *targets, size_t target_count, float alpha, const float *sigmoid,
                      float *hidden, float *gradient);
#include "ann.h"
#endif
