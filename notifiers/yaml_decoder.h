// Decoding Alertmanager config YAML the way Alertmanager's Go YAML package
// (gopkg.in/yaml.v2, strict mode) does, with file:line:col positions.
//
// Two kinds of errors, as in Go:
//  - type errors (a sequence where a string belongs, `!!str` into bool,
//    unknown or repeated fields, repeated map keys) are collected and all
//    reported together: "yaml: unmarshal errors:\n  FILE:L:C: field foo not
//    found in type config.plain";
//  - validation errors (a bad duration, a missing required field, an
//    undefined receiver) stop decoding and are reported alone:
//    "FILE:L:C: not a valid duration string: \"5x\"".
// Plain scalars resolve as yaml.v2 resolves them: `~`, `null` and the empty
// value are null (the zero value), `yes`/`on`/`true` are booleans, quoted
// scalars are always strings, and any non-null scalar decodes into a
// string as its text.
//
// Not thread-safe; use one decoder per document.

#ifndef TOCSIN_NOTIFIERS_YAML_DECODER_H_
#define TOCSIN_NOTIFIERS_YAML_DECODER_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "promql/status.h"

namespace tocsin::notifiers {

// A place in a file, 1-based; {0, 0} when unknown.
struct YamlPos {
  int line = 0;
  int column = 0;
  bool known() const { return line > 0; }
};
YamlPos PosOf(const YAML::Node& node);

// Parses one YAML document; a syntax error reads "FILE:L:C: yaml: ...".
// An empty document is a null node.
Result<YAML::Node> ParseYamlDocument(std::string_view text,
                                     std::string_view file);

// A map[string]string entry, in document order, with positions.
struct YamlStringEntry {
  std::string key;
  std::string value;
  YamlPos key_pos;
  YamlPos value_pos;
};

class YamlDecoder {
 public:
  explicit YamlDecoder(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }

  // Each decoder returns false when `node` could not be decoded (the error
  // is recorded) and leaves *out untouched then. A null node decodes to the
  // zero value and returns true.
  bool String(const YAML::Node& node, std::string* out);
  bool Bool(const YAML::Node& node, bool* out);
  bool Uint64(const YAML::Node& node, uint64_t* out);
  // model.Duration in milliseconds; a malformed duration aborts decoding.
  bool Duration(const YAML::Node& node, int64_t* ms);
  // []string.
  bool StringList(const YAML::Node& node, std::vector<std::string>* out);
  // map[string]string; a repeated key is a type error.
  bool StringMap(const YAML::Node& node, std::vector<YamlStringEntry>* out);

  // A Go struct (type name `go_type` in messages, usually "config.plain")
  // with YAML keys `fields`: calls visit(index into fields, key node, value
  // node) for each key in document order. Unknown and repeated keys are
  // type errors. Returns false if `node` is not a mapping (null: true, no
  // visits).
  using FieldVisitor =
      std::function<void(size_t, const YAML::Node&, const YAML::Node&)>;
  bool Struct(const YAML::Node& node, std::string_view go_type,
              std::initializer_list<std::string_view> fields,
              const FieldVisitor& visit);
  // A Go slice named `go_type`: calls elem() for each element.
  bool Sequence(const YAML::Node& node, std::string_view go_type,
                const std::function<void(const YAML::Node&)>& elem);

  // Records a type mismatch the way yaml.v2 words it.
  void TypeError(const YAML::Node& node, std::string_view go_type);
  // Records a type error with a message of its own.
  void TypeErrorAt(YamlPos pos, std::string message);
  // Stops decoding with a validation error at `pos` (the first one wins).
  void Fail(YamlPos pos, std::string message);
  void Fail(const YAML::Node& node, std::string message) {
    Fail(PosOf(node), std::move(message));
  }

  bool ok() const { return !aborted_ && errors_.empty(); }
  // The number of type errors so far: a struct whose decoding added none
  // goes on to its own validation, as Go's UnmarshalYAML methods do.
  size_t error_count() const { return errors_.size(); }
  bool aborted() const { return aborted_; }
  // The error as described above; empty when ok().
  std::string Error() const;
  Status ToStatus() const;

  // "FILE:L:C: message" (or "FILE: message" without a position).
  std::string At(YamlPos pos, std::string_view message) const;

 private:
  std::string file_;
  std::vector<std::string> errors_;
  bool aborted_ = false;
  std::string abort_message_;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_YAML_DECODER_H_
