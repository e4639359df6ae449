// The PinPad suite, for a service declaring Keyboard (and PinPad, KeyManagement, Crypto where declared): PIN and
// data entry with their key events, key loading checked by KCV, the PIN block and a MAC against published-style
// vectors the bench computed independently (docs/references.md [XFS4IoT] §3 Keyboard/PinPad/Crypto/KeyManagement,
// §3.1 Keyboard.PinEntry, PinPad.GetPinBlock). The customer's fingers come from the operator (enterPin, pressKeys).
#include "suites.hpp"

#include "atmbench/common/base64.hpp"
#include "atmbench/common/bytes.hpp"

#include <boost/json.hpp>

#include <thread>

namespace atmbench::certify::suites_detail {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

const char* kSuite = "PinPad";
const milliseconds kBound{5000};

// Test keys (TEST ONLY), double-length 3DES, and what follows from them; computed outside the bench with OpenSSL
// (des-ede ECB/CBC), not with the bench's crypto, so a shared bug cannot agree with itself.
//   KEK (K0) 0123456789ABCDEFFEDCBA9876543210, KCV 08D7B4 (the well-known vector of this key)
//   PIK (P0) A1B2C3D4E5F60718293A4B5C6D7E8F90, KCV 76CDB5, under the KEK (ECB) FD7AF640961CDB8B5CCFBE13B358FE6E
//   MAK (M3) 0F1E2D3C4B5A69788796A5B4C3D2E1F0, KCV 819DB1, under the KEK (ECB) BDBE59C77CF56415BAB6EAD19B49AD8C
//   ISO 9564 format 0, PIN 1234, PAN 4111111111111111: clear 041225EEEEEEEEEE, under the PIK 382DAE098C19D199
//   ISO 9797-1 MAC algorithm 3 (X9.19, padding 1) of "atmbench certify" under the MAK: A084388293CD118D
struct TestKey {
    const char* name;
    const char* usage;  // X9.143 key usage
    const char* mode;   // X9.143 mode of use
    const char* value;  // hex: clear for the KEK, wrapped under the KEK for the others
    const char* kcv;    // hex, kcvZero, 3 bytes
    bool wrapped;
};
const TestKey kKek{"atmbenchCertKEK", "K0", "B", "0123456789ABCDEFFEDCBA9876543210", "08D7B4", false};
const TestKey kPik{"atmbenchCertPIK", "P0", "E", "FD7AF640961CDB8B5CCFBE13B358FE6E", "76CDB5", true};
const TestKey kMak{"atmbenchCertMAK", "M3", "C", "BDBE59C77CF56415BAB6EAD19B49AD8C", "819DB1", true};
const char* kPin = "1234";
const char* kPan = "4111111111111111";
const char* kPinBlock = "382DAE098C19D199";
const char* kMacData = "atmbench certify";
const char* kMac = "A084388293CD118D";

const char* kDigitKeys[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};

std::string b64_of_hex(const std::string& hex) {
    Bytes b = from_hex(hex);
    return base64_encode(b);
}

// The hex of a base64 field, "" when absent or not base64.
std::string hex_of_b64(const std::string& b64) {
    auto raw = base64_decode(b64);
    return raw && !raw->empty() ? to_hex(*raw) : std::string();
}

// 2024-03 activeKeys: {name: {terminate}} (§3.1 Keyboard.PinEntry).
json::object active_keys() {
    json::object keys;
    for (const char* d : kDigitKeys) keys[d] = json::object{{"terminate", false}};
    keys["clear"] = json::object{{"terminate", false}};
    keys["backspace"] = json::object{{"terminate", false}};
    keys["enter"] = json::object{{"terminate", true}};
    keys["cancel"] = json::object{{"terminate", true}};
    return keys;
}

json::object import_payload(const TestKey& k, const std::string& kcv_hex) {
    json::object p{{"key", k.name},
                   {"keyAttributes", json::object{{"keyUsage", k.usage}, {"algorithm", "T"}, {"modeOfUse", k.mode}}},
                   {"value", b64_of_hex(k.value)},
                   {"verificationData", b64_of_hex(kcv_hex)},
                   {"verifyAttributes", json::object{{"keyUsage", "00"}, {"algorithm", "T"}, {"modeOfUse", "V"}, {"cryptoMethod", "kcvZero"}}}};
    if (k.wrapped) {
        p["decryptKey"] = kKek.name;
        p["decryptMethod"] = "ecb";
    }
    return p;
}

bool is_digit_name(const std::string& s) {
    if (s.size() == 1 && s[0] >= '0' && s[0] <= '9') return true;
    for (const char* d : kDigitKeys)
        if (s == d) return true;
    return false;
}

class PadSteps {
public:
    PadSteps(SuiteContext& ctx, Check& c) : s_(ctx.session()), c_(c) {}

