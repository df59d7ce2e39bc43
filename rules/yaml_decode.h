// Decoding YAML into typed values the way Prometheus's Go YAML packages do,
// so that tocsin rejects the same files as Prometheus, with the same
// messages.
//
// YamlDecoder walks a yaml-cpp node tree and converts scalars to strings,
// integers, floats and durations as gopkg.in/yaml.v3 (rule files) or
// gopkg.in/yaml.v2 in strict mode (promtool's unit-test files) would:
//  - type mismatches and unknown fields are collected and reported together
//    ("yaml: unmarshal errors:\n  line 3: field foo not found in type
//    rulefmt.RuleGroup");
//  - a repeated mapping key is an error (v3: the mapping is then skipped);
//  - an invalid duration stops decoding with only its own message
//    ("not a valid duration string: \"5x\""), as a failing UnmarshalYAML
//    method does in Go.
// Plain scalars are resolved as Go's YAML packages resolve them (`~` and
// `null` are null, `0x1f` is an integer, `.inf` a float, ...).
//
// Not thread-safe; use one decoder per document.

#ifndef TOCSIN_RULES_YAML_DECODE_H_
#define TOCSIN_RULES_YAML_DECODE_H_

// yaml-cpp 0.7's node iterators trip GCC 12's dangling-pointer analysis
// (a false positive inside its headers).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "promql/status.h"

namespace tocsin::rules {

// The Go package whose behaviour is reproduced.
enum class YamlDialect { kV3, kV2Strict };

// A place in a YAML document, 1-based; {0, 0} when unknown.
struct YamlPos {
  int line = 0;
  int column = 0;
  bool known() const { return line > 0; }
};
YamlPos PosOf(const YAML::Node& node);

// Parses one YAML document. A syntax error reads "yaml: line N: message"
// (yaml-cpp's message, Go's framing). An empty document is a null node.
Result<YAML::Node> ParseYaml(std::string_view text);

// The short tag Go's YAML packages give a node: "!!null", "!!bool",
// "!!int", "!!float", "!!str", "!!seq", "!!map", or an explicit tag.
std::string ShortTag(const YAML::Node& node);

// One entry of a map[string]string, with where its key and value are.
struct YamlMapEntry {
  std::string key;
  std::string value;
  YamlPos key_pos;
  YamlPos value_pos;
};

class YamlDecoder {
 public:
  explicit YamlDecoder(YamlDialect dialect) : dialect_(dialect) {}

  // Each decoder returns false when `node` could not be decoded (the error
  // is recorded) and leaves *out untouched then. A null node decodes to the
  // zero value.
  bool String(const YAML::Node& node, std::string* out);
  bool Int(const YAML::Node& node, int64_t* out);
  bool Float(const YAML::Node& node, double* out);
  // model.Duration, in milliseconds. A malformed duration aborts decoding.
  bool Duration(const YAML::Node& node, int64_t* ms);
  // map[string]string, entries in document order.
  bool StringMap(const YAML::Node& node, std::vector<YamlMapEntry>* out);
  // []string.
  bool StringList(const YAML::Node& node, std::vector<std::string>* out);

  // A Go struct named `go_type` (for messages) whose YAML keys are
  // `fields`: calls visit(field index, value node) for each key in
  // document order; an unknown key is an error unless `known_fields` is
  // false (then it is skipped).
  bool Struct(const YAML::Node& node, std::string_view go_type,
              std::initializer_list<std::string_view> fields,
              const std::function<void(size_t, const YAML::Node&)>& visit,
              bool known_fields = true);
  // A Go slice named `go_type`: calls elem() for each element. yaml.v3
  // skips null elements (of the struct and string slices decoded here);
  // yaml.v2 decodes them as zero values.
  bool Sequence(const YAML::Node& node, std::string_view go_type,
                const std::function<void(const YAML::Node&)>& elem);

  // Records a type mismatch as Go words it.
  void TypeError(const YAML::Node& node, std::string_view go_type);

  bool ok() const { return !aborted_ && errors_.empty(); }
  bool aborted() const { return aborted_; }
  // The decoding error as Go prints it; empty when ok().
  std::string Error() const;

 private:
  // Checks a mapping for repeated keys (v3: any repeat fails it).
  bool CheckUniqueKeys(const YAML::Node& node);
  void Abort(std::string message);

  YamlDialect dialect_;
  std::vector<std::string> errors_;
  bool aborted_ = false;
  std::string abort_message_;
};

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_YAML_DECODE_H_
