#include "promql/functions/go_math.h"

#include <bit>
#include <cmath>
#include <limits>

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

namespace tocsin::promql {
namespace {

constexpr uint64_t kSignBit = 1ULL << 63;
constexpr uint64_t kPosInfBits = 0x7FF0000000000000ULL;
constexpr uint64_t kNegInfBits = 0xFFF0000000000000ULL;

// Go evaluates constant expressions exactly and rounds once; these are the
// float64 values of 1/Ln2 and 1/Ln10.
constexpr double kInvLn2 = 0x1.71547652b82fep+0;
constexpr double kInvLn10 = 0x1.bcb7b1526e50ep-2;

inline uint64_t Bits(double x) { return std::bit_cast<uint64_t>(x); }
inline double FromBits(uint64_t b) { return std::bit_cast<double>(b); }

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

namespace {

// math.Ldexp: frac * 2^exp with one rounding for subnormal results.
double Ldexp(double frac, int exp) {
  if (frac == 0 || std::isinf(frac) || std::isnan(frac)) return frac;
  if (std::fabs(frac) < 0x1p-1022) {
    frac *= 0x1p52;
    exp -= 52;
  }
  uint64_t x = Bits(frac);
  exp += static_cast<int>((x >> 52) & 0x7FF) - 1023;
  if (exp < -1075) return std::copysign(0.0, frac);
  if (exp > 1023) return frac < 0 ? -kInf : kInf;
  double m = 1;
  if (exp < -1022) {
    exp += 53;
    m = 0x1p-53;
  }
  x &= ~(0x7FFULL << 52);
  x |= static_cast<uint64_t>(exp + 1023) << 52;
  return m * FromBits(x);
}

bool IsOddInt(double x) {
  double xi = std::trunc(x);
  double xf = std::copysign(x - xi, x);
  return xf == 0 && (GoFloatToInt64(xi) & 1) == 1;
}

}  // namespace

double GoPow(double x, double y) {
  if (y == 0 || x == 1) return 1;
  if (y == 1) return x;
  if (std::isnan(x) || std::isnan(y)) return kNaN;
  if (x == 0) {
    if (y < 0) return IsOddInt(y) ? std::copysign(kInf, x) : kInf;
    if (y > 0) return IsOddInt(y) ? x : 0;
  }
  if (std::isinf(y)) {
    if (x == -1) return 1;
    if ((std::fabs(x) < 1) == (y > 0)) return 0;
    return kInf;
  }
  if (std::isinf(x)) {
    if (x < 0) return GoPow(1 / x, -y);  // Pow(-0, -y)
    if (y < 0) return 0;
    if (y > 0) return kInf;
  }
  if (y == 0.5) return std::sqrt(x);
  if (y == -0.5) return 1 / std::sqrt(x);

  double ay = std::fabs(y);
  double yi = std::trunc(ay);
  double yf = ay - yi;
  if (yf != 0 && x < 0) return kNaN;
  if (yi >= 0x1p63) {
    if (x == -1) return 1;
    if ((std::fabs(x) < 1) == (y > 0)) return 0;
    return kInf;
  }
  double a1 = 1.0;
  int ae = 0;
  if (yf != 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = GoExp(yf * GoLog(x));
  }
  int xe;
  double x1 = Frexp(x, &xe);
  for (int64_t i = static_cast<int64_t>(yi); i != 0; i >>= 1) {
    if (xe < -(1 << 12) || (1 << 12) < xe) {
      ae += xe;
      break;
    }
    if ((i & 1) == 1) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < .5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return Ldexp(a1, ae);
}

double GoMod(double x, double y) {
  if (y == 0 || std::isinf(x) || std::isnan(x) || std::isnan(y)) return kNaN;
  y = std::fabs(y);
  int yexp;
  double yfr = Frexp(y, &yexp);
  double r = x < 0 ? -x : x;
  while (r >= y) {
    int rexp;
    double rfr = Frexp(r, &rexp);
    if (rfr < yfr) rexp--;
    r = r - Ldexp(y, rexp - yexp);
  }
  return x < 0 ? -r : r;
}

int64_t GoFloatToInt64(double x) {
  if (!(x >= -0x1p63 && x < 0x1p63)) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(x);
}

}  // namespace tocsin::promql
