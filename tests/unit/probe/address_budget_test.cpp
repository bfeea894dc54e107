// A DNS answer must not choose how many endpoints a probe connects to, how
// many series it renders, nor how many lines it logs: a target whose name
// has 4,000 addresses probes global.max_addresses_per_name of them, counts
// the rest, and logs one line for the whole fan-out.
//
// The fake resolver answers with 127.0.x.y addresses on a port nothing
// listens on, so each probed endpoint fails fast with connection_refused
// (loopback only, no server needed).

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "common/log.h"
#include "config/config.h"
#include "dns/resolver.h"
#include "dns/resolver_set.h"
#include "model/budgets.h"
#include "probe/probe_env.h"
#include "probe/target_probe.h"

namespace lde::probe {
namespace {

class ManyAddresses final : public dns::Resolver {
 public:
  explicit ManyAddresses(int count) {
    for (int i = 0; i < count; ++i) {
      addresses_.push_back("127.0." + std::to_string(1 + i / 250) + "." + std::to_string(1 + i % 250));
    }
  }
  Result<std::vector<std::string>> Resolve(const std::string&, const Deadline&) const override {
    ++calls_;
    return addresses_;
  }
  const std::string& name() const override { return name_; }
  int calls() const { return calls_; }

 private:
  std::vector<std::string> addresses_;
  std::string name_ = "system";
  mutable int calls_ = 0;
};

// A port on loopback that nothing listens on: bound, then released.
std::uint16_t ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::size_t CountLines(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) count += line.find(needle) != std::string::npos ? 1 : 0;
  return count;
}

class AddressBudgetTest : public ::testing::Test {
 protected:
  model::ProbeResult Probe(int answer_size, std::size_t budget) {
    auto config = std::make_shared<config::Config>();
    config->global.max_addresses_per_name = budget;
    target_.name = "many";
    target_.scheme = config::TargetScheme::kTls;
    target_.host = "many.test";
    target_.port = port_;
    target_.server_name = "many.test";
    config->targets = {target_};

    auto resolver = std::make_unique<ManyAddresses>(answer_size);
    resolver_ = resolver.get();
    auto env = std::make_shared<ProbeEnv>();
    env->config = config;
    env->resolvers = std::make_shared<const dns::ResolverSet>(std::move(resolver),
                                                              std::vector<std::unique_ptr<dns::Resolver>>{});
    env->issuers = std::make_shared<FetchCache>();
    env->crls = std::make_shared<FetchCache>();
    env->ocsp = std::make_shared<FetchCache>();
    env->clock = &clock_;
    env->log = &log_;
    env_ = env;
    return ProbeTarget(target_, *env_, Deadline::After(clock_, std::chrono::seconds(30)));
  }

  SystemClock clock_;
  std::ostringstream log_text_;
  Logger log_{log_text_, LogLevel::kDebug, LogFormat::kLogfmt, clock_};
  std::uint16_t port_ = ClosedPort();
  config::TargetConfig target_;
  const ManyAddresses* resolver_ = nullptr;
  std::shared_ptr<const ProbeEnv> env_;
};

TEST_F(AddressBudgetTest, FourThousandAddressesProbeTheFirstSixteenAndCountTheRest) {
  const std::size_t kBudget = model::budget::kAddressesPerName.value;
  model::ProbeResult result = Probe(4000, kBudget);

  ASSERT_EQ(result.dns.size(), 1u);
  EXPECT_TRUE(result.dns[0].success);
  EXPECT_EQ(result.dns[0].addresses.size(), kBudget);
  EXPECT_EQ(result.dns[0].addresses_skipped, 4000 - kBudget);
  ASSERT_EQ(result.endpoints.size(), kBudget);
  for (std::size_t i = 0; i < kBudget; ++i) {
    // The first addresses of the answer, in answer order.
    EXPECT_EQ(result.endpoints[i].endpoint.address, "127.0.1." + std::to_string(1 + i));
    ASSERT_TRUE(result.endpoints[i].failure.has_value());
    EXPECT_EQ(result.endpoints[i].failure->step, model::Step::kConnect);
  }
  EXPECT_FALSE(result.success);
}

TEST_F(AddressBudgetTest, TheWholeFanOutIsOneLogLine) {
  model::ProbeResult result = Probe(4000, model::budget::kAddressesPerName.value);
  const std::string text = log_text_.str();
  EXPECT_EQ(CountLines(text, "probe step failed"), 1u) << text;
  EXPECT_LE(CountLines(text, "target=many"), 2u) << text;  // the fan-out, and at most one more
  EXPECT_NE(text.find("endpoints_failed=16/16"), std::string::npos) << text;
  EXPECT_NE(text.find("addresses_skipped=3984"), std::string::npos) << text;
  // The line kept for /status: the fan-out ("probe finished" is made when shown).
  ASSERT_EQ(result.log.size(), 1u) << ::testing::PrintToString(result.log);
  EXPECT_NE(result.log[0].find("endpoints_failed=16/16"), std::string::npos) << result.log[0];
  EXPECT_NE(result.log[0].find("addresses_skipped=3984"), std::string::npos) << result.log[0];
}

TEST_F(AddressBudgetTest, TheConfiguredBudgetApplies) {
  model::ProbeResult result = Probe(4000, 3);
  EXPECT_EQ(result.endpoints.size(), 3u);
  EXPECT_EQ(result.dns[0].addresses.size(), 3u);
  EXPECT_EQ(result.dns[0].addresses_skipped, 3997u);
}

TEST_F(AddressBudgetTest, AnAnswerWithinTheBudgetIsProbedWhole) {
  model::ProbeResult result = Probe(5, model::budget::kAddressesPerName.value);
  EXPECT_EQ(result.endpoints.size(), 5u);
  EXPECT_EQ(result.dns[0].addresses_skipped, 0u);
  EXPECT_EQ(resolver_->calls(), 1);
  EXPECT_NE(log_text_.str().find("endpoints_failed=5/5"), std::string::npos) << log_text_.str();
  EXPECT_NE(log_text_.str().find("addresses_skipped=0"), std::string::npos) << log_text_.str();
}

}  // namespace
}  // namespace lde::probe
