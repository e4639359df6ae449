// PinPadService: XFS4IoT Keyboard / PinPad / KeyManagement / Crypto messages ↔ the PinPad model.
#include "devices/pin_pad/pin_pad_service.hpp"
#include "devices/service_support.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CompletionCode;

namespace {
// activeKeys as 2023-2+ writes it, {"one":{"terminate":false}, "enter":{"terminate":true}}, or as 2021-1 did,
// a list of names with terminateKeys beside it. Unknown names → keyInvalid (§3.1 Keyboard.PinEntry).
std::optional<std::map<std::string, bool>> active_keys(const json::object& p, std::string& bad) {
    const json::value* a = p.if_contains("activeKeys");
    if (!a || a->is_null()) return std::nullopt;
    std::map<std::string, bool> keys;
    auto add = [&](std::string_view name, bool terminate) {
        auto k = pin_pad_key_name(name);
        if (!k) {
            bad = std::string(name);
            return;
        }
        keys[*k] = terminate;
    };
    if (a->is_object()) {
        for (const auto& kv : a->as_object()) {
            bool t = kv.value().is_object() && read_boolean(kv.value().as_object(), "terminate", false);
            add(kv.key(), t);
        }
    } else if (a->is_array()) {
        for (const auto& v : a->as_array())
            if (v.is_string()) add(v.as_string(), false);
        if (const json::value* t = p.if_contains("terminateKeys"); t && t->is_array())
            for (const auto& v : t->as_array())
                if (v.is_string()) add(v.as_string(), true);
    } else {
        throw BadPayload("activeKeys must be an object of key names");
    }
    return keys;
}
}  // namespace

PinPadService::PinPadService(PinPad& model) : model_(model) {
    const auto reset_all = [this](const auto& cmd) { reset(cmd); };
    define_commands({
        {"Keyboard.PinEntry", {}, "collects a PIN from the customer's keys", [this](const auto& cmd) { pin_entry(cmd, EntryMode::pin); }},
        {"Keyboard.DataEntry", {}, "collects data keys", [this](const auto& cmd) { pin_entry(cmd, EntryMode::data); }},
        {"Keyboard.Reset", {}, "resets the PIN pad", reset_all},
        {"PinPad.GetPinBlock", {}, "the entered PIN as a PIN block under a loaded key", [this](const auto& cmd) { get_pin_block(cmd); }},
        {"PinPad.Reset", {}, "resets the PIN pad", reset_all},
        {"KeyManagement.ImportKey", {"3.0", false}, "loads a key, clear or under a KEK, checked by its KCV",
         [this](const auto& cmd) { import_key(cmd); }},
        {"KeyManagement.DeleteKey", {"3.0", false}, "deletes a key", [this](const auto& cmd) { delete_key(cmd); }},
        // Information: answered at once (§2, KAL).
        {"KeyManagement.GetKeyDetail", {"2.0", true}, "lists the loaded keys", [this](const auto& cmd) { key_detail(cmd); }},
        {"KeyManagement.Reset", {}, "resets the PIN pad", reset_all},
        {"Crypto.GenerateAuthentication", {"3.0", false}, "a MAC over the data under a loaded key",
         [this](const auto& cmd) { generate_authentication(cmd); }},
    });
}

void PinPadService::pin_entry(const std::shared_ptr<Command>& cmd, EntryMode mode) {
    const json::object& p = payload_fields(*cmd);
    EntrySpec spec;
    spec.mode = mode;
    spec.min_len = mode == EntryMode::pin ? read_integer(p, "minLen", 0, 0, 1000) : 0;
    spec.max_len = read_integer(p, "maxLen", 0, 0, 1000);
    spec.auto_end = read_boolean(p, "autoEnd", false);
    std::string bad;
    auto keys = active_keys(p, bad);
    if (!bad.empty()) return cmd->complete_error("keyInvalid", "no key named '" + bad + "'");
    spec.active = keys ? *keys : EntrySpec::default_keys(mode);
    if (auto refused = model_.start_entry(spec)) return finish(*cmd, *refused);
    entry_ = cmd;
    // Cancel, timeout or disconnect: the entry ends and a half-typed PIN is dropped.
    cmd->on_stop([this] {
        model_.abandon_entry();
        entry_.reset();
    });
}

json::value PinPadService::press_keys(const std::vector<std::string>& keys) {
    json::array ignored;
    int accepted = 0;
    bool completed = false;
    for (const std::string& k : keys) {
        KeyStep s = model_.press(k);
        std::string reported = is_digit_key(k) ? "digit" : k;  // 7.3.6.9 b: not even the control log sees digits
        if (!s.accepted) {
            ignored.push_back({{"key", reported}, {"why", s.why}});
            continue;
        }
        ++accepted;
        if (entry_) entry_->event("Keyboard.KeyEvent", s.event);
        if (s.finished && entry_) {
            auto cmd = std::move(entry_);
            entry_.reset();
            int count = model_.entered_count();
            json::array data = model_.close_entry();
            json::object done;
            if (cmd->name() == "Keyboard.PinEntry") {
                done = {{"digits", count}, {"completion", *s.finished}};
            } else {
                // DataEntry {keys: how many entries `data` holds, data: [{digit, completion}]}.
                done = {{"keys", data.size()}, {"data", std::move(data)}, {"completion", *s.finished}};
            }
            cmd->complete(CompletionCode::Success, std::move(done));
            completed = true;
        }
    }
    return json::object{{"accepted", accepted}, {"ignored", std::move(ignored)}, {"completed", completed}};
}

