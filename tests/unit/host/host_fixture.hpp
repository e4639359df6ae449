// A host model on the shipped cup-atm profile and fixtures, plus a terminal-side view that signs on and sends
// correctly MACed requests — so model tests read like the exchanges they check.
#pragma once

#include "atmbench/crypto/pin_block.hpp"
#include "atmbench/crypto/working_keys.hpp"
#include "atmbench/host/host_model.hpp"
#include "atmbench/host/message_mac.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace atmbench::host::test {

inline std::filesystem::path fixtures() { return ATMBENCH_FIXTURES_DIR; }

struct HostFixture : ::testing::Test {
    // cup-atm unless a fixture names another profile (a dialect test).
    explicit HostFixture(const std::filesystem::path& profile_file = fixtures() / "iso8583/cup-atm.json")
        : profile(iso8583::Profile::load(profile_file)) {}
    iso8583::Profile profile;
    HostModel model{profile, AccountBook::load({fixtures() / "accounts"}),
                    TerminalDirectory::load({fixtures() / "keys/terminals.yaml"}), HostOptions{}};
    iso8583::Codec codec{profile};
    std::optional<crypto::BlockKey> pik, mak;
    int stan = 0;

    static constexpr const char* kPan = "6222020000000000018";
    static constexpr const char* kPin = "123456";
    static constexpr const char* kTerminal = "ATM00001";

    std::string next_stan() {
        std::string s = std::to_string(++stan);
        return std::string(6 - s.size(), '0') + s;
    }

    // Encodes the request as a terminal would (MAC last), hands the bytes to the model, returns its outcome.
    Outcome send(iso8583::Message req, const std::optional<std::string>& forced = std::nullopt, bool sign = true) {
        if (sign && mak && req.mti[1] != '8') sign_message(req, codec, crypto::MacAlgorithm::CupEcb, *mak);
        Bytes body;
        codec.encode_body(req, body);
        iso8583::Message decoded;
        codec.decode_body(ByteView(body), decoded);
        return model.handle(decoded, ByteView(body), forced);
    }

    iso8583::Message network(const std::string& code, const std::string& terminal = kTerminal) {
        iso8583::Message m;
        m.mti = "0800";
        m.set(11, next_stan());
        m.set(41, terminal);
        m.set(60, "00000001" + code);
        return m;
    }

    void sign_on() {
        Outcome o = send(network("003"));
        ASSERT_TRUE(o.reply);
        ASSERT_EQ(o.reply->at(39), "00");
        crypto::BlockKey tmk = crypto::BlockKey::tdes(from_hex("0123456789ABCDEFFEDCBA9876543210"));
        crypto::WorkingKeys k = crypto::parse_f62(tmk, view_of(o.reply->at(62)), false);
        pik = crypto::BlockKey::tdes(k.pik);
        mak = crypto::BlockKey::tdes(k.mak);
    }

    iso8583::Message financial(const std::string& kind, const std::string& pan, std::optional<std::string> pin,
                               std::int64_t amount) {
        iso8583::Message m;
        m.mti = "0200";
        m.set(2, pan);
        m.set(3, kind + "0000");
        if (kind != "31") {
            std::string a = std::to_string(amount);
            m.set(4, std::string(12 - a.size(), '0') + a);
        }
        m.set(11, next_stan());
        m.set(41, kTerminal);
        m.set(49, "156");
        if (pin) {
            Bytes b = crypto::encrypt_pin_block(*pik, *pin, pan);
            m.set(52, std::string(b.begin(), b.end()));
        }
        return m;
    }

    iso8583::Message reversal_of(const iso8583::Message& orig, const std::string& mti = "0400") {
        iso8583::Message m;
        m.mti = mti;
        for (int f : {2, 3, 4, 11, 41, 49})
            if (orig.has(f)) m.set(f, orig.at(f));
        m.set(90, orig.mti + orig.at(11) + std::string(32, '0'));
        return m;
    }

    std::int64_t balance(const std::string& pan) const { return model.accounts().accounts().at(pan).balance; }
};

}  // namespace atmbench::host::test
