// The inhibitor's bookkeeping of source alerts; inhibition as a whole is
// tested through the pipeline and against Alertmanager.

#include "notifiers/inhibitor.h"

#include <gtest/gtest.h>

#include <memory>

namespace tocsin::notifiers {
namespace {

InhibitRuleConfig CriticalMutesWarning() {
  InhibitRuleConfig rule;
  rule.source_matchers = *ParseMatchers(R"({severity="critical"})");
  rule.target_matchers = *ParseMatchers(R"({severity="warning"})");
  rule.equal = {"alertname"};
  return rule;
}

AlertPtr Source(uint64_t version, int64_t ends) {
  auto a = std::make_shared<Alert>();
  a->labels = promql::Labels{{"alertname", "Down"}, {"severity", "critical"}};
  a->ComputeFingerprint();
  a->starts_at = FromUnixSeconds(100);
  a->ends_at = FromUnixSeconds(ends);
  a->version = version;
  return a;
}

const promql::Labels kTarget{{"alertname", "Down"}, {"severity", "warning"}};

TEST(InhibitorTest, AnOlderVersionOfASourceDoesNotReplaceANewerOne) {
  Inhibitor inhibitor({CriticalMutesWarning()}, nullptr);
  // Version 2 fires until 400; version 1, which ended at 150, comes late.
  inhibitor.OnAlerts({Source(2, 400)});
  inhibitor.OnAlerts({Source(1, 150)});
  EXPECT_TRUE(inhibitor.Mutes(kTarget, FromUnixSeconds(200)));
}

TEST(InhibitorTest, ANewerVersionOfASourceReplacesAnOlderOne) {
  Inhibitor inhibitor({CriticalMutesWarning()}, nullptr);
  inhibitor.OnAlerts({Source(1, 400)});
  inhibitor.OnAlerts({Source(2, 150)});
  EXPECT_FALSE(inhibitor.Mutes(kTarget, FromUnixSeconds(200)))
      << "version 2 resolved the source at 150";
}

}  // namespace
}  // namespace tocsin::notifiers
