// The tocsin version string, as printed by `tocsin --version`.

#ifndef TOCSIN_ENGINE_VERSION_H_
#define TOCSIN_ENGINE_VERSION_H_

namespace tocsin::engine {

const char* Version();

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_VERSION_H_
