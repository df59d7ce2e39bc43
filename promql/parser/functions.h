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
  // 0: exactly arg_types.size() arguments. n > 0: up to n trailing arguments
  // may be left out. -1: the last argument type repeats without bound.
  int variadic = 0;
  ValueType return_type = ValueType::kVector;
};

// nullptr if there is no function of that name.
const FunctionDef* LookupFunction(std::string_view name);

// All functions, sorted by name.
const std::vector<const FunctionDef*>& AllFunctions();

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_PARSER_FUNCTIONS_H_
