// tocsin query: evaluates one PromQL expression over recorded series and
// prints the body Prometheus's /api/v1/query (or /api/v1/query_range)
// would answer. Exit codes: 0 success, 1 query error (the error JSON is
// printed) or unreadable series file, 2 usage error.

#include <CLI/CLI.hpp>
#include <iostream>

#include "engine/commands.h"
#include "engine/query_api.h"
#include "engine/query_flags.h"
#include "engine/storage_backend.h"

namespace tocsin::engine {
namespace {

struct QueryArgs {
  QueryFlags flags;
  std::string expr;
  std::string time, start, end, step;
};

int RunQuery(const QueryArgs& args) {
  bool range = !args.start.empty() || !args.end.empty() || !args.step.empty();
  if (range && !args.time.empty()) {
    std::cerr << "tocsin query: --time cannot be combined with --start, --end "
                 "and --step\n";
    return 2;
  }
  if (range && (args.start.empty() || args.end.empty() || args.step.empty())) {
    std::cerr << "tocsin query: a range query needs --start, --end and "
                 "--step\n";
    return 2;
  }
  auto options = args.flags.EngineOptions();
  if (!options.ok()) {
    std::cerr << "tocsin query: " << options.status().message() << "\n";
    return 2;
  }
  promql::MemoryStorage storage;
  if (Status s = args.flags.LoadSeries(&storage); !s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  StorageBackend backend(&storage, *options);
  QueryApi api(&backend);
  HttpRequest request;
  request.method = "GET";
  request.params.Add("query", args.expr);
  if (range) {
    request.params.Add("start", args.start);
    request.params.Add("end", args.end);
    request.params.Add("step", args.step);
  } else if (!args.time.empty()) {
    request.params.Add("time", args.time);
  }
  HttpResponse response = range ? api.QueryRange(request) : api.Query(request);
  std::cout << response.body << "\n";
  return response.status == 200 ? 0 : 1;
}

}  // namespace

void AddQueryCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<QueryArgs>();
  auto* cmd = app.add_subcommand(
      "query",
      "Evaluate a PromQL expression over recorded series and print the JSON "
      "that Prometheus's query API would answer");
  args->flags.Add(cmd);
  cmd->add_option("--time", args->time,
                  "Evaluation time (Unix seconds or RFC 3339); default: now");
  cmd->add_option("--start", args->start, "Range query start time");
  cmd->add_option("--end", args->end, "Range query end time");
  cmd->add_option("--step", args->step,
                  "Range query step (seconds or a duration such as 15s)");
  cmd->add_option("expr", args->expr, "The PromQL expression")->required();
  cmd->callback([args, exit_code] { *exit_code = RunQuery(*args); });
}

}  // namespace tocsin::engine
