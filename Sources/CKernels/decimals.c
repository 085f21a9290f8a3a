// Decimal text to float32 for text vector files (see decimals.h): the common numbers of a
// vector line, read in a loop that keeps the line's state in registers.
#include "decimals.h"
#include <string.h>

/// 10^-64 … 10^64, each the double nearest it (as FloatParser.powers).
static const double powers[129] = {
    1e-64, 1e-63, 1e-62, 1e-61, 1e-60, 1e-59, 1e-58, 1e-57, 1e-56, 1e-55, 1e-54, 1e-53, 1e-52, 1e-51,
    1e-50, 1e-49, 1e-48, 1e-47, 1e-46, 1e-45, 1e-44, 1e-43, 1e-42, 1e-41, 1e-40, 1e-39, 1e-38, 1e-37,
    1e-36, 1e-35, 1e-34, 1e-33, 1e-32, 1e-31, 1e-30, 1e-29, 1e-28, 1e-27, 1e-26, 1e-25, 1e-24, 1e-23,
    1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9,
    1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
    1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25,
    1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32, 1e33, 1e34, 1e35, 1e36, 1e37, 1e38, 1e39, 1e40, 1e41,
    1e42, 1e43, 1e44, 1e45, 1e46, 1e47, 1e48, 1e49, 1e50, 1e51, 1e52, 1e53, 1e54, 1e55, 1e56, 1e57,
    1e58, 1e59, 1e60, 1e61, 1e62, 1e63, 1e64,
};

static const uint64_t small_powers[9] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000 };

#define INLINE static inline __attribute__((always_inline))

/// The number written by eight digit values 0…9, the first in the lowest byte.
INLINE uint64_t eight_digits(uint64_t chunk) {
    uint64_t pairs = (chunk * 10 + (chunk >> 8)) & 0x00FF00FF00FF00FFull;
    uint64_t fours = (pairs * 100 + (pairs >> 16)) & 0x0000FFFF0000FFFFull;
    return (fours * 10000 + (fours >> 32)) & 0xFFFFFFFFull;
}

/// Appends the digits at *at (before `end`) to *mantissa (wrapping past 19: callers count them),
/// eight at a time while eight bytes remain, as FloatParser.readDigits.
INLINE void read_digits(const uint8_t **at, const uint8_t *end, uint64_t *mantissa) {
    const uint8_t *p = *at;
    uint64_t m = *mantissa;
    while (end - p >= 8) {
        uint64_t chunk;
        memcpy(&chunk, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        chunk = __builtin_bswap64(chunk);  // the first byte in the lowest lane
#endif
        chunk -= 0x3030303030303030ull;
        uint64_t flags = ((chunk + 0x7676767676767676ull) | chunk) & 0x8080808080808080ull;
        unsigned n = flags ? (unsigned)__builtin_ctzll(flags) >> 3 : 8;
        if (n == 0) break;
        m = m * small_powers[n] + eight_digits(chunk << (64 - 8 * n));
        p += n;
        if (n < 8) { *at = p; *mantissa = m; return; }
    }
    while (p < end && (uint8_t)(*p - '0') < 10) m = m * 10 + (uint64_t)(*p++ - '0');
    *at = p;
    *mantissa = m;
}

/// The number at [p, end): where it stops, or NULL when it is left to the Swift parser.
INLINE const uint8_t *decimal(const uint8_t *p, const uint8_t *end, float *value) {
    if (p >= end) return NULL;
    int negative = *p == '-';
    p += negative | (*p == '+');
    const uint8_t *digits_start = p;
    uint64_t mantissa = 0;
    while (p < end && (uint8_t)(*p - '0') < 10) mantissa = mantissa * 10 + (uint64_t)(*p++ - '0');
    long digits = p - digits_start, exp10 = 0;
    if (p < end && *p == '.') {
        const uint8_t *fraction = ++p;
        read_digits(&p, end, &mantissa);
        exp10 = fraction - p;
        digits += p - fraction;
    }
    if (digits == 0 || digits > 18) return NULL;
    if (p < end && (*p | 0x20) == 'e') {
        p++;
        int exponent_negative = p < end && *p == '-';
        if (p < end && (*p == '-' || *p == '+')) p++;
        const uint8_t *exponent_start = p;
        long e = 0;
        while (p < end && (uint8_t)(*p - '0') < 10) {
            if (e < 100000) e = e * 10 + (*p - '0');
            p++;
        }
        if (p == exponent_start) return NULL;
        exp10 += exponent_negative ? -e : e;
    }
    float magnitude = 0;
    if (mantissa != 0) {
        if (exp10 < -64 || exp10 > 64) return NULL;
        double d = (double)(int64_t)mantissa * powers[exp10 + 64];
        uint64_t bits;
        memcpy(&bits, &d, 8);
        long from_half = (long)(bits & 0x1FFFFFFF) - 0x10000000;
        if ((from_half <= 8 && from_half >= -8) || !(d >= 0x1p-126) || !(d < 0x1p128)) return NULL;
        magnitude = (float)d;
        if (magnitude == __builtin_inff()) return NULL;
    }
    *value = negative ? -magnitude : magnitude;
    return p;
}

size_t embsh_decimal(const uint8_t *p, size_t count, float *value) {
    const uint8_t *stop = decimal(p, p + count, value);
    return stop ? (size_t)(stop - p) : 0;
}

size_t embsh_decimals(const uint8_t *p, size_t *position, size_t end, float *out, size_t max) {
    const uint8_t *at = p + *position, *stop = p + end;
    size_t n = 0;
    while (n < max) {
        while (at < stop && (*at == ' ' || *at == '\t')) at++;
        const uint8_t *next = decimal(at, stop, out + n);
        if (!next || (next < stop && *next != ' ' && *next != '\t')) break;
        at = next;
        n++;
    }
    while (at < stop && (*at == ' ' || *at == '\t')) at++;
    *position = (size_t)(at - p);
    return n;
}