    // An entry command the operator answers with `action`; completed, or cancelled when the bound passed.
    Exchange entry(const std::string& command, const json::object& payload, const std::string& action, json::object args,
                   const std::string& prompt) {
        Exchange ex = s_.start(command, payload);
        if (!ex.accepted()) return ex;
        // No event says the keyboard is live: give the service a moment to start the entry.
        std::this_thread::sleep_for(milliseconds(300));
        if (c_.act(action, std::move(args), prompt, milliseconds(60000))) s_.finish(ex, kBound);
        if (ex.code().empty()) {
            s_.call("Common.Cancel", json::object{{"requestIds", json::array{ex.request_id}}});
            s_.finish(ex, milliseconds(3000));
        }
        return ex;
    }

    Exchange pin_entry() {
        return entry("Keyboard.PinEntry",
                     {{"minLen", 4}, {"maxLen", 6}, {"autoEnd", false}, {"echo", "*"}, {"activeKeys", active_keys()}},
                     "enterPin", {{"pin", kPin}}, std::string("type the PIN ") + kPin + " and press Enter");
    }

    Exchange pin_block(const std::string& key) {
        return s_.call("PinPad.GetPinBlock", json::object{{"customerData", kPan}, {"format", "iso0"}, {"key", key}}, {kBound});
    }

    // keyDetails.<name>, nullptr when the service does not list it.
    const json::object* key_detail(Exchange& ex, const std::string& name) {
        ex = s_.call("KeyManagement.GetKeyDetail");
        return object_at(ex.payload(), {"keyDetails", name.c_str()});
    }

private:
    ServiceSession& s_;
    Check& c_;
};

}  // namespace

