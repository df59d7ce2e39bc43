// The element-wise math and trigonometric functions, round and clamp*.
// Expected values are Prometheus 2.42's results (promtool), bit for bit,
// for inputs including ±0, NaN, ±Inf and values where Go's math package
// rounds differently from C's libm (sin(10), log10(1000), ...).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "function_test_util.h"

namespace tocsin::promql::testing {
namespace functions_math_test {

const double kInputs[] = {2.5,  -2.5,  0.15,      -0.0, kNaN,
                          kInf, -kInf, 1234.5678, 1000, 0.7071067811865476};

Vector InputVector() {
  Vector v;
  for (size_t i = 0; i < std::size(kInputs); ++i) {
    v.push_back(
        S({{"__name__", "x"}, {"c", std::string(1, 'a' + i)}}, kInputs[i]));
  }
  return v;
}

struct Case {
  const char* func;
  std::vector<double> params;  // scalar arguments after the vector
  std::vector<double> want;    // per input; empty: no output at all
};

class MathTest : public ::testing::TestWithParam<Case> {};

TEST_P(MathTest, MatchesPrometheus) {
  const Case& c = GetParam();
  std::vector<Value> args;
  args.emplace_back(InputVector());
  for (double p : c.params) args.emplace_back(std::in_place_type<Scalar>, 0, p);
  CallFixture f;
  Vector out = f.Run(c.func, args);
  ASSERT_EQ(out.size(), c.want.size()) << c.func;
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i].metric, (Labels{{"c", std::string(1, 'a' + i)}}));
    EXPECT_TRUE(SameFloat(c.want[i], out[i].v))
        << c.func << "(" << kInputs[i] << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Functions, MathTest,
    ::testing::Values(
        Case{"abs",
             {},
             {2.5e+00, 2.5e+00, 1.5e-01, 0e+00, kNaN, kInf, kInf, 1.2345678e+03,
              1e+03, 7.071067811865476e-01}},
        Case{"ceil",
             {},
             {3e+00, -2e+00, 1e+00, -0.0, kNaN, kInf, -kInf, 1.235e+03, 1e+03,
              1e+00}},
        Case{"floor",
             {},
             {2e+00, -3e+00, 0e+00, -0.0, kNaN, kInf, -kInf, 1.234e+03, 1e+03,
              0e+00}},
        Case{"exp",
             {},
             {1.2182493960703473e+01, 8.20849986238988e-02,
              1.161834242728283e+00, 1e+00, kNaN, kInf, 0e+00, kInf, kInf,
              2.0281149816474726e+00}},
        Case{"sqrt",
             {},
             {1.5811388300841898e+00, kNaN, 3.872983346207417e-01, -0.0, kNaN,
              kInf, kNaN, 3.513641700572214e+01, 3.1622776601683793e+01,
              8.408964152537146e-01}},
        Case{"ln",
             {},
             {9.162907318741551e-01, kNaN, -1.8971199848858813e+00, -kInf, kNaN,
              kInf, kNaN, 7.118476228297786e+00, 6.907755278982137e+00,
              -3.465735902799726e-01}},
        Case{"log2",
             {},
             {1.3219280948873622e+00, kNaN, -2.736965594166206e+00, -kInf, kNaN,
              kInf, kNaN, 1.0269790353251189e+01, 9.965784284662087e+00,
              -4.999999999999999e-01}},
        Case{"log10",
             {},
             {3.979400086720376e-01, kNaN, -8.239087409443188e-01, -kInf, kNaN,
              kInf, kNaN, 3.0915149455092013e+00, 3e+00,
              -1.5051499783199057e-01}},
        Case{"sgn",
             {},
             {1e+00, -1e+00, 1e+00, -0.0, kNaN, 1e+00, -1e+00, 1e+00, 1e+00,
              1e+00}},
        Case{"deg",
             {},
             {1.432394487827058e+02, -1.432394487827058e+02,
              8.594366926962348e+00, -0.0, kNaN, kInf, -kInf,
              7.073552446275111e+04, 5.729577951308232e+04,
              4.051423422706978e+01}},
        Case{"rad",
             {},
             {4.363323129985824e-02, -4.363323129985824e-02,
              2.617993877991494e-03, -0.0, kNaN, kInf, -kInf,
              2.154727294910285e+01, 1.7453292519943293e+01,
              1.2341341494884351e-02}},
        Case{"sin",
             {},
             {5.984721441039564e-01, -5.984721441039564e-01,
              1.4943813247359922e-01, -0.0, kNaN, kNaN, kNaN,
              7.803344920002027e-02, 8.268795405320026e-01,
              6.496369390800625e-01}},
        Case{"cos",
             {},
             {-8.011436155469337e-01, -8.011436155469337e-01,
              9.887710779360424e-01, 1e+00, kNaN, kNaN, kNaN,
              -9.969507414140119e-01, 5.623790762907029e-01,
              7.602445970756302e-01}},
        Case{"tan",
             {},
             {-7.470222972386603e-01, 7.470222972386603e-01,
              1.5113521805829508e-01, -0.0, kNaN, kNaN, kNaN,
              -7.827212113744211e-02, 1.4703241557027187e+00,
              8.54510432009602e-01}},
        Case{"asin",
             {},
             {kNaN, kNaN, 1.5056827277668602e-01, -0.0, kNaN, kNaN, kNaN, kNaN,
              kNaN, 7.853981633974483e-01}},
        Case{"acos",
             {},
             {kNaN, kNaN, 1.4202280540182106e+00, 1.5707963267948966e+00, kNaN,
              kNaN, kNaN, kNaN, kNaN, 7.853981633974483e-01}},
        Case{"atan",
             {},
             {1.1902899496825317e+00, -1.1902899496825317e+00,
              1.4888994760949725e-01, -0.0, kNaN, 1.5707963267948966e+00,
              -1.5707963267948966e+00, 1.5699863269056236e+00,
              1.5697963271282296e+00, 6.154797086703874e-01}},
        Case{"sinh",
             {},
             {6.0502044810397875e+00, -6.0502044810397875e+00,
              1.5056313315161268e-01, -0.0, kNaN, kInf, -kInf, kInf, kInf,
              7.675231451261164e-01}},
        Case{"cosh",
             {},
             {6.132289479663686e+00, 6.132289479663686e+00,
              1.0112711095766704e+00, 1e+00, kNaN, kInf, kInf, kInf, kInf,
              1.2605918365213562e+00}},
        Case{"tanh",
             {},
             {9.866142981514303e-01, -9.866142981514303e-01,
              1.4888503362331798e-01, -0.0, kNaN, 1e+00, -1e+00, 1e+00, 1e+00,
              6.088593650139138e-01}},
        Case{"asinh",
             {},
             {1.6472311463710958e+00, -1.6472311463710958e+00,
              1.4944312018495765e-01, -0.0, kNaN, kInf, -kInf,
              7.811623572882718e+00, 7.600902709541988e+00,
              6.584789484624084e-01}},
        Case{"acosh",
             {},
             {1.566799236972411e+00, kNaN, kNaN, kNaN, kNaN, kInf, kNaN,
              7.811623244832664e+00, 7.600902209541989e+00, kNaN}},
        Case{"atanh",
             {},
             {kNaN, kNaN, 1.5114043593646678e-01, -0.0, kNaN, kNaN, kNaN, kNaN,
              kNaN, 8.813735870195432e-01}},
        Case{"round",
             {0.1},
             {2.5e+00, -2.5e+00, 2e-01, 0e+00, kNaN, kInf, -kInf, 1.2346e+03,
              1e+03, 7e-01}},
        Case{"round",
             {5},
             {5e+00, 0e+00, 0e+00, 0e+00, kNaN, kInf, -kInf, 1.235e+03, 1e+03,
              0e+00}},
        Case{"round",
             {0.3},
             {2.4e+00, -2.4e+00, 3e-01, 0e+00, kNaN, kInf, -kInf, 1.2345e+03,
              9.999e+02, 6e-01}},
        Case{"round",
             {-1},
             {2e+00, -3e+00, -0.0, -0.0, kNaN, kInf, -kInf, 1.235e+03, 1e+03,
              1e+00}},
        Case{"round",
             {0},
             {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN}},
        Case{"round",
             {kInf},
             {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN}},
        Case{"round",
             {kNaN},
             {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN}},
        Case{"round",
             {},
             {3e+00, -2e+00, 0e+00, 0e+00, kNaN, kInf, -kInf, 1.235e+03, 1e+03,
              1e+00}},
        Case{"clamp",
             {-1, 1},
             {1e+00, -1e+00, 1.5e-01, -0.0, kNaN, 1e+00, -1e+00, 1e+00, 1e+00,
              7.071067811865476e-01}},
        Case{"clamp",
             {kNaN, 1},
             {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN}},
        Case{"clamp", {1, -1}, {}},
        Case{"clamp",
             {-kInf, kInf},
             {2.5e+00, -2.5e+00, 1.5e-01, -0.0, kNaN, kInf, -kInf,
              1.2345678e+03, 1e+03, 7.071067811865476e-01}},
        Case{"clamp_min",
             {0},
             {2.5e+00, 0e+00, 1.5e-01, 0e+00, kNaN, kInf, 0e+00, 1.2345678e+03,
              1e+03, 7.071067811865476e-01}},
        Case{"clamp_max",
             {0},
             {0e+00, -2.5e+00, 0e+00, -0.0, kNaN, 0e+00, -kInf, 0e+00, 0e+00,
              0e+00}},
        Case{"clamp_min",
             {kNaN},
             {kNaN, kNaN, kNaN, kNaN, kNaN, kInf, kNaN, kNaN, kNaN, kNaN}},
        Case{"clamp_max",
             {kNaN},
             {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, -kInf, kNaN, kNaN, kNaN}},
        Case{"clamp_max",
             {kInf},
             {2.5e+00, -2.5e+00, 1.5e-01, -0.0, kNaN, kInf, -kInf,
              1.2345678e+03, 1e+03, 7.071067811865476e-01}},
        Case{"clamp_min",
             {-kInf},
             {2.5e+00, -2.5e+00, 1.5e-01, -0.0, kNaN, kInf, -kInf,
              1.2345678e+03, 1e+03, 7.071067811865476e-01}},
        Case{"clamp",
             {0, 0},
             {0e+00, 0e+00, 0e+00, 0e+00, kNaN, 0e+00, 0e+00, 0e+00, 0e+00,
              0e+00}}));

