// Element-wise trigonometric and hyperbolic functions of instant vectors,
// with Go's rounding (go_math.h). Output samples lose their metric name.

#include "promql/functions/go_math.h"
#include "promql/functions/go_trig.h"
#include "promql/functions/impls.h"
#include "promql/functions/math_util.h"

namespace tocsin::promql {

void FuncSin(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoSin);
}
void FuncCos(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoCos);
}
void FuncTan(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoTan);
}
void FuncAsin(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoAsin);
}
void FuncAcos(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoAcos);
}
void FuncAtan(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoAtan);
}
void FuncSinh(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoSinh);
}
void FuncCosh(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoCosh);
}
void FuncTanh(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoTanh);
}
void FuncAsinh(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoAsinh);
}
void FuncAcosh(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoAcosh);
}
void FuncAtanh(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoAtanh);
}

}  // namespace tocsin::promql
