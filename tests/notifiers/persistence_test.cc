// A router killed with SIGKILL after delivering and after creating a
// silence: on restart the silence is there and nothing delivered is sent
// again.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "tests/notifiers/router_fixture.h"

namespace tocsin::notifiers::testing {
namespace {

constexpr const char* kConfig = R"(
global: {resolve_timeout: 1h}
route:
  receiver: r
  group_by: [alertname]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
receivers:
- name: r
  webhook_configs: [{url: 'http://127.0.0.1:1/'}]
)";

class PersistenceTest : public RouterFixture {
 protected:
  std::string Dir() {
    std::string dir =
        ::testing::TempDir() + "tocsin_persist_" + std::to_string(::getpid());
    std::string cmd = "rm -rf " + dir;
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    return dir;
  }
};

TEST_F(PersistenceTest, KillNineLosesNoSilenceAndResendsNothing) {
  std::string dir = Dir();
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child delivers one notification, creates a silence, and dies
    // without any chance to write a snapshot.
    Start(kConfig, dir);
    if (::testing::Test::HasFatalFailure()) ::_exit(2);
    Post({MakeAlert({{"alertname", "A"}, {"i", "1"}}, T0() - Seconds(600))});
    scheduler_.RunDue();
    if (Recorder("r")->delivered().size() != 1) ::_exit(3);
    Silence s;
    s.matchers = {{MatchType::kEqual, "alertname", "B"}};
    s.starts_at = T0();
    s.ends_at = T0() + Seconds(7200);
    s.created_by = "oncall";
    if (!router_->silences().Set(s).ok()) ::_exit(4);
    ::raise(SIGKILL);
    ::_exit(5);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status))
      << "child exited with " << WEXITSTATUS(status);
  ASSERT_EQ(WTERMSIG(status), SIGKILL);

  // The restarted router gets the same alert again, as Prometheus re-sends
  // it, and an alert the silence covers.
  Start(kConfig, dir);
  Advance(60);
  Post({MakeAlert({{"alertname", "A"}, {"i", "1"}}, T0() - Seconds(600)),
        MakeAlert({{"alertname", "B"}}, T0() - Seconds(600))});
  scheduler_.RunDue();
  AdvanceTo(T0() + Seconds(1000));
  EXPECT_TRUE(Recorder("r")->calls().empty())
      << "delivered before the crash: not sent again; B is silenced";
  SilenceQuery q;
  q.states = {SilenceState::kActive};
  auto silences = router_->silences().Query(q);
  ASSERT_EQ(silences.size(), 1u);
  EXPECT_EQ(silences[0].created_by, "oncall");
  // Something new in the group is sent as usual.
  Post({MakeAlert({{"alertname", "A"}, {"i", "2"}})});
  AdvanceTo(T0() + Seconds(1260));
  auto d = Recorder("r")->delivered();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].Summary(),
            (std::vector<std::string>{"alertname=A,i=1:firing",
                                      "alertname=A,i=2:firing"}));
}

TEST_F(PersistenceTest, CleanStopWritesSnapshots) {
  std::string dir = Dir();
  Start(kConfig, dir);
  Post({MakeAlert({{"alertname", "A"}}, T0() - Seconds(600))});
  scheduler_.RunDue();
  ASSERT_EQ(Recorder("r")->delivered().size(), 1u);
  router_->Stop();
  router_.reset();
  std::ifstream wal(dir + "/nflog.wal", std::ios::binary | std::ios::ate);
  EXPECT_EQ(wal.tellg(), 0) << "the log was folded into the snapshot";
  std::ifstream snap(dir + "/nflog.snap", std::ios::binary | std::ios::ate);
  EXPECT_GT(snap.tellg(), 0);
  notifiers_.clear();
  Start(kConfig, dir);
  Post({MakeAlert({{"alertname", "A"}}, T0() - Seconds(600))});
  AdvanceTo(T0() + Seconds(600));
  EXPECT_TRUE(Recorder("r")->calls().empty());
}

}  // namespace
}  // namespace tocsin::notifiers::testing