TEST(MathTest, Pi) {
  CallFixture f;
  Vector out = f.Run("pi", {});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(SameFloat(3.141592653589793, out[0].v));
}

// trig_functions.test and functions.test. The scripts compare with a
// relative tolerance of 1e-6; where their value is not the one Prometheus
// 2.42 computes (log2(10), sinh(10)) the test uses Prometheus's.
TEST(MathTest, FromTestScripts) {
  struct T {
    const char* func;
    double in, want;
  };
  const T cases[] = {
      {"sin", 10, -0.5440211108893699},
      {"sin", 20, 0.9129452507276277},
      {"cos", 10, -0.8390715290764524},
      {"cos", 20, 0.40808206181339196},
      {"tan", 10, 0.6483608274590867},
      {"tan", 20, 2.2371609442247427},
      {"asin", 10 - 10.1, -0.10016742116155944},
      {"acos", 10 - 10.1, 1.670963747956456},
      {"atan", 10, 1.4711276743037345},
      {"atan", 20, 1.5208379310729538},
      {"cosh", 10, 11013.232920103324},
      {"tanh", 10, 0.9999999958776927},
      {"tanh", 20, 1},
      {"asinh", 10, 2.99822295029797},
      {"asinh", 20, 3.6895038689889055},
      {"acosh", 10, 2.993222846126381},
      {"acosh", 20, 3.6882538673612966},
      {"atanh", 10 - 10.1, -0.10033534773107522},
      {"rad", 10, 0.17453292519943295},
      {"rad", 20, 0.3490658503988659},
      {"exp", 10, 22026.465794806718},
      {"exp", 20, 485165195.4097903},
      {"exp", -10, 4.5399929762484854e-05},
      {"ln", 10, 2.302585092994046},
      {"ln", 20, 2.995732273553991},
      {"sqrt", 10, 3.1622776601683795},
      {"sqrt", 20, 4.47213595499958},
      {"log2", 10, 3.321928094887362},
      {"log2", 20, 4.321928094887363},
      {"log10", 10, 1},
      {"log10", 20, 1.301029995663981},
  };
  for (const T& t : cases) {
    CallFixture f;
    Vector out = f.Run(t.func, {Vector{S({}, t.in)}});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(SameFloat(t.want, out[0].v)) << t.func << "(" << t.in << ")";
  }
}

