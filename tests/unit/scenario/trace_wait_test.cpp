// Trace::wait_for: a wait on the trace ends the moment an event it wants is appended (no polling), looks only
// at events from its `since` position on, gives up when told to (Trace::wake), and is bounded by its deadline.
#include "atmbench/harness/trace.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace atmbench::harness {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

bool is_cash_taken(const TraceEvent& e) { return e.source == "customer" && e.name == "cash.takeCash"; }

TEST(TraceWait, EndsWhenTheEventIsAppendedNotAtTheDeadline) {
    Trace trace;
    std::thread device([&] {
        std::this_thread::sleep_for(50ms);
        trace.add("customer", "action", "cash.takeCash", boost::json::object{});
    });
    auto t0 = Clock::now();
    auto at = trace.wait_for(is_cash_taken, 0, t0 + 10s);
    auto waited = Clock::now() - t0;
    device.join();
    ASSERT_TRUE(at);
    EXPECT_EQ(*at, 0u);
    EXPECT_LT(waited, 5s);  // woken by the append, long before the deadline (a loaded machine may add some)
}

TEST(TraceWait, LooksOnlyFromItsPositionOn) {
    Trace trace;
    trace.add("customer", "action", "cash.takeCash", boost::json::object{});  // before the wait: not wanted
    std::size_t since = trace.appended();
    EXPECT_FALSE(trace.wait_for(is_cash_taken, since, Clock::now() + 30ms));
    trace.add("xfs", "event", "CashDispenser.ItemsTakenEvent", boost::json::object{});
    trace.add("customer", "action", "cash.takeCash", boost::json::object{});
    auto at = trace.wait_for(is_cash_taken, since, Clock::now() + 1s);
    ASSERT_TRUE(at);
    EXPECT_EQ(*at, 2u);  // positions are append positions
}

TEST(TraceWait, IsBoundedByItsDeadline) {
    Trace trace;
    auto t0 = Clock::now();
    EXPECT_FALSE(trace.wait_for(is_cash_taken, 0, t0 + 80ms));
    EXPECT_GE(Clock::now() - t0, 80ms);
}

TEST(TraceWait, GivesUpWhenWokenAndToldTo) {
    Trace trace;
    std::atomic<bool> terminal_exited{false};
    std::thread reaper([&] {
        std::this_thread::sleep_for(50ms);
        terminal_exited = true;
        trace.wake();  // nothing appended: only the give-up condition changed
    });
    auto t0 = Clock::now();
    auto at = trace.wait_for(is_cash_taken, 0, t0 + 10s, [&] { return terminal_exited.load(); });
    auto waited = Clock::now() - t0;
    reaper.join();
    EXPECT_FALSE(at);
    EXPECT_LT(waited, 5s);
}

TEST(TraceWait, EachEventIsOfferedOnceInAppendOrder) {
    Trace trace;
    for (int i = 0; i < 3; ++i) trace.add("host", "in", "0200", boost::json::object{{"n", i}});
    std::vector<std::int64_t> seen;
    trace.wait_for([&](const TraceEvent& e) {
        seen.push_back(e.data.as_object().at("n").as_int64());
        return false;
    }, 0, Clock::now() + 20ms);
    EXPECT_EQ(seen, (std::vector<std::int64_t>{0, 1, 2}));
}

}  // namespace
}  // namespace atmbench::harness
