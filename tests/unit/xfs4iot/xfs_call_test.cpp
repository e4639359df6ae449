// XfsServer::call from another thread: the bound, and what happens to a request the I/O thread gets to late. The
// request usually writes into the caller's frame ([&]), so a request abandoned at the bound must never run, and one
// already running at the bound must be waited for.
#include "atmbench/xfs4iot/xfs_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace atmbench::xfs4iot::test {

using namespace std::chrono_literals;

class XfsCallTest : public ::testing::Test {
protected:
    void SetUp() override { server.start(); }
    void TearDown() override {
        release();
        server.stop();
    }

    // Occupies the I/O thread until release() (how a busy device server looks to a caller).
    void block_io_thread() {
        auto blocked = std::make_shared<std::promise<void>>();
        server.post([gate = gate_.get_future().share(), blocked] {
            blocked->set_value();
            gate.wait();
        });
        blocked->get_future().wait();
    }
    void release() {
        if (!released_) gate_.set_value();
        released_ = true;
    }

    XfsServer server{ServerOptions{"127.0.0.1:0", "atmbench-test", 4}};

private:
    std::promise<void> gate_;
    bool released_ = false;
};

TEST_F(XfsCallTest, ARequestNotTakenUpWithinTheBoundIsAbandonedAndNeverRunsLater) {
    block_io_thread();
    auto ran = std::make_shared<std::atomic<int>>(0);
    // The caller's frame: gone by the time the I/O thread is free. Running the request then would write into it
    // (a stack-use-after-return under ASan, a corrupted stack otherwise).
    [&] {
        volatile int answer = 0;
        EXPECT_THROW(server.call([&answer, ran] { answer = 42; ++*ran; }, 30ms), std::runtime_error);
    }();
    release();
    server.call([] {}, 5s);  // every earlier request has had its turn on the I/O thread
    EXPECT_EQ(*ran, 0);
}

TEST_F(XfsCallTest, ARequestAlreadyRunningAtTheBoundIsWaitedForToItsEnd) {
    int answer = 0;
    std::atomic<bool> started{false};
    EXPECT_NO_THROW(server.call([&] {
        started = true;
        std::this_thread::sleep_for(150ms);  // well past the bound below
        answer = 7;
    }, 20ms));
    EXPECT_TRUE(started);
    EXPECT_EQ(answer, 7);  // complete when call() returned: nothing writes into this frame afterwards
}

TEST_F(XfsCallTest, ARequestsExceptionReachesTheCaller) {
    EXPECT_THROW(server.call([] { throw std::invalid_argument("no service X"); }), std::invalid_argument);
    int answer = 0;
    server.call([&] { answer = 1; });
    EXPECT_EQ(answer, 1);
}

}  // namespace atmbench::xfs4iot::test
