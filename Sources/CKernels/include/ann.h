#ifndef EMBSH_ANN_H
#define EMBSH_ANN_H

#include <stddef.h>
#include <stdint.h>

/// An HNSW graph (Malkov & Yashunin, 2016) over the rows of a table, by cosine similarity.
/// The arrays are owned by the caller (Swift arrays while building, a mapped session file after
/// opening); these functions only read and write through the pointers.
///
/// - `links0`: count × (m0 + 1) int32: per row, the number of its level-0 neighbours, then them.
/// - `upper_offsets`: per row, where its upper-level lists start in `upper` (in int32 units),
///   −1 for a row on level 0 only; row r on level L ≥ 1 owns L lists of (m + 1) int32 there.
/// - `levels`: per row its top level, −1 for a row left out (a zero or non-finite row).
/// - `codes` (optional): per row `code_stride` bytes (`embsh_hnsw_code_stride`): a float32 scale,
///   then the row's unit vector as int8 (value ≈ scale · code), then zeros. Searches score rows
///   on them (a quarter of the float32 bytes; FAISS's IndexHNSWSQ) and leave the exact scores
///   to the caller; without them rows are scored in float32. Building walks the graph on them
///   too and links each row to neighbours chosen by their float32 scores.
/// Neighbour ids read from the graph are checked against `count` on every step, so a damaged
/// graph gives poor answers or an error (−1), never a read out of bounds.
typedef struct {
    const float *vectors;
    const float *inverse_norms;
    size_t count;
    size_t dim;
    int32_t m;
    int32_t m0;
    int32_t *links0;
    const int64_t *upper_offsets;
    int32_t *upper;
    size_t upper_count;
    const int8_t *levels;
    int32_t entry;
    int32_t max_level;
    /// While building: one lock byte per row, and one for the entry point (else NULL).
    uint8_t *locks;
    uint8_t *entry_lock;
    const uint8_t *codes;
    size_t code_stride;
} embsh_hnsw;

/// Per-thread working memory for building and searching (a visited bit per row, two heaps).
typedef struct embsh_hnsw_scratch embsh_hnsw_scratch;

/// Scratch for `count` rows and beams of up to `ef` entries; NULL when memory is short.
embsh_hnsw_scratch *embsh_hnsw_scratch_new(size_t count, size_t ef);
void embsh_hnsw_scratch_free(embsh_hnsw_scratch *scratch);

/// Inserts `row` into the graph (its level is `levels[row]`), searching with a beam of
/// `ef_construction`. Safe to call from several threads at once on different rows (per-row
/// locks), once the first row has been inserted alone. Returns 0, or −1 for a damaged graph.
int embsh_hnsw_insert(embsh_hnsw *graph, int32_t row, size_t ef_construction, embsh_hnsw_scratch *scratch);

/// The (up to) `ef` rows found closest to the unit vector `query`, best first, in `ids` and
/// `scores` (approximate cosines: float32, or from the codes when the graph has them); only rows
/// below `limit` are returned. The beam on level 0 starts from the rows `seeds` (e.g. the
/// query's own words, whose neighbour lists lead straight to their neighbourhood; rows outside
/// the table are skipped) as well as from where the descent through the upper levels ends.
/// Returns how many, or −1 for a damaged graph or no memory.
long embsh_hnsw_search(const embsh_hnsw *graph, const float *query, size_t ef, size_t limit, const int32_t *seeds,
                       size_t seed_count, embsh_hnsw_scratch *scratch, int32_t *ids, float *scores);

/// Bytes per row of HNSW codes for `dim` values: 4 + dim rounded up to 16, rounded up to 64.
size_t embsh_hnsw_code_stride(size_t dim);
/// The codes of `count` rows (see `embsh_hnsw`), count × embsh_hnsw_code_stride(dim) bytes;
/// rows whose inverse norm is not above 0 get zeros.
void embsh_hnsw_encode(const float *vectors, const float *inverse_norms, size_t count, size_t dim, uint8_t *codes);

/// Reduced-precision scans: the (up to) `k` rows of [0, count) scoring highest, ties to the lower
/// row, into the first entries of `rows` and `scores` (any order), which are working room for
/// `capacity` ≥ k + 16 rows (2k + 64 is a good size); returns how many (0 if capacity is
/// less). Rows without a
/// cosine (inverse norm not above 0) are left out. int8: score_r = (bias + scale · Σ_j query[j] ·
/// code[r][j]) · inverse_norms[r], the query as integers in [−127, 127] (the unit query times the
/// per-dimension steps, divided by `scale`, with Σ_j 255 · |query[j]| at most 2^31 − 1 so that no
/// sum can overflow; `bias` = Σ unit query · offset). float16: score_r = Σ_j query[j] · half[r][j]
/// · inverse_norms[r].
size_t embsh_int8_best(const uint8_t *codes, size_t count, size_t dim, const int16_t *query, float scale, float bias,
                       const float *inverse_norms, size_t k, size_t capacity, size_t *rows, float *scores);
size_t embsh_float16_best(const uint16_t *halves, size_t count, size_t dim, const float *query, const float *inverse_norms,
                          size_t k, size_t capacity, size_t *rows, float *scores);
/// Converts `count` floats to IEEE half precision (round to nearest even).
void embsh_float_to_half(const float *source, uint16_t *destination, size_t count);

#endif