// Values past the quick range reduction of Go's sin/cos/tan, and results
// in the subnormal range of exp (Prometheus 2.42 via promtool).
TEST(MathTest, HugeAndTinyArguments) {
  struct T {
    const char* func;
    double in, want;
  };
  const T cases[] = {
      {"tan", 1e10, -0.5583496378112419},
      {"sin", 1e300, -0.8178819121159087},
      {"exp", -708.5, 2.006132305331306e-308},
      {"sinh", 10, 11013.232874703393},
      {"sinh", 0.7, 0.7585837018395336},
      {"cosh", 0.7, 1.255169005630943},
  };
  for (const T& t : cases) {
    CallFixture f;
    Vector out = f.Run(t.func, {Vector{S({}, t.in)}});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(SameFloat(t.want, out[0].v)) << t.func << "(" << t.in << ")";
  }
}

TEST(MathTest, NativeHistogramFunctionsIgnoreFloatSamples) {
  CallFixture f;
  Vector in = {S({{"__name__", "h"}}, 1)};
  EXPECT_TRUE(f.Run("histogram_count", {in}).empty());
  EXPECT_TRUE(f.Run("histogram_sum", {in}).empty());
  EXPECT_TRUE(
      f.Run("histogram_fraction", {Scalar{0, 0}, Scalar{0, 1}, in}).empty());
}

}  // namespace functions_math_test
}  // namespace tocsin::promql::testing
