// The signatures of PromQL's functions (Prometheus 2.42's parser.Functions):
// argument types, how many trailing arguments are optional, return type.
// The parser checks calls against this table; the engine looks up the
// implementation by name. The table is immutable and thread-safe.

#ifndef TOCSIN_PROMQL_PARSER_FUNCTIONS_H_
#define TOCSIN_PROMQL_PARSER_FUNCTIONS_H_

#include <string_view>
#include <vector>

#include "promql/value.h"

namespace tocsin::promql {

struct FunctionDef {
  std::string_view name;
  std::vector<ValueType> arg_types;
  // 0: exactly arg_types.size() arguments. n > 0: between
  // arg_types.size() - 1 and arg_types.size() - 1 + n arguments, the extra
  // ones of the last type (in 2.42, n is 1: the last argument is optional).
  // -1: at least arg_types.size() - 1 arguments, the last type repeating
  // without bound.
  int variadic = 0;
  ValueType return_type = ValueType::kVector;
};

// nullptr if there is no function of that name.
const FunctionDef* LookupFunction(std::string_view name);

// All functions, sorted by name.
const std::vector<const FunctionDef*>& AllFunctions();

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_PARSER_FUNCTIONS_H_
