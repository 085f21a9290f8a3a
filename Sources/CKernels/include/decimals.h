#ifndef EMBSH_DECIMALS_H
#define EMBSH_DECIMALS_H

#include <stddef.h>
#include <stdint.h>

/// The fast path of FloatParser (EmbeddingFormats) in C: `[+-]digits[.digits][(e|E)[+-]digits]`
/// with at most 18 digits before the exponent, computed as FloatParser.float computes it (one
/// Double product, rounded to Float unless it lies within 8 units of a Float halfway point).
/// Whatever it cannot decide exactly — other syntax, more digits, exponents beyond ±64, results
/// that are subnormal or infinite — it leaves to the Swift parser.
///
/// The number at p[0..<count): the bytes it takes (it stops at the first byte that cannot
/// continue it) with its value in `*value`, or 0 when it leaves the number to the caller.
size_t embsh_decimal(const uint8_t *p, size_t count, float *value);

/// Reads up to `max` numbers separated by spaces and tabs from p[*position..<end) into `out`,
/// each ending at a space, a tab or `end`; returns how many. `*position` is left at the first
/// token not read (after the spaces before it), or at `end`.
size_t embsh_decimals(const uint8_t *p, size_t *position, size_t end, float *out, size_t max);

#endif
