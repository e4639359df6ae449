// The PIN pad over XFS4IoT: key loading (clear master key, wrapped working keys, KCV checks), PIN entry whose
// KeyEvents never carry the digits (7.3.6.9 b), ISO-0 PIN blocks that atmbench::crypto decrypts back to the PIN,
// MACs, data entry with FDKs, cancel / timeout / hang of a waiting entry, and the fault surface.
#include "io_test_support.hpp"

#include "atmbench/crypto/mac.hpp"
#include "atmbench/crypto/pin_block.hpp"
#include "atmbench/crypto/working_keys.hpp"
#include "devices/pin_pad/pin_pad_device.hpp"

namespace atmbench::devices::test {

namespace {
const Bytes kMaster = from_hex("0123456789ABCDEFFEDCBA9876543210");
const Bytes kPik = from_hex("1122334455667788AABBCCDDEEFF0011");
const Bytes kMak = from_hex("89ABCDEF0123456776543210FEDCBA98");
const std::string kPan = "6222021234567890128";

json::object import(const std::string& name, const std::string& usage, const Bytes& value, const std::string& kek = "",
                    const std::string& algorithm = "T") {
    json::object p{{"key", name},
                   {"keyAttributes", json::object{{"keyUsage", usage}, {"algorithm", algorithm}, {"modeOfUse", "E"}}},
                   {"value", b64(value)}};
    if (!kek.empty()) p["decryptKey"] = kek;
    return p;
}
}  // namespace

class PinPadIo : public DeviceIoTest {
protected:
    void SetUp() override { start(make_pin_pad_device()); }
    // TMK in clear, then PIK and MAK wrapped under it, each with its KCV checked.
    void load_keys(WsClient& c) {
        auto tmk = run(c, "KeyManagement.ImportKey", 901, import("TMK", "K0", kMaster));
        ASSERT_EQ(code_of(tmk), "success");
        crypto::BlockKey master = crypto::BlockKey::tdes(kMaster);
        for (auto [name, usage, clear] : {std::tuple{"PIK", "P0", kPik}, std::tuple{"MAK", "M3", kMak}}) {
            json::object p = import(name, usage, crypto::wrap_key(master, clear), "TMK");
            p["verificationData"] = b64(crypto::key_check_value(crypto::BlockKey::tdes(clear)));
            p["verifyAttributes"] = json::object{{"cryptoMethod", "kcvZero"}};
            auto done = run(c, "KeyManagement.ImportKey", 902, p);
            ASSERT_EQ(code_of(done), "success") << json::serialize(done);
        }
    }
};

TEST_F(PinPadIo, ImportsMasterKeyClearAndWorkingKeysWrappedWithKcvCheck) {
    WsClient c(uri("PinPad1"));
    auto tmk = run(c, "KeyManagement.ImportKey", 1, import("TMK", "K0", kMaster));
    ASSERT_EQ(code_of(tmk), "success");
    EXPECT_EQ(payload_of(tmk).at("verificationData").as_string(), b64(crypto::key_check_value(crypto::BlockKey::tdes(kMaster))));
    EXPECT_EQ(payload_of(tmk).at("keyLength").as_int64(), 128);

    crypto::BlockKey master = crypto::BlockKey::tdes(kMaster);
    json::object wrong = import("PIK", "P0", crypto::wrap_key(master, kPik), "TMK");
    wrong["verificationData"] = b64(from_hex("000000"));
    auto rejected = run(c, "KeyManagement.ImportKey", 2, wrong);
    EXPECT_EQ(code_of(rejected), "commandErrorCode");
    EXPECT_EQ(error_code_of(rejected), "signatureInvalid");

    auto clear_working = run(c, "KeyManagement.ImportKey", 3, import("PIK", "P0", kPik));
    EXPECT_EQ(error_code_of(clear_working), "useViolation") << "a working key must come wrapped";
    auto no_kek = run(c, "KeyManagement.ImportKey", 4, import("PIK", "P0", kPik, "NOPE"));
    EXPECT_EQ(error_code_of(no_kek), "keyNotFound");

    load_keys(c);
    auto detail = run(c, "KeyManagement.GetKeyDetail", 5);
    const auto& keys = payload_of(detail).at("keyDetails").as_object();
    ASSERT_EQ(keys.size(), 3u);
    EXPECT_EQ(keys.at("PIK").at("keyUsage").as_string(), "P0");
    EXPECT_EQ(keys.at("PIK").at("keyCheckValue").as_string(), b64(crypto::key_check_value(crypto::BlockKey::tdes(kPik))));
    std::string text = json::serialize(detail) + json::serialize(truth());
    EXPECT_EQ(text.find(b64(kPik)), std::string::npos) << "key values never leave the device";
    EXPECT_EQ(text.find(to_hex(kPik)), std::string::npos);
}

TEST_F(PinPadIo, PinEntryHidesDigitsAndThePinBlockDecryptsToThePin) {
    WsClient c(uri("PinPad1"));
    load_keys(c);
    start_command(c, "Keyboard.PinEntry", 10, json::object{{"minLen", 4}, {"maxLen", 12}, {"autoEnd", false}});
    auto r = act("enterPin", {{"pin", "123456"}});
    EXPECT_EQ(r.at("accepted").as_int64(), 7);
    EXPECT_TRUE(r.at("completed").as_bool());
    EXPECT_EQ(json::serialize(r).find("123456"), std::string::npos);

    std::string wire;
    for (int i = 0; i < 6; ++i) {
        auto ev = c.next();
        ASSERT_TRUE(ev);
        EXPECT_EQ(header_str(*ev, "type"), "event");
        EXPECT_EQ(header_str(*ev, "name"), "Keyboard.KeyEvent");
        EXPECT_EQ(ev->at("header").at("requestId").as_int64(), 10);
        EXPECT_FALSE(payload_of(*ev).contains("digit")) << "PIN digits are not reported (7.3.6.9 b)";
        EXPECT_EQ(payload_of(*ev).at("completion").as_string(), "continue");
        wire += json::serialize(*ev);
    }
    auto enter = c.next();
    ASSERT_TRUE(enter);
    EXPECT_EQ(payload_of(*enter).at("digit").as_string(), "enter");
    EXPECT_EQ(payload_of(*enter).at("completion").as_string(), "enter");
    auto done = c.next();
    ASSERT_TRUE(done);
    EXPECT_EQ(header_str(*done, "type"), "completion");
    EXPECT_EQ(code_of(*done), "success");
    EXPECT_EQ(payload_of(*done).at("digits").as_int64(), 6);
    EXPECT_EQ(payload_of(*done).at("completion").as_string(), "enter");
    wire += json::serialize(*done);
    for (const char* digit : {"one", "two", "three", "four", "five", "six", "123456"})
        EXPECT_EQ(wire.find(digit), std::string::npos) << digit;

    auto block = run(c, "PinPad.GetPinBlock", 11, json::object{{"customerData", kPan}, {"format", "iso0"}, {"key", "PIK"}});
    ASSERT_EQ(code_of(block), "success");
    Bytes enc = unb64(payload_of(block).at("pinBlock").as_string());
    ASSERT_EQ(enc.size(), 8u);
    EXPECT_EQ(crypto::decrypt_pin(crypto::BlockKey::tdes(kPik), enc, kPan), "123456");
    EXPECT_EQ(enc, crypto::encrypt_pin_block(crypto::BlockKey::tdes(kPik), "123456", kPan));

    json::object t = truth();
    EXPECT_EQ(t.at("pinLength").as_int64(), 6);
    EXPECT_TRUE(t.at("pinHeld").as_bool());
    EXPECT_EQ(json::serialize(t).find("123456"), std::string::npos) << "physical truth holds the count only";
}

TEST_F(PinPadIo, Sm4PinBlockUnderAnSm4WorkingKey) {
    WsClient c(uri("PinPad1"));
    ASSERT_EQ(code_of(run(c, "KeyManagement.ImportKey", 1, import("SMK", "K0", kMaster, "", "4"))), "success");
    crypto::BlockKey master = crypto::BlockKey::sm4(kMaster);
    json::object p = import("SPIK", "P0", crypto::wrap_key(master, kPik), "SMK", "4");
    p["keyCheckValue"] = b64(crypto::key_check_value(crypto::BlockKey::sm4(kPik)));
    ASSERT_EQ(code_of(run(c, "KeyManagement.ImportKey", 2, p)), "success");
    start_command(c, "Keyboard.PinEntry", 3, json::object{{"minLen", 4}, {"maxLen", 6}, {"autoEnd", true}});
    act("enterPin", {{"pin", "9876"}, {"then", "none"}});
    act("pressKeys", {{"keys", json::array{"5", "4"}}});
    auto done = c.until("completion", 3);
    ASSERT_TRUE(done);
    EXPECT_EQ(payload_of(*done).at("completion").as_string(), "auto") << "autoEnd at maxLen";
    EXPECT_EQ(payload_of(*done).at("digits").as_int64(), 6);
    auto block = run(c, "PinPad.GetPinBlock", 4, json::object{{"customerData", kPan}, {"format", "iso0"}, {"key", "SPIK"}});
    Bytes enc = unb64(payload_of(block).at("pinBlock").as_string());
    ASSERT_EQ(enc.size(), 16u);
    EXPECT_EQ(crypto::decrypt_pin(crypto::BlockKey::sm4(kPik), enc, kPan), "987654");
}

TEST_F(PinPadIo, GetPinBlockErrors) {
    WsClient c(uri("PinPad1"));
    load_keys(c);
    json::object req{{"customerData", kPan}, {"format", "iso0"}, {"key", "PIK"}};
    EXPECT_EQ(error_code_of(run(c, "PinPad.GetPinBlock", 1, req)), "noPin");
    start_command(c, "Keyboard.PinEntry", 2, json::object{{"minLen", 4}, {"maxLen", 12}});
    act("enterPin", {{"pin", "4321"}});
    ASSERT_TRUE(c.until("completion", 2));
    json::object other = req;
    other["key"] = "NOKEY";
    EXPECT_EQ(error_code_of(run(c, "PinPad.GetPinBlock", 3, other)), "keyNotFound");
    other = req;
    other["format"] = "ibm3624";
    EXPECT_EQ(error_code_of(run(c, "PinPad.GetPinBlock", 4, other)), "formatNotSupported");
    other = req;
    other["key"] = "MAK";
    EXPECT_EQ(error_code_of(run(c, "PinPad.GetPinBlock", 5, other)), "useViolation");
    fault({{"name", "keyNotFound"}, {"at", "getPinBlock"}});
    EXPECT_EQ(error_code_of(run(c, "PinPad.GetPinBlock", 6, req)), "keyNotFound") << "forced by the fault";
    EXPECT_EQ(code_of(run(c, "PinPad.GetPinBlock", 7, req)), "success") << "the fault was one-shot";
}

TEST_F(PinPadIo, EnterBelowMinLenIsIgnoredAndClearStartsOver) {
    WsClient c(uri("PinPad1"));
    start_command(c, "Keyboard.PinEntry", 1, json::object{{"minLen", 4}, {"maxLen", 6}});
    auto r = act("pressKeys", {{"keys", json::array{"1", "2", "enter", "clear", "3", "4", "5", "6", "enter"}}});
    ASSERT_EQ(r.at("ignored").as_array().size(), 1u);
    EXPECT_EQ(r.at("ignored").as_array()[0].at("key").as_string(), "enter");
    std::vector<std::string> completions;
    for (int i = 0; i < 8; ++i) {
        auto ev = c.next();
        ASSERT_TRUE(ev);
        ASSERT_EQ(header_str(*ev, "type"), "event");
        completions.push_back(std::string(payload_of(*ev).at("completion").as_string()));
    }
    EXPECT_EQ(completions, (std::vector<std::string>{"continue", "continue", "clear", "continue", "continue", "continue",
                                                     "continue", "enter"}));
    auto done = c.next();
    EXPECT_EQ(payload_of(*done).at("digits").as_int64(), 4);
}

TEST_F(PinPadIo, CancelKeyEndsTheEntryAndDropsThePin) {
    WsClient c(uri("PinPad1"));
    load_keys(c);
    start_command(c, "Keyboard.PinEntry", 1, json::object{{"minLen", 4}, {"maxLen", 12}});
    act("enterPin", {{"pin", "1234"}, {"then", "cancel"}});
    auto done = c.until("completion", 1);
    ASSERT_TRUE(done);
    EXPECT_EQ(payload_of(*done).at("completion").as_string(), "cancel");
    auto block = run(c, "PinPad.GetPinBlock", 2, json::object{{"customerData", kPan}, {"format", "iso0"}, {"key", "PIK"}});
    EXPECT_EQ(error_code_of(block), "noPin");
}

TEST_F(PinPadIo, CommonCancelEndsAWaitingPinEntry) {
    WsClient c(uri("PinPad1"));
    start_command(c, "Keyboard.PinEntry", 1, json::object{{"minLen", 4}, {"maxLen", 12}});
    act("pressKeys", {{"keys", json::array{"1", "2"}}});
    ASSERT_TRUE(c.next());
    ASSERT_TRUE(c.next());
    c.command("Common.Cancel", 2, json::object{{"requestIds", json::array{1}}});
    auto canceled = c.until("completion", 1);
    ASSERT_TRUE(canceled);
    EXPECT_EQ(code_of(*canceled), "canceled");
    auto later = act("pressKeys", {{"keys", json::array{"3"}}});
    EXPECT_EQ(later.at("accepted").as_int64(), 0);
    EXPECT_EQ(later.at("ignored").as_array()[0].at("why").as_string(), "no entry active");
    EXPECT_EQ(later.at("ignored").as_array()[0].at("key").as_string(), "digit") << "even ignored digits stay hidden";
    EXPECT_EQ(truth().at("pinHeld").as_bool(), false);
}

TEST_F(PinPadIo, HeaderTimeoutEndsAWaitingPinEntry) {
    WsClient c(uri("PinPad1"));
    c.command("Keyboard.PinEntry", 1, json::object{{"maxLen", 4}}, 150);
    auto done = c.until("completion", 1);
    ASSERT_TRUE(done);
    EXPECT_EQ(code_of(*done), "timeOut");
    EXPECT_TRUE(truth().at("entry").is_null());
}

TEST_F(PinPadIo, HangFaultKeepsTheEntryUntilCancelled) {
    WsClient c(uri("PinPad1"));
    fault({{"name", "hang"}, {"at", "pinEntry"}});
    start_command(c, "Keyboard.PinEntry", 1, json::object{{"minLen", 4}, {"maxLen", 4}, {"autoEnd", true}});
    auto r = act("enterPin", {{"pin", "1234"}});
    EXPECT_EQ(r.at("accepted").as_int64(), 0);
    EXPECT_TRUE(truth().at("entry").at("hung").as_bool());
    c.command("Common.Cancel", 2);
    auto first = c.next();  // ack of the cancel
    ASSERT_TRUE(first);
    EXPECT_EQ(header_str(*first, "type"), "acknowledge") << "no KeyEvent came from the hung keyboard";
    auto done = c.until("completion", 1);
    ASSERT_TRUE(done);
    EXPECT_EQ(code_of(*done), "canceled");
}

TEST_F(PinPadIo, DataEntryReportsKeysAndEndsOnAnFdk) {
    WsClient c(uri("PinPad1"));
    start_command(c, "Keyboard.DataEntry", 1, json::object{{"maxLen", 6}});
    auto r = act("pressKeys", {{"keys", json::array{"2", "0", "F3"}}});
    EXPECT_TRUE(r.at("completed").as_bool());
    std::vector<std::string> digits;
    for (int i = 0; i < 3; ++i) digits.push_back(std::string(payload_of(*c.next()).at("digit").as_string()));
    EXPECT_EQ(digits, (std::vector<std::string>{"two", "zero", "fdk03"}));
    auto done = c.next();
    ASSERT_TRUE(done);
    EXPECT_EQ(payload_of(*done).at("completion").as_string(), "fdk");
    EXPECT_EQ(payload_of(*done).at("keys").as_int64(), 3);
    EXPECT_EQ(payload_of(*done).at("data").as_array().size(), 3u);
}

TEST_F(PinPadIo, GenerateAuthenticationIsTheLinkMac) {
    WsClient c(uri("PinPad1"));
    load_keys(c);
    std::string data = "0200 message to authenticate";
    auto done = run(c, "Crypto.GenerateAuthentication", 1,
                    json::object{{"key", "MAK"}, {"data", b64(data)}, {"algorithm", "x9.19"}});
    ASSERT_EQ(code_of(done), "success");
    Bytes expected = crypto::link_mac(crypto::MacAlgorithm::X9_19, crypto::BlockKey::tdes(kMak), view_of(data));
    EXPECT_EQ(unb64(payload_of(done).at("authenticationData").as_string()), expected);
    auto by_usage = run(c, "Crypto.GenerateAuthentication", 2, json::object{{"key", "MAK"}, {"data", b64(data)}});
    EXPECT_EQ(unb64(payload_of(by_usage).at("authenticationData").as_string()), expected) << "M3 implies X9.19";
    auto pik = run(c, "Crypto.GenerateAuthentication", 3, json::object{{"key", "PIK"}, {"data", b64(data)}});
    EXPECT_EQ(error_code_of(pik), "useViolation");
    auto bad = run(c, "Crypto.GenerateAuthentication", 4, json::object{{"key", "MAK"}, {"data", "***"}});
    EXPECT_EQ(code_of(bad), "invalidData");
}

TEST_F(PinPadIo, OfflineAndHardwareErrorFaults) {
    WsClient a(uri("PinPad1")), b(uri("PinPad1"));
    registered(a, 1);
    registered(b, 1);
    fault({{"name", "offline"}});
    for (WsClient* c : {&a, &b}) {
        auto ev = c->next();
        ASSERT_TRUE(ev);
        EXPECT_EQ(header_str(*ev, "name"), "Common.StatusChangedEvent");
        EXPECT_EQ(payload_of(*ev).at("common").at("device").as_string(), "offline");
    }
    EXPECT_EQ(code_of(run(a, "Keyboard.PinEntry", 2, json::object{{"maxLen", 4}})), "deviceNotReady");
    clear_faults();
    ASSERT_TRUE(a.next());  // back online
    fault({{"name", "hardwareError"}, {"at", "pinEntry"}});
    EXPECT_EQ(code_of(run(a, "Keyboard.PinEntry", 3, json::object{{"maxLen", 4}})), "hardwareError");
    EXPECT_EQ(code_of(run(a, "PinPad.GetPinBlock", 4, json::object{{"format", "iso0"}})), "hardwareError")
        << "until reset";
    EXPECT_EQ(code_of(run(a, "KeyManagement.Reset", 5)), "success");
    auto status = run(a, "Common.Status", 6);
    EXPECT_EQ(payload_of(status).at("common").at("device").as_string(), "online");
}

TEST_F(PinPadIo, BadActionsAndFaultsSayWhatWasExpected) {
    try {
        act("pressKeys", {{"keys", json::array{"Z9"}}});
        FAIL() << "no ActionError";
    } catch (const ActionError& e) {
        EXPECT_NE(std::string(e.what()).find("expected 0-9"), std::string::npos) << e.what();
    }
    EXPECT_THROW(act("enterPin", {{"pin", "12a4"}}), ActionError);
    EXPECT_THROW(act("dance"), ActionError);
    try {
        fault({{"name", "paperOut"}});
        FAIL() << "no ActionError";
    } catch (const ActionError& e) {
        EXPECT_NE(std::string(e.what()).find("hang"), std::string::npos) << e.what();
    }
}

}  // namespace atmbench::devices::test
