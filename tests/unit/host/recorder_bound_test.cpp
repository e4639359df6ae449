// The message record keeps its bound (count and bytes), counts what it dropped, gives views in windows, and the
// record listener still sees every entry: the harness's trace is fed by the listener, never by the views.
#include "atmbench/host/recorder.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace atmbench::host {
namespace {

iso8583::Profile cup() { return iso8583::Profile::load(std::filesystem::path(ATMBENCH_FIXTURES_DIR) / "iso8583/cup-atm.json"); }

RecordedMessage event(const std::string& note) {
    RecordedMessage m;
    m.note = note;
    return m;
}

TEST(RecorderBound, KeepsTheLastMaxMessagesAndCountsTheRest) {
    Recorder r(cup(), common::RecordLimits{10, std::size_t{1} << 30});
    std::size_t heard = 0;
    r.set_listener([&](const boost::json::object&) { ++heard; });
    for (int i = 1; i <= 100; ++i) EXPECT_EQ(r.record(event("e" + std::to_string(i))), static_cast<std::uint64_t>(i));
    EXPECT_EQ(r.size(), 10u);
    EXPECT_EQ(heard, 100u);  // the bound is on what is kept, never on what the listener sees
    boost::json::object status = r.status();
    EXPECT_EQ(status.at("recorded").as_uint64(), 100u);
    EXPECT_EQ(status.at("dropped").as_uint64(), 90u);
    boost::json::array all = r.to_json(0);
    ASSERT_EQ(all.size(), 10u);
    EXPECT_EQ(all.front().at("seq").as_uint64(), 91u);
    EXPECT_EQ(all.back().at("note").as_string(), "e100");
}

TEST(RecorderBound, KeepsWithinMaxBytes) {
    Recorder r(cup(), common::RecordLimits{1000, 4096});
    for (int i = 0; i < 1000; ++i) {
        RecordedMessage m = event("x");
        m.frame.assign(200, 0x30);
        r.record(std::move(m));
    }
    boost::json::object status = r.status();
    EXPECT_LE(status.at("bytes").as_uint64(), 4096u);
    EXPECT_GT(status.at("kept").as_uint64(), 0u);
    EXPECT_LT(status.at("kept").as_uint64(), 20u);
    EXPECT_EQ(status.at("kept").as_uint64() + status.at("dropped").as_uint64(), 1000u);
}

TEST(RecorderBound, MaxZeroKeepsNothingButTheListenerHearsAll) {
    Recorder r(cup(), common::RecordLimits{0, 1 << 20});
    std::vector<std::uint64_t> seqs;
    r.set_listener([&](const boost::json::object& v) { seqs.push_back(v.at("seq").as_uint64()); });
    for (int i = 0; i < 5; ++i) r.record(event("e"));
    EXPECT_EQ(r.size(), 0u);
    EXPECT_TRUE(r.to_json().empty());
    EXPECT_EQ(seqs, (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
}

TEST(RecorderBound, PageIsAWindowAfterSince) {
    Recorder r(cup(), common::RecordLimits{10, std::size_t{1} << 30});
    for (int i = 0; i < 30; ++i) r.record(event("e"));
    boost::json::object page = r.page({25, 3});
    const boost::json::array& m = page.at("messages").as_array();
    ASSERT_EQ(m.size(), 3u);
    EXPECT_EQ(m[0].at("seq").as_uint64(), 26u);
    EXPECT_TRUE(page.at("more").as_bool());
    // Since a dropped entry: the window starts at the oldest kept one.
    page = r.page({2, 1000});
    EXPECT_EQ(page.at("messages").as_array().front().at("seq").as_uint64(), 21u);
    EXPECT_FALSE(page.at("more").as_bool());
    EXPECT_EQ(page.at("dropped").as_uint64(), 20u);
    EXPECT_TRUE(r.page({30, 10}).at("messages").as_array().empty());
}

TEST(ViewQuery, ReadsSinceAndLimitAndRefusesTheRest) {
    common::ViewQuery q = common::parse_view_query("limit=5&since=7");
    EXPECT_EQ(q.since, 7u);
    EXPECT_EQ(q.limit, 5u);
    EXPECT_EQ(common::parse_view_query("").limit, 1000u);
    EXPECT_THROW(common::parse_view_query("since=-1"), std::invalid_argument);
    EXPECT_THROW(common::parse_view_query("limit=0"), std::invalid_argument);
    EXPECT_THROW(common::parse_view_query("limit=100001"), std::invalid_argument);
    try {
        common::parse_view_query("limt=5");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "unknown query parameter 'limt' (expected since, limit)");
    }
}

}  // namespace
}  // namespace atmbench::host
