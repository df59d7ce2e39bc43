#include "promql/number_text.h"

#include <string>

#include "go/strconv.h"

namespace tocsin::promql {

Result<double> ParseNumber(std::string_view s) {
  if (Result<int64_t> i = go::ParseInt(s); i.ok()) {
    return static_cast<double>(*i);
  }
  Result<double> f = go::ParseFloat(s);
  if (!f.ok()) {
    return Status::InvalidArgument("error parsing number: " +
                                   f.status().message());
  }
  return f;
}

std::optional<double> ParseTextFloat(std::string_view s) {
  if (s.find_first_of("pP_") != std::string_view::npos) return std::nullopt;
  Result<double> f = go::ParseFloat(s);
  if (!f.ok()) return std::nullopt;
  return *f;
}

}  // namespace tocsin::promql