void pin_pad_suite(SuiteContext& ctx) {
    ServiceSession& s = ctx.session();
    const ServiceInfo& info = ctx.info();
    const bool keys = info.has_command("KeyManagement.ImportKey");
    const bool details = info.has_command("KeyManagement.GetKeyDetail");
    bool kek_loaded = false, pik_loaded = false, mak_loaded = false;

    ctx.check(kSuite, "PIN-KEY-IMPORT-CLEAR", "ImportKey of a clear key-encryption key with its zero-block KCV succeeds and answers that KCV",
              "XFS4IoT 2024-03 §3 KeyManagement.ImportKey (3.0; verificationData, verifyAttributes.cryptoMethod kcvZero)", [&](Check& c) {
                  if (!keys) return c.skip("KeyManagement.ImportKey not declared");
                  Exchange ex = s.call("KeyManagement.ImportKey", import_payload(kKek, kKek.kcv), {kBound});
                  c.evidence(ex);
                  kek_loaded = ex.code() == "success";
                  if (!c.expect(kek_loaded, "ImportKey of the test KEK with its right KCV: " + ex.summary())) return;
                  // The completion's verificationData, when given, is the KCV of what was loaded.
                  std::string kcv = hex_of_b64(text_at(ex.payload(), {"verificationData"}));
                  if (!kcv.empty())
                      c.expect(kcv.rfind(kKek.kcv, 0) == 0, "completion verificationData " + kcv + ", the key's KCV is " + kKek.kcv);
                  c.measure("kcv", json::value(kcv));
              });

    ctx.check(kSuite, "PIN-KEY-WRONG-KCV", "ImportKey with a KCV that does not match the key is refused and nothing is stored",
              "XFS4IoT 2024-03 §3 KeyManagement.ImportKey (verificationData), KeyManagement.GetKeyDetail", [&](Check& c) {
                  if (!keys) return c.skip("KeyManagement.ImportKey not declared");
                  TestKey bad = kKek;
                  bad.name = "atmbenchCertBadKcv";
                  Exchange ex = s.call("KeyManagement.ImportKey", import_payload(bad, "000000"), {kBound});
                  c.evidence(ex);
                  c.measure("errorCode", json::value(ex.error_code()));
                  c.expect(ex.code() != "success" && !ex.code().empty(), "ImportKey with KCV 000000 (the key's is 08D7B4): " + ex.summary());
                  if (!details) return;
                  Exchange d;
                  PadSteps steps(ctx, c);
                  const json::object* listed = steps.key_detail(d, bad.name);
                  c.evidence(d);
                  c.expect(listed == nullptr, "GetKeyDetail lists " + std::string(bad.name) + " although its import was refused");
                  if (listed) s.call("KeyManagement.DeleteKey", json::object{{"key", bad.name}});
              });

    ctx.check(kSuite, "PIN-KEY-IMPORT-WRAPPED", "ImportKey of a PIN key and a MAC key encrypted (ECB) under the loaded KEK, each with its KCV, succeeds",
              "XFS4IoT 2024-03 §3 KeyManagement.ImportKey (decryptKey, decryptMethod ecb, verificationData kcvZero)", [&](Check& c) {
                  if (!keys) return c.skip("KeyManagement.ImportKey not declared");
                  if (!kek_loaded) return c.skip("the test KEK could not be loaded (PIN-KEY-IMPORT-CLEAR)");
                  for (const TestKey* k : {&kPik, &kMak}) {
                      Exchange ex = s.call("KeyManagement.ImportKey", import_payload(*k, k->kcv), {kBound});
                      c.evidence(ex);
                      bool ok = c.expect(ex.code() == "success", std::string("ImportKey ") + k->usage + " under the KEK: " + ex.summary());
                      (k == &kPik ? pik_loaded : mak_loaded) = ok;
                      std::string kcv = hex_of_b64(text_at(ex.payload(), {"verificationData"}));
                      if (ok && !kcv.empty())
                          c.expect(kcv.rfind(k->kcv, 0) == 0, std::string(k->name) + " completion verificationData " + kcv + ", expected " + k->kcv);
                  }
              });

    ctx.check(kSuite, "PIN-KEY-DETAIL", "GetKeyDetail lists every imported key under its name with its key usage",
              "XFS4IoT 2024-03 §3 KeyManagement.GetKeyDetail (keyDetails)", [&](Check& c) {
                  if (!details) return c.skip("KeyManagement.GetKeyDetail not declared");
                  if (!kek_loaded) return c.skip("no test key was loaded");
                  PadSteps steps(ctx, c);
                  Exchange ex;
                  for (const TestKey* k : {&kKek, &kPik, &kMak}) {
                      if ((k == &kPik && !pik_loaded) || (k == &kMak && !mak_loaded)) continue;
                      const json::object* d = steps.key_detail(ex, k->name);
                      if (k == &kKek) c.evidence(ex);
                      if (!c.expect(d != nullptr, "keyDetails has no " + std::string(k->name) + ": " + ex.summary())) continue;
                      std::string usage = text_at(*d, {"keyUsage"});
                      c.expect(usage == k->usage, std::string(k->name) + " keyUsage '" + usage + "', imported as " + k->usage);
                  }
              });

    const bool pin_block = info.has_command("PinPad.GetPinBlock");
    const bool pin_entry = info.has_command("Keyboard.PinEntry");

    // Before any PinEntry on this service: there is no PIN to encrypt.
    ctx.check(kSuite, "PIN-PINBLOCK-NO-PIN", "GetPinBlock with no PIN entered completes commandErrorCode noPin",
              "XFS4IoT 2024-03 §3.1 PinPad.GetPinBlock (errorCode noPin)", [&](Check& c) {
                  if (!pin_block) return c.skip("PinPad.GetPinBlock not declared");
                  if (!pik_loaded) return c.skip("no PIN key loaded (PIN-KEY-IMPORT-WRAPPED): the answer could be keyNotFound");
                  PadSteps steps(ctx, c);
                  Exchange ex = steps.pin_block(kPik.name);
                  c.evidence(ex);
                  c.expect(ex.code() == "commandErrorCode" && ex.error_code() == "noPin", "GetPinBlock before any PinEntry: " + ex.summary());
              });

    ctx.check(kSuite, "PIN-ENTRY", "PinEntry: one KeyEvent per key pressed, none revealing a digit; completes success with digits = PIN length and completion enter",
              "XFS4IoT 2024-03 §3.1 Keyboard.PinEntry (activeKeys object form; {digits, completion}), §3 Keyboard.KeyEvent", [&](Check& c) {
                  if (!pin_entry) return c.skip("Keyboard.PinEntry not declared");
                  PadSteps steps(ctx, c);
                  Exchange ex = steps.pin_entry();
                  c.evidence(ex);
                  if (c.skipped()) return;
                  if (!c.expect(ex.code() == "success", "PinEntry: " + ex.summary())) return;
                  auto key_events = ex.events_named("Keyboard.KeyEvent");
                  const std::size_t pressed = std::string(kPin).size() + 1;  // the digits and Enter
                  c.measure("keyEvents", static_cast<std::int64_t>(key_events.size()));
                  c.expect(key_events.size() == pressed, std::to_string(key_events.size()) + " KeyEvents for " + std::to_string(pressed) + " keys pressed");
                  for (const auto* e : key_events) {
                      const json::object* p = object_at(*e, {"payload"});
                      std::string digit = p ? text_at(*p, {"digit"}) : "";
                      c.expect(!is_digit_name(digit), "a PinEntry KeyEvent reveals the digit pressed: " + json::serialize(*e));
                  }
                  if (!key_events.empty()) {
                      const json::object* last = object_at(*key_events.back(), {"payload"});
                      std::string completion = last ? text_at(*last, {"completion"}) : "";
                      c.expect(completion == "enter", "the last KeyEvent (Enter) has completion '" + completion + "'");
                  }
                  auto digits = int_at(ex.payload(), {"digits"});
                  c.expect(digits && *digits == static_cast<std::int64_t>(std::string(kPin).size()),
                           "completion digits " + (digits ? std::to_string(*digits) : std::string("absent")) + " for a " +
                               std::to_string(std::string(kPin).size()) + "-digit PIN");
                  c.expect(text_at(ex.payload(), {"completion"}) == "enter", "completion '" + text_at(ex.payload(), {"completion"}) + "', Enter ended it");
              });

    ctx.check(kSuite, "PIN-PINBLOCK", "GetPinBlock iso0 after PinEntry of 1234: the 8-byte block the bench computed under the loaded PIN key",
              "XFS4IoT 2024-03 §3.1 PinPad.GetPinBlock (format iso0, customerData, key → pinBlock base64)", [&](Check& c) {
                  if (!pin_block || !pin_entry) return c.skip("PinPad.GetPinBlock or Keyboard.PinEntry not declared");
                  if (!pik_loaded) return c.skip("no PIN key loaded (PIN-KEY-IMPORT-WRAPPED)");
                  PadSteps steps(ctx, c);
                  Exchange entry = steps.pin_entry();
                  if (c.skipped()) return;
                  if (!c.expect(entry.code() == "success", "PinEntry: " + entry.summary())) return;
                  Exchange ex = steps.pin_block(kPik.name);
                  c.evidence(ex);
                  if (!c.expect(ex.code() == "success", "GetPinBlock iso0: " + ex.summary())) return;
                  std::string block = hex_of_b64(text_at(ex.payload(), {"pinBlock"}));
                  c.expect(block.size() == 16, "pinBlock is not 8 bytes of base64: '" + text_at(ex.payload(), {"pinBlock"}) + "'");
                  c.expect(block == kPinBlock, "pinBlock " + block + ", expected " + kPinBlock + " (ISO 9564 format 0 of the PIN typed, PAN " + kPan + ")");
                  // The MAC key may not encrypt PINs.
                  if (mak_loaded) {
                      Exchange wrong = steps.pin_block(kMak.name);
                      c.evidence(wrong);
                      c.expect(wrong.code() != "success", "GetPinBlock under a MAC key (M3) succeeded: " + wrong.summary());
                  }
              });

    ctx.check(kSuite, "PIN-DATA-ENTRY", "DataEntry echoes each key in a KeyEvent {digit, completion} and completes success with completion enter",
              "XFS4IoT 2024-03 §3 Keyboard.DataEntry, Keyboard.KeyEvent {digit, completion}", [&](Check& c) {
                  if (!info.has_command("Keyboard.DataEntry")) return c.skip("Keyboard.DataEntry not declared");
                  PadSteps steps(ctx, c);
                  Exchange ex = steps.entry("Keyboard.DataEntry", {{"maxLen", 4}, {"autoEnd", false}, {"activeKeys", active_keys()}}, "pressKeys",
                                            {{"keys", json::array{"3", "1", "4", "enter"}}}, "press 3, 1, 4 and Enter");
                  c.evidence(ex);
                  if (c.skipped()) return;
                  if (!c.expect(ex.code() == "success", "DataEntry: " + ex.summary())) return;
                  std::vector<std::string> want{"three", "one", "four", "enter"}, got;
                  for (const auto* e : ex.events_named("Keyboard.KeyEvent")) {
                      const json::object* p = object_at(*e, {"payload"});
                      got.push_back(p ? text_at(*p, {"digit"}) : "");
                  }
                  std::string seen;
                  for (const auto& g : got) seen += (seen.empty() ? "" : ",") + g;
                  c.expect(got == want, "KeyEvent digits [" + seen + "], keys pressed [three,one,four,enter]");
                  c.expect(text_at(ex.payload(), {"completion"}) == "enter", "completion '" + text_at(ex.payload(), {"completion"}) + "', Enter ended it");
              });

    ctx.check(kSuite, "PIN-MAC", "GenerateAuthentication under an M3 key gives the ISO 9797-1 algorithm 3 MAC the bench computed",
              "XFS4IoT 2024-03 §3 Crypto.GenerateAuthentication (3.0; key, data → authenticationData)", [&](Check& c) {
                  if (!info.has_command("Crypto.GenerateAuthentication")) return c.skip("Crypto.GenerateAuthentication not declared");
                  if (!mak_loaded) return c.skip("no MAC key loaded (PIN-KEY-IMPORT-WRAPPED)");
                  Exchange ex = s.call("Crypto.GenerateAuthentication",
                                       json::object{{"key", kMak.name}, {"data", base64_encode(std::string_view(kMacData))}}, {kBound});
                  c.evidence(ex);
                  if (!c.expect(ex.code() == "success", "GenerateAuthentication: " + ex.summary())) return;
                  std::string mac = hex_of_b64(text_at(ex.payload(), {"authenticationData"}));
                  c.expect(mac == kMac, "authenticationData " + mac + ", expected " + kMac + " (X9.19 of \"" + kMacData + "\")");
              });

    ctx.check(kSuite, "PIN-KEY-DELETE", "DeleteKey removes each test key: GetKeyDetail no longer lists it, and deleting it again is keyNotFound",
              "XFS4IoT 2024-03 §3 KeyManagement.DeleteKey (3.0), KeyManagement.GetKeyDetail", [&](Check& c) {
                  if (!kek_loaded) return c.skip("no test key was loaded");
                  if (!info.has_command("KeyManagement.DeleteKey")) return c.skip("KeyManagement.DeleteKey not declared: the test keys stay loaded");
                  PadSteps steps(ctx, c);
                  for (const TestKey* k : {&kMak, &kPik, &kKek}) {
                      if ((k == &kPik && !pik_loaded) || (k == &kMak && !mak_loaded)) continue;
                      Exchange del = s.call("KeyManagement.DeleteKey", json::object{{"key", k->name}}, {kBound});
                      c.evidence(del);
                      c.expect(del.code() == "success", std::string("DeleteKey ") + k->name + ": " + del.summary());
                      if (details) {
                          Exchange d;
                          c.expect(steps.key_detail(d, k->name) == nullptr, "GetKeyDetail still lists " + std::string(k->name) + " after DeleteKey");
                      }
                  }
                  Exchange again = s.call("KeyManagement.DeleteKey", json::object{{"key", kKek.name}}, {kBound});
                  c.evidence(again);
                  c.expect(again.code() == "commandErrorCode" && again.error_code() == "keyNotFound", "DeleteKey of a deleted key: " + again.summary());
              });
}

}  // namespace atmbench::certify::suites_detail
