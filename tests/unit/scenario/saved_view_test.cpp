// Issue 13 "no secret out": card numbers are found by meaning (pan_scan.hpp) and masked in everything the bench
// saves — the trace file here — while the rules still judge the record as it was; the scan of saved outputs
// finds a full PAN, track 2 data and known secrets by FILE:LINE and lets timestamps and masked PANs be.
#include "atmbench/common/pan_scan.hpp"
#include "atmbench/harness/saved_output_scan.hpp"
#include "atmbench/harness/saved_view.hpp"
#include "atmbench/harness/trace.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

#include <unistd.h>

namespace atmbench::harness {
namespace {

const std::string kPan = "6222020000000000018";  // zhang-mag of fixtures/cards
const std::string kMasked = "622202*********0018";

std::filesystem::path fresh_dir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("atmbench-secrets-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(PanScan, FindsLuhnValidRunsOf13To19DigitsByMeaning) {
    EXPECT_EQ(mask_pans("customerData " + kPan + " format iso0"), "customerData " + kMasked + " format iso0");
    EXPECT_EQ(mask_pans("4761739001010010"), "476173******0010");                 // 16 digits, Visa test card
    EXPECT_EQ(mask_pans("track " + kPan + "=3012101"), "track " + kMasked + "=3012101");  // track 2 keeps no PAN
    EXPECT_EQ(mask_pans("A" + kPan + "F"), "A" + kMasked + "F");                // BCD in a hex dump
    EXPECT_EQ(mask_pans("6222020000000000019"), "6222020000000000019");          // check digit fails
    EXPECT_EQ(mask_pans("0000000000000000000"), "0000000000000000000");          // zero padding is not a card
    EXPECT_EQ(mask_pans("476173900101"), "476173900101");                        // 12 digits: too short
    EXPECT_EQ(mask_pans("62220200000000000180"), "62220200000000000180");        // 20 digits: part of something longer
    EXPECT_EQ(mask_pans(kMasked), kMasked);                                      // already masked stays
}

TEST(PanScan, MasksEveryStringOfAJsonValueButNotItsNumbers) {
    boost::json::value v = boost::json::parse(R"({"payload":{"customerData":")" + kPan + R"(","lines":["card )" + kPan +
                                              R"("]},")" + kPan + R"(":{"pan":"x"},"time_ns":4761739001010010})");
    mask_pans(v);
    std::string text = boost::json::serialize(v);
    EXPECT_EQ(text.find(kPan), std::string::npos) << text;
    EXPECT_EQ(v.at("payload").at("customerData").as_string(), kMasked);
    EXPECT_TRUE(v.as_object().contains(kMasked));  // a key holding a PAN is masked too
    EXPECT_EQ(v.at("time_ns").as_int64(), 4761739001010010);
}

TEST(SavedView, TheTraceFileMasksPansTheRulesStillSeeTheRecord) {
    auto dir = fresh_dir("trace");
    {
        Trace trace(dir / "t.trace.jsonl");
        trace.add("xfs", "command", "PinPad.GetPinBlock",
                  boost::json::object{{"message", boost::json::object{{"payload", boost::json::object{{"customerData", kPan}}}}}});
        trace.add("xfs", "command", "Printer.PrintForm", boost::json::object{{"fields", "CARD " + kPan}});
        // The rules judge the record: RCPT-MASK must see a receipt that shows the full PAN.
        EXPECT_NE(boost::json::serialize(trace.snapshot()[1].data).find(kPan), std::string::npos);
    }
    std::string saved = slurp(dir / "t.trace.jsonl");
    EXPECT_EQ(saved.find(kPan), std::string::npos) << saved;
    EXPECT_NE(saved.find(kMasked), std::string::npos) << saved;
    std::filesystem::remove_all(dir);
}

TEST(SavedView, AResultAsReportsShowItHasNoFullPan) {
    ScenarioResult r;
    r.trace.push_back(TraceEvent{1, "xfs", "command", "PinPad.GetPinBlock", boost::json::object{{"customerData", kPan}}, 0});
    r.verdicts.push_back(Verdict{"RCPT-MASK", "7.3.6.8 b", "mask", Outcome::Fail, "receipt 1 shows " + kPan, {0},
                                 boost::json::object{{"printed", kPan}}});
    r.steps.push_back(StepRecord{"insert " + kPan, 3, "ok", 1});
    r.error = "card " + kPan;
    r.terminal_output = "log " + kPan;
    ScenarioResult saved = saved_view(r);
    EXPECT_EQ(saved.trace[0].data.at("customerData").as_string(), kMasked);
    EXPECT_EQ(saved.verdicts[0].message, "receipt 1 shows " + kMasked);
    EXPECT_EQ(saved.verdicts[0].measurements.at("printed").as_string(), kMasked);
    EXPECT_EQ(saved.steps[0].text, "insert " + kMasked);
    EXPECT_EQ(saved.error, "card " + kMasked);
    EXPECT_EQ(saved.terminal_output, "log " + kMasked);
}

TEST(SavedOutputScan, NamesFileLineAndWhatNeverTheValue) {
    auto dir = fresh_dir("scan");
    std::ofstream(dir / "a.jsonl") << R"({"t_ns":4761739001010010,"ms":5.4761739001010010E0,"data":{"pan":")" << kMasked << "\"}}\n"
                                   << R"({"data":{"customerData":")" << kPan << "\"}}\n";
    std::ofstream(dir / "b.html") << "<td>6222020000000000026=30121011234567890000</td>\n<td>4761739001010010</td>\n"
                                  << "<pre>key 0123456789ABCDEFFEDCBA9876543210</pre>\n";
    std::vector<KnownSecret> secrets{{"0123456789ABCDEFFEDCBA9876543210", "the master key of terminal ATM00001 (fixtures/keys), hex"}};
    auto found = scan_saved_outputs({dir}, {kPan}, secrets);
    ASSERT_EQ(found.size(), 4u);
    EXPECT_EQ(found[0].file, dir / "a.jsonl");
    EXPECT_EQ(found[0].line, 2u);
    EXPECT_EQ(found[0].what, "a full PAN of the card fixtures (" + kMasked + ")");
    EXPECT_EQ(found[1].line, 1u);
    EXPECT_EQ(found[1].what, "track 2 data (622202*********0026)");
    EXPECT_EQ(found[2].line, 2u);
    EXPECT_EQ(found[2].what, "a full PAN (476173******0010)");  // not a card of the fixtures, not a JSON number
    EXPECT_EQ(found[3].line, 3u);
    EXPECT_EQ(found[3].what, secrets[0].what);
    for (const auto& f : found) EXPECT_EQ(f.what.find(kPan), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST(SavedOutputScan, KnownSecretsAreTheHandledValuesAndTheFixtureMasterKeysInEachSpelling) {
    auto secrets = known_secrets({{"q83vASNFZ4k=", "PinPad.GetPinBlock pinBlock"}}, std::filesystem::path(ATMBENCH_FIXTURES_DIR) / "keys" / "terminals.yaml");
    auto has = [&](const std::string& v) {
        return std::any_of(secrets.begin(), secrets.end(), [&](const KnownSecret& s) { return s.value == v; });
    };
    EXPECT_TRUE(has("q83vASNFZ4k="));
    EXPECT_TRUE(has("ABCDEF0123456789"));
    EXPECT_TRUE(has("abcdef0123456789"));
    EXPECT_TRUE(has("0123456789ABCDEFFEDCBA9876543210"));
    EXPECT_TRUE(has("11111111111111112222222222222222"));
}

}  // namespace
}  // namespace atmbench::harness
