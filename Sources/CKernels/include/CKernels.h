#ifndef EMBSH_CKERNELS_H
#define EMBSH_CKERNELS_H

#include <stddef.h>

/// Scores rows r in [0, count) as dot(rows + r * dim, query) * inverse_norms[r] and writes
/// those at or above `threshold` (their r and score, in order) to `indices` and `scores`;
/// returns how many. The dot product adds in the same order as VectorMath.dot (two 16-wide
/// accumulators, folded in halves, then the tails), without fused multiply-adds, so scores
/// are identical; compiled for AVX-512, AVX2 and baseline x86-64 and chosen at run time.
size_t embsh_scores_above(const float *rows, size_t count, size_t dim, const float *query,
                          const float *inverse_norms, float threshold, size_t *indices, float *scores);

#endif
