// Fuzzes the PromQL parser: any input must either fail with a positioned
// error or parse to a tree whose printed form parses again and prints the
// same (the round-trip property).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "promql/parser/parser.h"
#include "promql/parser/printer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = tocsin::promql::ParseExpr(input);
  if (!parsed.ok()) return 0;
  std::string printed = tocsin::promql::Print(**parsed);
  auto reparsed = tocsin::promql::ParseExpr(printed);
  if (!reparsed.ok()) {
    // A printed expression must always parse.
    std::abort();
  }
  if (tocsin::promql::Print(**reparsed) != printed) std::abort();
  return 0;
}
