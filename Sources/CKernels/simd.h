/* What the kernel files share: eight-float vectors with unaligned loads and stores, and how
   each exported kernel is compiled for the machine it runs on. */
#ifndef EMBSH_SIMD_H
#define EMBSH_SIMD_H

#include <stddef.h>
#include <string.h>

/* Multiplies and adds are never fused unless written with fma8/fma1, so each kernel's arithmetic
   is what its source says on every dispatch target. */
#pragma clang fp contract(off)

/* Vectors never cross a function boundary (helpers are always inlined), so the dispatch
   targets' different vector ABIs do not matter. */
#pragma clang diagnostic ignored "-Wpsabi"

#define EMBSH_INLINE static inline __attribute__((always_inline))

typedef float f8 __attribute__((vector_size(32), aligned(4)));
typedef int i8 __attribute__((vector_size(32), aligned(4)));

EMBSH_INLINE f8 ld8(const float *p) { f8 v; memcpy(&v, p, sizeof v); return v; }
EMBSH_INLINE void st8(float *p, f8 v) { memcpy(p, &v, sizeof v); }
EMBSH_INLINE f8 splat8(float x) { return (f8){x, x, x, x, x, x, x, x}; }
/* Lane by lane, a where mask is all ones, else b (mask from a vector comparison). */
EMBSH_INLINE f8 select8(i8 mask, f8 a, f8 b) {
    i8 ai, bi;
    memcpy(&ai, &a, sizeof ai);
    memcpy(&bi, &b, sizeof bi);
    ai = (ai & mask) | (bi & ~mask);
    memcpy(&a, &ai, sizeof a);
    return a;
}
/* x·y + z rounded once, for vectors and for single floats. */
EMBSH_INLINE f8 fma8(f8 x, f8 y, f8 z) { return __builtin_elementwise_fma(x, y, z); }
EMBSH_INLINE float fma1(float x, float y, float z) { return __builtin_fmaf(x, y, z); }

#if defined(__x86_64__) && defined(__linux__)
/* Built for AVX-512, AVX2 and baseline x86-64, the best one chosen when the program loads;
   kernels with these use no fused multiply-adds, so every target gives the same bits. */
#define EMBSH_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
/* The same for kernels written with fma8/fma1: x86-64-v4 (AVX-512) and v3 (AVX2 with FMA) do
   them in hardware, the baseline calls the C library's fmaf, which rounds once as well — so
   these too give the same bits on every machine, the baseline slowly. */
#define EMBSH_FMA_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define EMBSH_CLONES
#define EMBSH_FMA_CLONES
#endif

#endif
