#ifndef EMBSH_RECURRENT_KERNELS_H
#define EMBSH_RECURRENT_KERNELS_H

#include <stddef.h>

/// The recurrent cells' (LSTM, GRU) inner loops: small dense matrix products and the gate
/// nonlinearities, compiled for AVX-512, AVX2 and baseline x86-64 and chosen at run time.
/// Matrices are row-major with a row stride in floats (`ld…`), which may be negative to walk
/// rows backwards (a reversed sequence) — then the pointer names the first row walked.
/// Every product adds to `c`; none of them uses fused multiply-adds, so results are the same on
/// every machine.

/// c[m×n] += a[m×k] · b[k×n].
void embsh_gemm_nn(size_t m, size_t n, size_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                   float *c, ptrdiff_t ldc);
/// c[m×n] += aᵀ · b, with a stored k×m and b stored k×n.
void embsh_gemm_tn(size_t m, size_t n, size_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                   float *c, ptrdiff_t ldc);
/// c[m×n] += a[m×k] · bᵀ, with b stored n×k.
void embsh_gemm_nt(size_t m, size_t n, size_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                   float *c, ptrdiff_t ldc);
/// x ← 1 / (1 + e^−x), elementwise (a Cephes-style e^x, within 2 ulp of the exact logistic).
void embsh_sigmoid(float *x, size_t n);
/// x ← tanh x, elementwise, as sign(x)·(1 − 2 / (e^2|x| + 1)) with the same e^x (absolute error
/// < 1e-7). Both keep a NaN a NaN.
void embsh_tanh(float *x, size_t n);
#endif
