// The routing tree as amtool prints it: `amtool config routes` (the whole
// tree with continue and receivers) and `amtool config routes test --tree`
// (the branches an alert takes), in treeprint's box-drawing layout:
//
//   .
//   └── default-route  receiver: default
//       ├── {severity="critical"}  continue: true  receiver: pager
//       └── {severity="warning"}  receiver: slack
//
// Pure functions of an immutable tree; thread-safe.

#ifndef TOCSIN_NOTIFIERS_ROUTE_TREE_H_
#define TOCSIN_NOTIFIERS_ROUTE_TREE_H_

#include <string>
#include <vector>

#include "notifiers/route.h"
#include "promql/labels.h"

namespace tocsin::notifiers {

// The full tree, ending in a newline.
std::string RoutingTreeText(const Route& root);
// The routes `labels` walks through, receivers on the final ones.
std::string MatchingTreeText(const Route& root, const promql::Labels& labels);
// The receivers of the routes `labels` is sent to, in order.
std::vector<std::string> MatchingReceivers(const Route& root,
                                           const promql::Labels& labels);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_ROUTE_TREE_H_
