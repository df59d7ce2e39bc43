#include "engine/version.h"

namespace tocsin::engine {

const char* Version() { return "0.1.0"; }

}  // namespace tocsin::engine
