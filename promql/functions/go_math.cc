#include "promql/functions/go_math.h"

#include <bit>
#include <cmath>
#include <limits>

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

namespace tocsin::promql {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr uint64_t kSignBit = 1ULL << 63;
constexpr uint64_t kPosInfBits = 0x7FF0000000000000ULL;
constexpr uint64_t kNegInfBits = 0xFFF0000000000000ULL;

constexpr double kPi = 3.14159265358979323846264338327950288419716939937510582;
// Go evaluates constant expressions exactly and rounds once; these are the
// float64 values of 4/Pi, Pi/4, 1/Ln2 and 1/Ln10.
constexpr double kFourOverPi = 0x1.45f306dc9c883p+0;
constexpr double kPiOver4 = kPi / 4;
constexpr double kPiOver2 = kPi / 2;
constexpr double kInvLn2 = 0x1.71547652b82fep+0;
constexpr double kInvLn10 = 0x1.bcb7b1526e50ep-2;

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

// math.Frexp: frac in [0.5, 1) with x == frac * 2^exp.
double Frexp(double f, int* exp) {
  *exp = 0;
  if (f == 0 || std::isinf(f) || std::isnan(f)) return f;
  if (std::fabs(f) < 0x1p-1022) {  // subnormal: normalize first
    f *= 0x1p52;
    *exp = -52;
  }
  uint64_t x = Bits(f);
  *exp += static_cast<int>((x >> 52) & 0x7FF) - 1023 + 1;
  x &= ~(0x7FFULL << 52);
  x |= 1022ULL << 52;
  return FromBits(x);
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

bool CpuHasFma() {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

// CVTSD2SL: round to nearest even; INT32_MIN when out of range.
int32_t RoundToInt32(double x) {
#if defined(__x86_64__)
  return _mm_cvtsd_si32(_mm_set_sd(x));
#else
  double r = std::nearbyint(x);
  if (!(r >= -2147483648.0 && r < 2147483648.0)) return INT32_MIN;
  return static_cast<int32_t>(r);
#endif
}

}  // namespace

bool GoExpUsesFma() {
  static const bool kFma = CpuHasFma();
  return kFma;
}

double GoExp(double x) {
  constexpr double kLog2e = 1.4426950408889634073599246810018920;
  constexpr double kLn2U = 0.69314718055966295651160180568695068359375;
  constexpr double kLn2L =
      0.28235290563031577122588448175013436025525412068e-12;
  constexpr double kOverflow = 7.09782712893384e+02;
  constexpr double kTaylor[] = {
      2.4801587301587301587e-5,
      1.9841269841269841270e-4,
      1.3888888888888888889e-3,
      8.3333333333333333333e-3,
      4.1666666666666666667e-2,
      1.6666666666666666667e-1,
      0.5,
      1.0,
  };
  uint64_t bits = Bits(x);
  if ((bits & ~kSignBit) >= kPosInfBits) {
    return bits == kNegInfBits ? 0 : x;  // NaN and +Inf return themselves
  }
  if (x > kOverflow) return kInf;
  int32_t e = RoundToInt32(kLog2e * x);
  double fe = static_cast<double>(e);
  double r;
  double p = kTaylor[0];
  if (GoExpUsesFma()) {
    r = std::fma(-kLn2U, fe, x);
    r = std::fma(-kLn2L, fe, r);
    r *= 0.0625;
    for (int i = 1; i < 8; ++i) p = std::fma(p, r, kTaylor[i]);
    r *= p;
    for (int i = 0; i < 3; ++i) r *= r + 2.0;
    r = std::fma(r, r + 2.0, 1.0);
  } else {
    r = x - kLn2U * fe;
    r = r - kLn2L * fe;
    r *= 0.0625;
    for (int i = 1; i < 8; ++i) p = p * r + kTaylor[i];
    r *= p;
    for (int i = 0; i < 4; ++i) r *= r + 2.0;
    r += 1.0;
  }
  int32_t biased = e + 0x3FF;
  if (biased <= 0) {
    // Subnormal results scale in two steps; below 2^-1074 they vanish.
    if (biased < -52) return 0;
    r *= FromBits(static_cast<uint64_t>(biased + 0x3FE) << 52);
    biased = 1;
  } else if (biased >= 0x7FF) {
    return kInf;
  }
  return r * FromBits(static_cast<uint64_t>(biased) << 52);
}

double GoLog(double x) {
  constexpr double kHalfSqrt2 = 7.07106781186547524401e-01;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double L1 = 6.666666666666735130e-01;
  constexpr double L2 = 3.999999999940941908e-01;
  constexpr double L3 = 2.857142874366239149e-01;
  constexpr double L4 = 2.222219843214978396e-01;
  constexpr double L5 = 1.818357216161805012e-01;
  constexpr double L6 = 1.531383769920937332e-01;
  constexpr double L7 = 1.479819860511658591e-01;
  uint64_t bits = Bits(x);
  if ((bits & ~kSignBit) == 0) return -kInf;
  if (static_cast<int64_t>(bits) < 0) return kNaN;
  if (bits >= kPosInfBits) return x;
  // The exponent is read straight from the bits (subnormals are not
  // normalized, as in Go's amd64 assembly).
  double f1 = FromBits((bits & 0x000FFFFFFFFFFFFFULL) | Bits(0.5));
  double k =
      static_cast<double>(static_cast<int>((bits >> 52) & 0x7FF) - 0x3FE);
  if (f1 <= kHalfSqrt2) {
    k -= 1;
    f1 *= 2;
  }
  double f = f1 - 1;
  double s = f / (2 + f);
  double s2 = s * s;
  double s4 = s2 * s2;
  double t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
  double t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
  double R = t1 + t2;
  double hfsq = 0.5 * f * f;
  return k * kLn2Hi - ((hfsq - (s * (hfsq + R) + k * kLn2Lo)) - f);
}

double GoLog2(double x) {
  int exp;
  double frac = Frexp(x, &exp);
  if (frac == 0.5) return static_cast<double>(exp - 1);
  return GoLog(frac) * kInvLn2 + static_cast<double>(exp);
}

double GoLog10(double x) { return GoLog(x) * kInvLn10; }

double GoLog1p(double x) {
  constexpr double kSqrt2M1 = 4.142135623730950488017e-01;
  constexpr double kSqrt2HalfM1 = -2.928932188134524755992e-01;
  constexpr double kSmall = 1.0 / (1 << 29);
  constexpr double kTiny = 1.0 / (1LL << 54);
  constexpr double kTwo53 = 1LL << 53;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double Lp1 = 6.666666666666735130e-01;
  constexpr double Lp2 = 3.999999999940941908e-01;
  constexpr double Lp3 = 2.857142874366239149e-01;
  constexpr double Lp4 = 2.222219843214978396e-01;
  constexpr double Lp5 = 1.818357216161805012e-01;
  constexpr double Lp6 = 1.531383769920937332e-01;
  constexpr double Lp7 = 1.479819860511658591e-01;
  if (x < -1 || std::isnan(x)) return kNaN;
  if (x == -1) return -kInf;
  if (x == kInf) return kInf;
  double absx = std::fabs(x);
  double f = 0;
  uint64_t iu = 0;
  int k = 1;
  if (absx < kSqrt2M1) {
    if (absx < kSmall) {
      if (absx < kTiny) return x;
      return x - x * x * 0.5;
    }
    if (x > kSqrt2HalfM1) {
      k = 0;
      f = x;
      iu = 1;
    }
  }
  double c = 0;
  if (k != 0) {
    double u;
    if (absx < kTwo53) {
      u = 1.0 + x;
      iu = Bits(u);
      k = static_cast<int>((iu >> 52) - 1023);
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0);
      c /= u;
    } else {
      u = x;
      iu = Bits(u);
      k = static_cast<int>((iu >> 52) - 1023);
      c = 0;
    }
    iu &= 0x000fffffffffffffULL;
    if (iu < 0x0006a09e667f3bcdULL) {
      u = FromBits(iu | 0x3ff0000000000000ULL);
    } else {
      k++;
      u = FromBits(iu | 0x3fe0000000000000ULL);
      iu = (0x0010000000000000ULL - iu) >> 2;
    }
    f = u - 1.0;
  }
  double hfsq = 0.5 * f * f;
  double dk = static_cast<double>(k);
  if (iu == 0) {
    if (f == 0) {
      if (k == 0) return 0;
      c += dk * kLn2Lo;
      return dk * kLn2Hi + c;
    }
    double R = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return f - R;
    return dk * kLn2Hi - ((R - (dk * kLn2Lo + c)) - f);
  }
  double s = f / (2.0 + f);
  double z = s * s;
  double R =
      z * (Lp1 +
           z * (Lp2 + z * (Lp3 + z * (Lp4 + z * (Lp5 + z * (Lp6 + z * Lp7))))));
  if (k == 0) return f - (hfsq - s * (hfsq + R));
  return dk * kLn2Hi - ((hfsq - (s * (hfsq + R) + (dk * kLn2Lo + c))) - f);
}

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

double GoSinh(double x) {
  constexpr double P0 = -0.6307673640497716991184787251e+6;
  constexpr double P1 = -0.8991272022039509355398013511e+5;
  constexpr double P2 = -0.2894211355989563807284660366e+4;
  constexpr double P3 = -0.2630563213397497062819489e+2;
  constexpr double Q0 = -0.6307673640497716991212077277e+6;
  constexpr double Q1 = 0.1521517378790019070696485176e+5;
  constexpr double Q2 = -0.173678953558233699533450911e+3;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  double temp;
  if (x > 21) {
    temp = GoExp(x) * 0.5;
  } else if (x > 0.5) {
    double ex = GoExp(x);
    temp = (ex - 1 / ex) * 0.5;
  } else {
    double sq = x * x;
    temp = (((P3 * sq + P2) * sq + P1) * sq + P0) * x;
    temp = temp / (((sq + Q2) * sq + Q1) * sq + Q0);
  }
  return sign ? -temp : temp;
}

double GoCosh(double x) {
  x = std::fabs(x);
  if (x > 21) return GoExp(x) * 0.5;
  double ex = GoExp(x);
  return (ex + 1 / ex) * 0.5;
}

double GoTanh(double x) {
  constexpr double kMaxLog = 8.8029691931113054295988e+01;
  constexpr double P[] = {-9.64399179425052238628E-1, -9.92877231001918586564E1,
                          -1.61468768441708447952E3};
  constexpr double Q[] = {1.12811678491632931402E2, 2.23548839060100448583E3,
                          4.84406305325125486048E3};
  double z = std::fabs(x);
  if (z > 0.5 * kMaxLog) return x < 0 ? -1 : 1;
  if (z >= 0.625) {
    double s = GoExp(2 * z);
    z = 1 - 2 / (s + 1);
    return x < 0 ? -z : z;
  }
  if (x == 0) return x;
  double s = x * x;
  return x + x * s * ((P[0] * s + P[1]) * s + P[2]) /
                 (((s + Q[0]) * s + Q[1]) * s + Q[2]);
}

double GoAsinh(double x) {
  constexpr double kLn2 = 6.93147180559945286227e-01;
  constexpr double kNearZero = 1.0 / (1 << 28);
  constexpr double kLarge = 1 << 28;
  if (std::isnan(x) || std::isinf(x)) return x;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  double temp;
  if (x > kLarge) {
    temp = GoLog(x) + kLn2;
  } else if (x > 2) {
    temp = GoLog(2 * x + 1 / (std::sqrt(x * x + 1) + x));
  } else if (x < kNearZero) {
    temp = x;
  } else {
    temp = GoLog1p(x + x * x / (1 + std::sqrt(1 + x * x)));
  }
  return sign ? -temp : temp;
}

double GoAcosh(double x) {
  constexpr double kLn2 = 6.93147180559945286227e-01;
  constexpr double kLarge = 1 << 28;
  if (x < 1 || std::isnan(x)) return kNaN;
  if (x == 1) return 0;
  if (x >= kLarge) return GoLog(x) + kLn2;
  if (x > 2) return GoLog(2 * x - 1 / (x + std::sqrt(x * x - 1)));
  double t = x - 1;
  return GoLog1p(t + std::sqrt(2 * t + t * t));
}

double GoAtanh(double x) {
  constexpr double kNearZero = 1.0 / (1 << 28);
  if (x < -1 || x > 1 || std::isnan(x)) return kNaN;
  if (x == 1) return kInf;
  if (x == -1) return -kInf;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  double temp;
  if (x < kNearZero) {
    temp = x;
  } else if (x < 0.5) {
    temp = x + x;
    temp = 0.5 * GoLog1p(temp + temp * x / (1 - x));
  } else {
    temp = 0.5 * GoLog1p((x + x) / (1 - x));
  }
  return sign ? -temp : temp;
}

double GoMax(double x, double y) {
  if (std::isinf(x) && x > 0) return x;
  if (std::isinf(y) && y > 0) return y;
  if (std::isnan(x) || std::isnan(y)) return kNaN;
  if (x == 0 && x == y) return std::signbit(x) ? y : x;
  return x > y ? x : y;
}

double GoMin(double x, double y) {
  if (std::isinf(x) && x < 0) return x;
  if (std::isinf(y) && y < 0) return y;
  if (std::isnan(x) || std::isnan(y)) return kNaN;
  if (x == 0 && x == y) return std::signbit(x) ? x : y;
  return x < y ? x : y;
}

int64_t GoFloatToInt64(double x) {
  if (!(x >= -0x1p63 && x < 0x1p63)) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(x);
}

}  // namespace tocsin::promql