void PinPadService::get_pin_block(const std::shared_ptr<Command>& cmd) {
    const json::object& p = payload_fields(*cmd);
    CryptoResult r = model_.pin_block(read_text(p, "customerData"), read_text(p, "format"), read_text(p, "key"));
    finish(*cmd, r.outcome, json::object{{"pinBlock", base64_encode(r.data)}});
}

void PinPadService::import_key(const std::shared_ptr<Command>& cmd) {
    const json::object& p = payload_fields(*cmd);
    ImportRequest r;
    r.name = read_text(p, "key");
    json::object attrs;
    if (const json::value* a = p.if_contains("keyAttributes"); a && a->is_object()) attrs = a->as_object();
    r.usage = read_text(attrs, "keyUsage", read_text(p, "use"));
    r.algorithm = read_text(attrs, "algorithm", read_text(p, "algorithm"));
    r.mode_of_use = read_text(attrs, "modeOfUse");
    // XFS4IoT carries binary data as base64 (§3.1); anything else in such a field is invalidData.
    r.value = read_base64_bytes(read_text(p, "value"), "value");
    r.decrypt_key = read_text(p, "decryptKey");
    std::string method = read_text(p, "decryptMethod", "ecb");
    if (!r.decrypt_key.empty() && method != "ecb")
        return cmd->complete_error("cryptoMethodNotSupported", "only ecb unwrapping is supported");
    // The KCV to verify: verificationData with verifyAttributes.cryptoMethod kcvZero (the spec's way), or the
    // bench's shorthand keyCheckValue. kcvSelf is not supported.
    std::string check = read_text(p, "verificationData", read_text(p, "keyCheckValue"));
    if (!check.empty()) {
        if (const json::value* va = p.if_contains("verifyAttributes"); va && va->is_object()) {
            std::string m = read_text(va->as_object(), "cryptoMethod", "kcvZero");
            if (m == "kcvNone") check.clear();
            else if (m != "kcvZero") return cmd->complete_error("signatureNotSupported", "only kcvZero is supported");
        }
    }
    if (!check.empty()) r.kcv = read_base64_bytes(check, "verificationData");
    std::string before = encryption_state();
    ImportResult res = model_.import_key(r);
    finish(*cmd, res.outcome,
           json::object{{"verificationData", base64_encode(res.kcv)},
                        {"verifyAttributes", json::object{{"cryptoMethod", "kcvZero"}}},
                        {"keyLength", res.key_bits}});
    key_store_changed(before);
}

void PinPadService::key_detail(const std::shared_ptr<Command>& cmd) {
    std::string only = read_text(payload_fields(*cmd), "keyName");
    json::object details;
    for (const auto& [name, k] : model_.keys()) {
        if (!only.empty() && name != only) continue;
        // Names, attributes and KCVs; the value never leaves the device.
        details[name] = {{"loaded", true},
                         {"keyUsage", k.usage},
                         {"algorithm", k.algorithm},
                         {"modeOfUse", k.mode_of_use},
                         {"keyCheckValue", base64_encode(k.kcv)}};
    }
    if (!only.empty() && details.empty()) return cmd->complete_error("keyNotFound", "no key '" + only + "'");
    cmd->complete(CompletionCode::Success, json::object{{"keyDetails", std::move(details)}});
}

void PinPadService::delete_key(const std::shared_ptr<Command>& cmd) {
    if (auto refused = model_.admit("deleteKey")) return finish(*cmd, *refused);
    std::string name = read_text(payload_fields(*cmd), "key");
    std::string before = encryption_state();
    if (model_.delete_keys(name) == 0 && !name.empty()) return cmd->complete_error("keyNotFound", "no key '" + name + "'");
    cmd->complete(CompletionCode::Success);
    key_store_changed(before);
}

void PinPadService::generate_authentication(const std::shared_ptr<Command>& cmd) {
    const json::object& p = payload_fields(*cmd);
    Bytes data = read_base64_bytes(read_text(p, "data"), "data");
    CryptoResult r = model_.mac(read_text(p, "key"), data, read_text(p, "algorithm"));
    finish(*cmd, r.outcome, json::object{{"authenticationData", base64_encode(r.data)}});
}

void PinPadService::reset(const std::shared_ptr<Command>& cmd) {
    if (auto refused = model_.admit("reset")) return finish(*cmd, *refused);
    model_.reset();
    cmd->complete(CompletionCode::Success);
}

std::string PinPadService::encryption_state() const { return model_.keys().empty() ? "notInitialized" : "ready"; }

void PinPadService::key_store_changed(const std::string& before) {
    std::string now = encryption_state();
    if (now != before) status_changed({{"keyManagement", json::object{{"encryptionState", now}}}});
}

void PinPadService::device_state_changed() {
    status_changed({{"common", json::object{{"device", to_string(model_.device_state())}}}});
}

json::object PinPadService::status() const {
    return {{"common", json::object{{"device", to_string(model_.device_state())}}},
            {"keyboard", json::object{{"autoBeepMode", json::object{{"active", false}, {"inActive", false}}}}},
            {"keyManagement", json::object{{"encryptionState", encryption_state()}}}};
}

json::object PinPadService::capabilities() const {
    return {{"pinPad", json::object{{"pinFormats", json::object{{"iso0", true}}}}},
            {"keyManagement", json::object{{"maxKeys", 64},
                                           {"keyCheckModes", json::object{{"zero", true}, {"self", false}}}}},
            {"crypto", json::object{{"authenticationAlgorithms", json::array{"x9.9", "x9.19", "cup-ecb", "sm4-cbc"}}}}};
}

}  // namespace atmbench::devices
