#include "engine/am_config_view.h"

#include <yaml-cpp/yaml.h>

#include <set>

namespace tocsin::engine {
namespace {

// Fields of Alertmanager's config that hold a Secret or SecretURL.
const std::set<std::string>& SecretKeys() {
  static const std::set<std::string> keys = {"smtp_auth_password",
                                             "smtp_auth_secret",
                                             "slack_api_url",
                                             "opsgenie_api_key",
                                             "wechat_api_secret",
                                             "victorops_api_key",
                                             "auth_password",
                                             "auth_secret",
                                             "service_key",
                                             "routing_key",
                                             "password",
                                             "credentials",
                                             "bearer_token",
                                             "client_secret",
                                             "api_key",
                                             "api_secret",
                                             "token",
                                             "user_key",
                                             "bot_token",
                                             "webhook_url"};
  return keys;
}

void Mask(YAML::Node node, const std::string& parent) {
  if (node.IsSequence()) {
    for (size_t i = 0; i < node.size(); ++i) Mask(node[i], parent);
    return;
  }
  if (!node.IsMap()) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = it->first.as<std::string>("");
    bool secret = SecretKeys().count(key) > 0 ||
                  (key == "api_url" && parent == "slack_configs");
    if (secret && it->second.IsScalar() && !it->second.Scalar().empty()) {
      it->second = "<secret>";
      continue;
    }
    Mask(it->second, key);
  }
}

}  // namespace

std::string MaskedConfigYaml(std::string_view original) {
  try {
    YAML::Node root = YAML::Load(std::string(original));
    Mask(root, "");
    YAML::Emitter out;
    out << root;
    std::string text = out.c_str();
    if (!text.empty() && text.back() != '\n') text += '\n';
    return text;
  } catch (const YAML::Exception&) {
    return "";
  }
}

}  // namespace tocsin::engine
