// Router: dispatches an HttpRequest to the handler registered for its
// method and path.
//
// Patterns are paths whose segments may be ":name" (captures one segment)
// or, as the last segment, "*name" (captures the rest of the path). A path
// that no pattern matches answers 404 "404 page not found"; a path that
// matches only under other methods answers 405 "Method Not Allowed" with an
// Allow header, as Prometheus's router (httprouter) does. Register every
// route before serving; after that Serve() is const and may run on many
// threads at once.

#ifndef TOCSIN_ENGINE_HTTP_ROUTER_H_
#define TOCSIN_ENGINE_HTTP_ROUTER_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/http_request.h"

namespace tocsin::engine {

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class Router {
 public:
  void Handle(std::string method, std::string_view pattern,
              HttpHandler handler);

  // Finds the route for request->method and request->path, stores its
  // captures in request->path_params and runs its handler.
  HttpResponse Serve(HttpRequest* request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    HttpHandler handler;
  };
  static bool Match(const Route& route, std::string_view path,
                    std::vector<std::pair<std::string, std::string>>* params);

  std::vector<Route> routes_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_HTTP_ROUTER_H_
