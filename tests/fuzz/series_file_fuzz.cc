// Fuzzes the series-file reader: any input must either load or fail with a
// "source:line:col: message" error, and a failed load must add nothing.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "promql/series_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  tocsin::promql::MemoryStorage storage;
  tocsin::Status st = tocsin::promql::LoadSeriesText(input, "f", &storage);
  if (!st.ok()) {
    if (st.message().rfind("f:", 0) != 0) std::abort();
    if (storage.NumSeries() != 0) std::abort();
    return 0;
  }
  storage.Seal();
  auto all = storage.Select({}, INT64_MIN, INT64_MAX);
  if (!all.ok() || all->series.size() != storage.NumSeries()) std::abort();
  return 0;
}
