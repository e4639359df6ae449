// Cash module test support: the fixture device sets, note sums over physical truth, and an E2E token signer
// playing the host (docs/references.md [XFS4IoT] §4).
#pragma once

#include "xfs_client.hpp"

#include "devices/card_reader/card_reader_codec.hpp"
#include "devices/service_support.hpp"
#include "devices/cash/cash_device.hpp"
#include "devices/cash/cash_e2e_token.hpp"
#include "atmbench/devices/device_fixture.hpp"

#include <cstdio>

namespace atmbench::devices::xfs_test {

inline CashModuleConfig fixture_cash(const char* file) {
    return *load_device_fixture(std::string(ATMBENCH_FIXTURES_DIR "/devices/") + file).config<CashModuleConfig>("cash");
}

// Notes physically at a location (physical_truth().notes leaves empty locations out).
inline std::int64_t notes_at(const json::object& truth, const char* where) {
    const json::value* loc = truth.at("notes").as_object().if_contains(where);
    return loc ? loc->at("count").to_number<std::int64_t>() : 0;
}
inline std::vector<std::string> serials_at(const json::object& truth, const char* where) {
    std::vector<std::string> out;
    if (const json::value* loc = truth.at("notes").as_object().if_contains(where))
        for (const auto& n : loc->at("notes").as_array()) out.emplace_back(n.at("serial").as_string());
    return out;
}
// Conservation: every note that ever existed is somewhere.
inline void expect_conserved(const json::object& truth, std::int64_t initial) {
    std::int64_t sum = 0;
    for (const auto& loc : truth.at("notes").as_object()) sum += loc.value().at("count").to_number<std::int64_t>();
    EXPECT_EQ(sum, initial + truth.at("introduced").to_number<std::int64_t>());
    EXPECT_EQ(truth.at("total").to_number<std::int64_t>(), sum);
}

inline std::int64_t reported_count(const Messages& get_storage, const char* unit) {
    return payload(get_storage).at("storage").at(unit).at("cash").at("status").at("count").as_int64();
}

constexpr const char* kE2eKeyHex = "00112233445566778899AABBCCDDEEFF0F1E2D3C4B5A69788796A5B4C3D2E1F0";

// The host's side of §4: NONCE first, TOKENLENGTH the whole token's length, HMAC over the text up to and
// including "HMACSHA256=".
inline std::string sign_token(const std::string& nonce, const std::string& dispense, const std::string& key_hex = kE2eKeyHex) {
    std::string head = "NONCE=" + nonce + ",TOKENFORMAT=1,TOKENLENGTH=";
    std::string tail = ",DISPENSE1=" + dispense + ",HMACSHA256=";
    char len[8];
    std::snprintf(len, sizeof len, "%04zu", head.size() + 4 + tail.size() + 64);
    std::string text = head + len + tail;
    return text + DispenseTokens::hmac_hex(bytes_of_hex(key_hex), text);
}

}  // namespace atmbench::devices::xfs_test
