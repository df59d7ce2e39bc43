#include "engine/http_router.h"

#include <algorithm>

namespace tocsin::engine {
namespace {

// Splits "/a/b/c" into {"a", "b", "c"}; "/" gives {""}.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

void Router::Handle(std::string method, std::string_view pattern,
                    HttpHandler handler) {
  Route route{std::move(method), {}, std::move(handler)};
  for (std::string_view s : SplitPath(pattern)) route.segments.emplace_back(s);
  routes_.push_back(std::move(route));
}

bool Router::Match(const Route& route, std::string_view path,
                   std::vector<std::pair<std::string, std::string>>* params) {
  if (path.empty() || path.front() != '/') return false;
  std::string_view rest = path.substr(1);
  for (size_t i = 0; i < route.segments.size(); ++i) {
    const std::string& seg = route.segments[i];
    if (!seg.empty() && seg.front() == '*') {
      params->emplace_back(seg.substr(1), "/" + std::string(rest));
      return true;
    }
    size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    bool last = i + 1 == route.segments.size();
    if (last != (slash == std::string_view::npos)) return false;
    if (!seg.empty() && seg.front() == ':') {
      if (part.empty()) return false;
      params->emplace_back(seg.substr(1), std::string(part));
    } else if (seg != part) {
      return false;
    }
    rest = last ? std::string_view() : rest.substr(slash + 1);
  }
  return true;
}

HttpResponse Router::Serve(HttpRequest* request) const {
  std::vector<std::pair<std::string, std::string>> params;
  for (const Route& route : routes_) {
    if (route.method != request->method) continue;
    params.clear();
    if (Match(route, request->path, &params)) {
      request->path_params = std::move(params);
      return route.handler(*request);
    }
  }
  std::vector<std::string> allowed;
  for (const Route& route : routes_) {
    if (route.method == "OPTIONS") continue;
    params.clear();
    if (Match(route, request->path, &params) &&
        std::find(allowed.begin(), allowed.end(), route.method) ==
            allowed.end()) {
      allowed.push_back(route.method);
    }
  }
  if (allowed.empty()) return HttpResponse::Text(404, "404 page not found");
  allowed.push_back("OPTIONS");
  std::sort(allowed.begin(), allowed.end());
  std::string allow;
  for (const std::string& m : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += m;
  }
  HttpResponse r = HttpResponse::Text(405, "Method Not Allowed");
  r.headers.emplace_back("Allow", std::move(allow));
  return r;
}

}  // namespace tocsin::engine
