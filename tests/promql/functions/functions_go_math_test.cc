// Go's Pow, Mod and Atan2 (for the engine's ^, % and atan2 operators),
// where C's libm rounds differently. Expected values are Prometheus
// 2.42's results for `x ^ y`, `x % y` and `x atan2 y` (promtool), and the
// special cases documented by Go's math package.

#include <gtest/gtest.h>

#include "function_test_util.h"
#include "promql/functions/go_math.h"
#include "promql/functions/go_trig.h"

namespace tocsin::promql::testing {
namespace functions_go_math_test {

struct Case {
  double x, y, want;
};

TEST(GoMathTest, Pow) {
  const Case cases[] = {
      {-3.9683396576928418, -8, 1.6260328033122225e-05},
      {-270.94351510271321, -11, -1.7311457370338814e-27},
      {2.6795865814991737, 1.9750136504078539, 7.005509673159259},
      {7, 2.0901312300984567, 58.393674669011808},
      {1.8965702713610106, -261.70795314135057, 1.7919174849357972e-73},
      {2.7830678263733031, 200.22624504635451, 1.0123471009001933e+89},
      {529726797.90879887, 0.58672048299994617, 131395.34213800076},
      // Special cases.
      {kNaN, 0, 1},
      {1, kNaN, 1},
      {-8, 1.0 / 3, kNaN},
      {0, -1, kInf},
      {-0.0, -1, -kInf},
      {-0.0, -2, kInf},
      {-0.0, 3, -0.0},
      {-1, kInf, 1},
      {0.5, kInf, 0},
      {-kInf, 3, -kInf},
      {-kInf, -3, -0.0},
      {4, 0.5, 2},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(SameFloat(c.want, GoPow(c.x, c.y))) << c.x << " ^ " << c.y;
  }
}

TEST(GoMathTest, Mod) {
  const Case cases[] = {
      {5.5, 2, 1.5},   {-5.5, 2, -1.5}, {5.5, -2, 1.5},
      {1, 0, kNaN},    {kInf, 1, kNaN}, {3, kInf, 3},
      {-0.0, 1, -0.0}, {kNaN, 1, kNaN}, {1e300, 3, 0},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(SameFloat(c.want, GoMod(c.x, c.y))) << c.x << " % " << c.y;
  }
}

TEST(GoMathTest, Atan2) {
  const Case cases[] = {
      {-332.02143397166049, 1.0610517084657261, -1.5676006051099269},
      {2, -2.4940459112262072, 2.4656882488714222},
      {1.1470599384605236, 1.2987647741416088, 0.72345147730188653},
      {-1.8886434595481996, -271638449043382.91, -3.141592653589786},
      {-2.7238029690826049, -9, -2.8477112303220324},
      // Special cases.
      {0, -1, 3.141592653589793},
      {-0.0, -0.0, -3.141592653589793},
      {-0.0, 1, -0.0},
      {1, 0, 1.5707963267948966},
      {kInf, -kInf, 2.356194490192345},
      {-kInf, kInf, -0.7853981633974483},
      {1, kNaN, kNaN},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(SameFloat(c.want, GoAtan2(c.x, c.y)))
        << c.x << " atan2 " << c.y;
  }
}

}  // namespace functions_go_math_test
}  // namespace tocsin::promql::testing
