#include "promql/functions/go_trig.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "promql/functions/go_math.h"

namespace tocsin::promql {
namespace {

// Go evaluates constant expressions exactly and rounds once; this is the
// float64 value of 4/Pi.
constexpr double kFourOverPi = 0x1.45f306dc9c883p+0;
constexpr double kPiOver4 = kPi / 4;
constexpr double kPiOver2 = kPi / 2;

inline uint64_t Bits(double x) { return std::bit_cast<uint64_t>(x); }
inline double FromBits(uint64_t b) { return std::bit_cast<double>(b); }

// Go's shifts: a count of 64 or more gives 0.
inline uint64_t Shl(uint64_t x, unsigned n) { return n >= 64 ? 0 : x << n; }
inline uint64_t Shr(uint64_t x, unsigned n) { return n >= 64 ? 0 : x >> n; }

// bits.Mul64: the 128-bit product of x and y; returns the high half.
uint64_t Mul64(uint64_t x, uint64_t y, uint64_t* lo) {
  constexpr uint64_t kMask32 = (1ULL << 32) - 1;
  uint64_t x0 = x & kMask32, x1 = x >> 32;
  uint64_t y0 = y & kMask32, y1 = y >> 32;
  uint64_t w0 = x0 * y0;
  uint64_t t = x1 * y0 + (w0 >> 32);
  uint64_t w1 = t & kMask32;
  uint64_t w2 = t >> 32;
  w1 += x0 * y1;
  *lo = x * y;
  return x1 * y1 + w2 + (w1 >> 32);
}

// Payne-Hanek reduction of x >= 2^29: the octant j (mod 8) and the
// remainder z of x / (Pi/4), mapped so that j is even.
constexpr uint64_t kFourOverPiBits[] = {
    0x0000000000000001, 0x45f306dc9c882a53, 0xf84eafa3ea69bb81,
    0xb6c52b3278872083, 0xfca2c757bd778ac3, 0x6e48dc74849ba5c0,
    0x0c925dd413a32439, 0xfc3bd63962534e7d, 0xd1046bea5d768909,
    0xd338e04d68befc82, 0x7323ac7306a673e9, 0x3908bf177bf25076,
    0x3ff12fffbc0b301f, 0xde5e2316b414da3e, 0xda6cfd9e4f96136e,
    0x9e8c7ecd3cbfd45a, 0xea4f758fd7cbe2f6, 0x7a0e73ef14a525d4,
    0xd7f6bf623f1aba10, 0xac06608df8f6d757,
};
constexpr double kReduceThreshold = 1 << 29;

void TrigReduce(double x, uint64_t* j_out, double* z_out) {
  if (x < kPiOver4) {
    *j_out = 0;
    *z_out = x;
    return;
  }
  uint64_t ix = Bits(x);
  int exp = static_cast<int>((ix >> 52) & 0x7FF) - 1023 - 52;
  ix &= ~(0x7FFULL << 52);
  ix |= 1ULL << 52;
  unsigned digit = static_cast<unsigned>(exp + 61) / 64;
  unsigned shift = static_cast<unsigned>(exp + 61) % 64;
  const uint64_t* m = kFourOverPiBits;
  uint64_t z0 = Shl(m[digit], shift) | Shr(m[digit + 1], 64 - shift);
  uint64_t z1 = Shl(m[digit + 1], shift) | Shr(m[digit + 2], 64 - shift);
  uint64_t z2 = Shl(m[digit + 2], shift) | Shr(m[digit + 3], 64 - shift);
  uint64_t z2lo, z1lo;
  uint64_t z2hi = Mul64(z2, ix, &z2lo);
  uint64_t z1hi = Mul64(z1, ix, &z1lo);
  uint64_t z0lo = z0 * ix;
  uint64_t lo = z1lo + z2hi;
  uint64_t carry = lo < z1lo ? 1 : 0;
  uint64_t hi = z0lo + z1hi + carry;
  uint64_t j = hi >> 61;
  hi = hi << 3 | lo >> 61;
  unsigned lz = static_cast<unsigned>(std::countl_zero(hi));
  uint64_t e = static_cast<uint64_t>(1023u - (lz + 1));
  hi = Shl(hi, lz + 1) | Shr(lo, 64 - (lz + 1));
  hi >>= 64 - 52;
  hi |= e << 52;
  double z = FromBits(hi);
  if ((j & 1) == 1) {
    j++;
    j &= 7;
    z--;
  }
  *j_out = j;
  *z_out = z * kPiOver4;
}

// Pi/4 in three parts for the extended-precision reduction of small x.
constexpr double kPi4A = 7.85398125648498535156e-1;
constexpr double kPi4B = 3.77489470793079817668e-8;
constexpr double kPi4C = 2.69515142907905952645e-15;

constexpr double kSinCoef[] = {
    1.58962301576546568060e-10, -2.50507477628578072866e-8,
    2.75573136213857245213e-6,  -1.98412698295895385996e-4,
    8.33333333332211858878e-3,  -1.66666666666666307295e-1,
};
constexpr double kCosCoef[] = {
    -1.13585365213876817300e-11, 2.08757008419747316778e-9,
    -2.75573141792967388112e-7,  2.48015872888517045348e-5,
    -1.38888888888730564116e-3,  4.16666666666665929218e-2,
};

// Reduces x >= 0 to an even octant j and a remainder z in [-Pi/4, Pi/4].
void ReduceOctant(double x, uint64_t* j, double* z) {
  if (x >= kReduceThreshold) {
    TrigReduce(x, j, z);
    return;
  }
  *j = static_cast<uint64_t>(x * kFourOverPi);
  double y = static_cast<double>(*j);
  if ((*j & 1) == 1) {
    (*j)++;
    y++;
  }
  *j &= 7;
  *z = ((x - y * kPi4A) - y * kPi4B) - y * kPi4C;
}

double SinPoly(double z, double zz) {
  const double* s = kSinCoef;
  return z +
         z * zz *
             ((((((s[0] * zz) + s[1]) * zz + s[2]) * zz + s[3]) * zz + s[4]) *
                  zz +
              s[5]);
}

double CosPoly(double zz) {
  const double* c = kCosCoef;
  return 1.0 - 0.5 * zz +
         zz * zz *
             ((((((c[0] * zz) + c[1]) * zz + c[2]) * zz + c[3]) * zz + c[4]) *
                  zz +
              c[5]);
}

// atan on [0, 0.66].
double XAtan(double x) {
  constexpr double P0 = -8.750608600031904122785e-01;
  constexpr double P1 = -1.615753718733365076637e+01;
  constexpr double P2 = -7.500855792314704667340e+01;
  constexpr double P3 = -1.228866684490136173410e+02;
  constexpr double P4 = -6.485021904942025371773e+01;
  constexpr double Q0 = +2.485846490142306297962e+01;
  constexpr double Q1 = +1.650270098316988542046e+02;
  constexpr double Q2 = +4.328810604912902668951e+02;
  constexpr double Q3 = +4.853903996359136964868e+02;
  constexpr double Q4 = +1.945506571482613964425e+02;
  double z = x * x;
  z = z * ((((P0 * z + P1) * z + P2) * z + P3) * z + P4) /
      (((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4);
  return x * z + x;
}

// atan of a positive argument, reduced to [0, 0.66].
double SAtan(double x) {
  constexpr double kMorebits = 6.123233995736765886130e-17;
  constexpr double kTan3Pio8 = 2.41421356237309504880;
  if (x <= 0.66) return XAtan(x);
  if (x > kTan3Pio8) return kPiOver2 - XAtan(1 / x) + kMorebits;
  return kPiOver4 + XAtan((x - 1) / (x + 1)) + 0.5 * kMorebits;
}

}  // namespace

double GoSin(double x) {
  if (x == 0 || std::isnan(x)) return x;
  if (std::isinf(x)) return kNaN;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  uint64_t j;
  double z;
  ReduceOctant(x, &j, &z);
  if (j > 3) {
    sign = !sign;
    j -= 4;
  }
  double zz = z * z;
  double y = (j == 1 || j == 2) ? CosPoly(zz) : SinPoly(z, zz);
  return sign ? -y : y;
}

double GoCos(double x) {
  if (std::isnan(x) || std::isinf(x)) return kNaN;
  bool sign = false;
  x = std::fabs(x);
  uint64_t j;
  double z;
  ReduceOctant(x, &j, &z);
  if (j > 3) {
    j -= 4;
    sign = !sign;
  }
  if (j > 1) sign = !sign;
  double zz = z * z;
  double y = (j == 1 || j == 2) ? SinPoly(z, zz) : CosPoly(zz);
  return sign ? -y : y;
}

double GoTan(double x) {
  constexpr double P[] = {-1.30936939181383777646e4, 1.15351664838587416140e6,
                          -1.79565251976484877988e7};
  constexpr double Q[] = {1.0, 1.36812963470692954678e4,
                          -1.32089234440210967447e6, 2.50083801823357915839e7,
                          -5.38695755929454629881e7};
  if (x == 0 || std::isnan(x)) return x;
  if (std::isinf(x)) return kNaN;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  uint64_t j;
  double z;
  if (x >= kReduceThreshold) {
    TrigReduce(x, &j, &z);
  } else {
    j = static_cast<uint64_t>(x * kFourOverPi);
    double y = static_cast<double>(j);
    if ((j & 1) == 1) {
      j++;
      y++;
    }
    z = ((x - y * kPi4A) - y * kPi4B) - y * kPi4C;
  }
  double zz = z * z;
  double y = z;
  if (zz > 1e-14) {
    y = z + z * (zz * (((P[0] * zz) + P[1]) * zz + P[2]) /
                 ((((zz + Q[1]) * zz + Q[2]) * zz + Q[3]) * zz + Q[4]));
  }
  if ((j & 2) == 2) y = -1 / y;
  return sign ? -y : y;
}

double GoAsin(double x) {
  if (x == 0) return x;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  if (x > 1) return kNaN;
  double temp = std::sqrt(1 - x * x);
  temp = x > 0.7 ? kPiOver2 - SAtan(temp / x) : SAtan(x / temp);
  return sign ? -temp : temp;
}

double GoAcos(double x) { return kPiOver2 - GoAsin(x); }

double GoAtan(double x) {
  if (x == 0) return x;
  if (x > 0) return SAtan(x);
  return -SAtan(-x);
}

double GoAtan2(double y, double x) {
  if (std::isnan(y) || std::isnan(x)) return kNaN;
  if (y == 0) {
    if (x >= 0 && !std::signbit(x)) return std::copysign(0.0, y);
    return std::copysign(kPi, y);
  }
  if (x == 0) return std::copysign(kPiOver2, y);
  if (std::isinf(x)) {
    if (x > 0)
      return std::isinf(y) ? std::copysign(kPiOver4, y) : std::copysign(0.0, y);
    return std::isinf(y) ? std::copysign(3 * kPi / 4, y)
                         : std::copysign(kPi, y);
  }
  if (std::isinf(y)) return std::copysign(kPiOver2, y);
  double q = GoAtan(y / x);
  if (x < 0) return q <= 0 ? q + kPi : q - kPi;
  return q;
}

}  // namespace tocsin::promql
