// The implementations of PromQL's functions, one FunctionImpl each, grouped
// by the file that defines them. registry.cc maps names to these; tests call
// them directly. All follow the calling contract of function.h and are
// thread-safe.

#ifndef TOCSIN_PROMQL_FUNCTIONS_IMPLS_H_
#define TOCSIN_PROMQL_FUNCTIONS_IMPLS_H_

#include "promql/functions/function.h"

namespace tocsin::promql {

#define TOCSIN_FUNCTION(name) void name(const FunctionCall& call, Vector* out)

// math.cc
TOCSIN_FUNCTION(FuncAbs);
TOCSIN_FUNCTION(FuncCeil);
TOCSIN_FUNCTION(FuncFloor);
TOCSIN_FUNCTION(FuncExp);
TOCSIN_FUNCTION(FuncSqrt);
TOCSIN_FUNCTION(FuncLn);
TOCSIN_FUNCTION(FuncLog2);
TOCSIN_FUNCTION(FuncLog10);
TOCSIN_FUNCTION(FuncSgn);
TOCSIN_FUNCTION(FuncDeg);
TOCSIN_FUNCTION(FuncRad);
TOCSIN_FUNCTION(FuncPi);
TOCSIN_FUNCTION(FuncRound);
TOCSIN_FUNCTION(FuncClamp);
TOCSIN_FUNCTION(FuncClampMin);
TOCSIN_FUNCTION(FuncClampMax);

// trig.cc
TOCSIN_FUNCTION(FuncSin);
TOCSIN_FUNCTION(FuncCos);
TOCSIN_FUNCTION(FuncTan);
TOCSIN_FUNCTION(FuncAsin);
TOCSIN_FUNCTION(FuncAcos);
TOCSIN_FUNCTION(FuncAtan);
TOCSIN_FUNCTION(FuncSinh);
TOCSIN_FUNCTION(FuncCosh);
TOCSIN_FUNCTION(FuncTanh);
TOCSIN_FUNCTION(FuncAsinh);
TOCSIN_FUNCTION(FuncAcosh);
TOCSIN_FUNCTION(FuncAtanh);

// rate.cc
TOCSIN_FUNCTION(FuncRate);
TOCSIN_FUNCTION(FuncIncrease);
TOCSIN_FUNCTION(FuncDelta);
TOCSIN_FUNCTION(FuncIrate);
TOCSIN_FUNCTION(FuncIdelta);

// over_time.cc
TOCSIN_FUNCTION(FuncAvgOverTime);
TOCSIN_FUNCTION(FuncMinOverTime);
TOCSIN_FUNCTION(FuncMaxOverTime);
TOCSIN_FUNCTION(FuncSumOverTime);
TOCSIN_FUNCTION(FuncCountOverTime);
TOCSIN_FUNCTION(FuncStddevOverTime);
TOCSIN_FUNCTION(FuncStdvarOverTime);
TOCSIN_FUNCTION(FuncLastOverTime);
TOCSIN_FUNCTION(FuncPresentOverTime);
TOCSIN_FUNCTION(FuncQuantileOverTime);

// changes_resets.cc
TOCSIN_FUNCTION(FuncChanges);
TOCSIN_FUNCTION(FuncResets);

// regression.cc
TOCSIN_FUNCTION(FuncDeriv);
TOCSIN_FUNCTION(FuncPredictLinear);

// holt_winters.cc
TOCSIN_FUNCTION(FuncHoltWinters);

// histogram_quantile.cc
TOCSIN_FUNCTION(FuncHistogramQuantile);

// native_histogram.cc
TOCSIN_FUNCTION(FuncHistogramCount);
TOCSIN_FUNCTION(FuncHistogramSum);
TOCSIN_FUNCTION(FuncHistogramFraction);

// label_functions.cc
TOCSIN_FUNCTION(FuncLabelReplace);
TOCSIN_FUNCTION(FuncLabelJoin);

// time.cc
TOCSIN_FUNCTION(FuncTime);
TOCSIN_FUNCTION(FuncTimestamp);
TOCSIN_FUNCTION(FuncVector);
TOCSIN_FUNCTION(FuncScalar);

// date.cc
TOCSIN_FUNCTION(FuncMinute);
TOCSIN_FUNCTION(FuncHour);
TOCSIN_FUNCTION(FuncDayOfWeek);
TOCSIN_FUNCTION(FuncDayOfMonth);
TOCSIN_FUNCTION(FuncDayOfYear);
TOCSIN_FUNCTION(FuncDaysInMonth);
TOCSIN_FUNCTION(FuncMonth);
TOCSIN_FUNCTION(FuncYear);

// absent.cc
TOCSIN_FUNCTION(FuncAbsent);
TOCSIN_FUNCTION(FuncAbsentOverTime);

// sort.cc
TOCSIN_FUNCTION(FuncSort);
TOCSIN_FUNCTION(FuncSortDesc);

#undef TOCSIN_FUNCTION

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FUNCTIONS_IMPLS_H_
