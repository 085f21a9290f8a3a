#ifndef EMBSH_CKERNELS_H
#define EMBSH_CKERNELS_H

#include <stddef.h>
#include <stdint.h>
#include "ActivationKernels.h"

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

/// One skip-gram window (Word2VecWorker's, noise words shared by the window): every context word
/// in `first…last` but `position` scores its input row against each of `targets` (the centre
/// word, label 1, then noise words, label 0); the scores' g·alpha (kept in `scores`, contexts ×
/// targets) give each context an input gradient (`input_gradients`, a row per context) and each
/// target an output gradient (`output_gradients`), all from the values before the update, then
/// every row is updated. Same operations in the same order as the Swift vector code (no fused
/// multiply-adds), so results are identical. Returns `loss` with each example's loss added in turn.
float embsh_skipgram_window(float *syn0, float *syn1neg, size_t dim, const int32_t *sentence, size_t first, size_t last,
                            size_t position, const size_t *targets, size_t target_count, float alpha, const float *sigmoid,
                            float *scores, float *input_gradients, float *output_gradients, float loss);

/// Dense products for the model engine: c[m×n] += a[m×k]·b[k×n], row-major with row strides in
/// floats (`ld…`), which may be negative to walk rows backwards (a reversed sequence: the pointer
/// names the first row walked) or smaller than k for a's rows (overlapping convolution windows);
/// rows of c must not overlap. Each element adds its products in p order with fused
/// multiply-adds, so a row gets the same bits alone or beside others, on every machine (the
/// baseline target calls the C library's fmaf); compiled like embsh_scores_above.
void embsh_gemm_nn(size_t m, size_t n, size_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                   float *c, ptrdiff_t ldc);
/// c[m×n] += aᵀ·b, with a stored k×m (row stride lda) and b stored k×n, as embsh_gemm_nn adds.
void embsh_gemm_tn(size_t m, size_t n, size_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                   float *c, ptrdiff_t ldc);

/// c[0..<n] += Σ_p a[p]·b[p·ldb + 0..<n] over the p < k where a[p] is not zero, one row of b at a
/// time: for a mostly zero `a` (a gradient after ReLU and global max pooling) the work is the
/// nonzeros'. Each element adds in p order with fused multiply-adds, as embsh_gemm_nn does.
void embsh_sparse_row_times_matrix(size_t n, size_t k, const float *a, const float *b, size_t ldb, float *c);

/// C += Aᵀ·B restricted to rows first..<last of C: row p of C (at c + p·ldc, n values) gets
/// Σ_i A[i,p]·B[i,·] over i < m, A's row i at a + i·lda and B's at b + i·ldb, in i order (a
/// weight gradient; threads take disjoint row ranges) with fused multiply-adds. Zero entries of A
/// are skipped.
void embsh_matmul_transposed_add(size_t m, size_t first, size_t last, size_t n, const float *a, size_t lda,
                                 const float *b, size_t ldb, float *c, size_t ldc);

/// One fastText step (subword.c): hidden = the mean of the input `rows` (a word's own row and its
/// n-gram rows; for CBOW those of every context word); then `groups` groups of output `targets`,
/// `group_sizes` long, each target with its label in `labels` (NULL: negative sampling, a true
/// word with label 1 followed by its noise words with label 0; hierarchical softmax: the inner
/// nodes on the true word's path, each labelled with its branch as fastText labels them): each
/// target's score against hidden gives g·alpha (word2vec's logistic table, as embsh_cbow_step),
/// added as g·alpha·output to the group's gradient and g·alpha·hidden to the output row. After
/// each group, hidden moves as the mean of the rows would if each took that gradient (by
/// `hidden_growth` times it: Σ multiplicity² / row_count, 1 for distinct rows), so each group is
/// scored as fastText scores it after updating the rows for the group before; last every input
/// row gets the sum of the groups' gradients, once per time it is listed (fastText's
/// Model::update per group, the rows written once). `gradient` holds 2 × dim floats.
/// Returns the examples' loss.
float embsh_subword_step(float *input, float *output, size_t dim, const int32_t *rows, size_t row_count,
                         const size_t *targets, const uint8_t *labels, const size_t *group_sizes, size_t groups,
                         float alpha, const float *sigmoid, float hidden_growth, float *hidden, float *gradient);

/// One hierarchical-softmax path (word2vec.c's `hs` loop): for each inner node `points[d]` on a
/// word's path, the score f of `input` against the node's row of `syn1` gives, with label
/// 1 − `codes[d]`, g = (label − σ(f))·alpha; g·row is added to `gradient` and g·input to the row.
/// A score outside (−bound, bound) changes nothing (word2vec.c and gensim skip it). Returns the
/// path's loss, −Σ log σ(±f).
float embsh_hs_path(const float *input, float *syn1, size_t dim, const int32_t *points, const uint8_t *codes, size_t length,
                    float alpha, const float *sigmoid, float *gradient);
#include "ann.h"
#include "decimals.h"
#include "pool.h"
#endif
