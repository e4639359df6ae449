// PinPad: keyboard entries, the held PIN, the key store and the crypto that uses them (see pin_pad.hpp).
#include "devices/pin_pad/pin_pad.hpp"
#include "atmbench/devices/fault_table.hpp"

#include "atmbench/crypto/mac.hpp"
#include "atmbench/crypto/pin_block.hpp"
#include "atmbench/crypto/working_keys.hpp"

#include <boost/json.hpp>

#include <stdexcept>

namespace atmbench::devices {

namespace {
using crypto::CipherFamily;
using crypto::CryptoError;

// X9.143 algorithm codes; "0"-"9" are proprietary and this device uses "4" for SM4 (GB/T 32907), as a CUP
// terminal needs it; "sm4" is accepted too. nullopt = not supported.
std::optional<CipherFamily> family_of(const std::string& algorithm) {
    if (algorithm == "T" || algorithm == "D") return CipherFamily::Tdes;
    if (algorithm == "4" || algorithm == "sm4" || algorithm == "SM4") return CipherFamily::Sm4;
    return std::nullopt;
}

// The MAC a key usage implies when the command names none: M1 = ISO 9797-1 algorithm 1 (X9.9),
// M3 = algorithm 3 (X9.19 retail MAC).
std::string mac_for_usage(const std::string& usage) {
    if (usage == "M1") return "x9.9";
    if (usage == "M3") return "x9.19";
    return "";
}

const std::string kNoKey;
}  // namespace

PinPad::PinPad() = default;

std::optional<Outcome> PinPad::start_entry(const EntrySpec& spec) {
    if (auto refused = health_.admit(faults_, spec.mode == EntryMode::pin ? "pinEntry" : "dataEntry")) return refused;
    if (entry_) return Outcome{Completion::sequenceError, {}, "an entry is already in progress"};
    // §3.1 Keyboard.PinEntry errors: noActivekeys, noTerminatekeys, minimumLength.
    if (spec.active.empty()) return Outcome::error("noActivekeys", "no active keys");
    bool terminates = spec.auto_end && spec.max_len > 0;
    for (const auto& [k, t] : spec.active) terminates = terminates || t;
    if (!terminates) return Outcome::error("noTerminatekeys", "no key ends the entry and autoEnd is off");
    if (spec.max_len > 0 && spec.min_len > spec.max_len)
        return Outcome::error("minimumLength", "minLen is greater than maxLen");
    Entry e;
    e.spec = spec;
    e.hung = faults_.fire("hang", spec.mode == EntryMode::pin ? "pinEntry" : "dataEntry").has_value();
    if (spec.mode == EntryMode::pin) pin_.clear();  // a new PIN entry replaces the held PIN
    entry_ = std::move(e);
    return std::nullopt;
}

KeyStep PinPad::press(const std::string& k) {
    KeyStep s;
    if (!entry_) {
        s.why = "no entry active";
        return s;
    }
    Entry& e = *entry_;
    if (e.hung) {
        s.why = "the keyboard does not respond (hang fault)";
        return s;
    }
    auto it = e.spec.active.find(k);
    if (it == e.spec.active.end()) {
        s.why = "key " + k + " is not active";
        return s;
    }
    const bool pin = e.spec.mode == EntryMode::pin;
    if (is_digit_key(k)) {
        if (e.spec.max_len > 0 && e.count >= e.spec.max_len) {
            s.why = "maximum length reached";
            return s;
        }
        if (pin) e.digits.push_back(digit_of(k));
        ++e.count;
        bool auto_end = e.spec.auto_end && e.spec.max_len > 0 && e.count == e.spec.max_len;
        std::string completion = auto_end ? "auto" : "continue";
        // KeyEvent: during PinEntry the digit property is omitted for 0-9 (XFS4IoT Keyboard.KeyEvent), so the
        // application learns that a key was pressed and nothing else (7.3.6.9 b).
        if (!pin) s.event["digit"] = k;
        s.event["completion"] = completion;
        if (!pin) e.data_keys.push_back(s.event);
        s.accepted = true;
        if (auto_end) {
            s.finished = completion;
            if (pin) pin_ = e.digits;
        }
        return s;
    }
    const bool terminate = it->second;
    if (terminate && pin && k != "cancel" && e.spec.min_len > 0 && e.count < e.spec.min_len) {
        s.why = "only " + std::to_string(e.count) + " of at least " + std::to_string(e.spec.min_len) + " digits";
        return s;
    }
    std::string completion;
    if (k == "enter" || k == "cancel" || k == "clear" || k == "backspace" || k == "help") completion = k;
    else if (k.rfind("fdk", 0) == 0) completion = terminate ? "fdk" : "contFdk";
    else completion = terminate ? "fk" : "continue";
    if (k == "clear") {
        e.digits.clear();
        e.count = 0;
    } else if (k == "backspace" && e.count > 0) {
        if (pin) e.digits.pop_back();
        --e.count;
    }
    s.accepted = true;
    s.event = {{"digit", k}, {"completion", completion}};
    if (!pin) e.data_keys.push_back(s.event);
    if (terminate) {
        s.finished = completion;
        if (pin && k != "cancel") pin_ = e.digits;
    }
    return s;
}

void PinPad::abandon_entry() { entry_.reset(); }

boost::json::array PinPad::close_entry() {
    boost::json::array keys;
    if (entry_) keys = std::move(entry_->data_keys);
    entry_.reset();
    return keys;
}

const StoredKey* PinPad::find_key(const std::string& name, std::string_view point) {
    if (faults_.fire("keyNotFound", point, name)) return nullptr;
    auto it = keys_.find(name);
    return it == keys_.end() ? nullptr : &it->second;
}

CryptoResult PinPad::pin_block(const std::string& pan, const std::string& format, const std::string& key_name) {
    if (auto refused = health_.admit(faults_, "getPinBlock")) return {*refused, {}};
    // §3.1 PinPad.GetPinBlock errors: keyNotFound, useViolation, noPin, formatNotSupported.
    if (format != "iso0") return {Outcome::error("formatNotSupported", "only iso0 is supported"), {}};
    const StoredKey* k = find_key(key_name, "getPinBlock");
    if (!k) return {Outcome::error("keyNotFound", "no key '" + key_name + "'"), {}};
    if (k->usage != "P0") return {Outcome::error("useViolation", "key '" + key_name + "' is not a PIN key (P0)"), {}};
    if (pin_.empty()) return {Outcome::error("noPin", "no PIN has been entered"), {}};
    try {
        return {Outcome::success(), crypto::encrypt_pin_block(k->key, pin_, pan)};
    } catch (const CryptoError& e) {
        return {Outcome::invalid_data(e.what()), {}};  // the library never echoes the PIN
    }
}

CryptoResult PinPad::mac(const std::string& key_name, ByteView data, const std::string& algorithm) {
    if (auto refused = health_.admit(faults_, "generateAuthentication")) return {*refused, {}};
    const StoredKey* k = find_key(key_name, "generateAuthentication");
    if (!k) return {Outcome::error("keyNotFound", "no key '" + key_name + "'"), {}};
    if (k->usage.empty() || k->usage[0] != 'M')
        return {Outcome::error("useViolation", "key '" + key_name + "' is not a MAC key (M0..M8)"), {}};
    std::string alg = algorithm.empty() ? mac_for_usage(k->usage) : algorithm;
    try {
        return {Outcome::success(), crypto::link_mac(crypto::parse_mac_algorithm(alg), k->key, data)};
    } catch (const CryptoError& e) {
        return {Outcome::error("cryptoMethodNotSupported", e.what()), {}};
    }
}

ImportResult PinPad::import_key(const ImportRequest& r) {
    if (auto refused = health_.admit(faults_, "importKey")) return {*refused, {}, 0};
    if (r.name.empty()) return {Outcome::invalid_data("key name missing"), {}, 0};
    if (r.usage.empty()) return {Outcome::invalid_data("keyAttributes.keyUsage missing"), {}, 0};
    if (r.value.empty()) return {Outcome::error("keyNoValue", "no key value"), {}, 0};
    Bytes clear;
    CipherFamily fam = CipherFamily::Tdes;
    bool fam_known = !r.algorithm.empty();
    if (fam_known) {
        auto f = family_of(r.algorithm);
        if (!f) return {Outcome::error("algorithmNotSupported", "algorithm '" + r.algorithm + "' (expected T, D or 4 = SM4)"), {}, 0};
        fam = *f;
    }
    if (r.decrypt_key.empty()) {
        // Test bench: the terminal master key is loaded in clear; every other key arrives wrapped under it.
        if (r.usage != "K0")
            return {Outcome::error("useViolation", "only a key-encryption key (K0) may be loaded in clear"), {}, 0};
        if (!fam_known) return {Outcome::invalid_data("keyAttributes.algorithm missing for a clear key"), {}, 0};
        clear = r.value;
    } else {
        auto kek = keys_.find(r.decrypt_key);
        if (kek == keys_.end()) return {Outcome::error("keyNotFound", "no decryptKey '" + r.decrypt_key + "'"), {}, 0};
        if (kek->second.usage != "K0")
            return {Outcome::error("useViolation", "decryptKey '" + r.decrypt_key + "' is not a key-encryption key"), {}, 0};
        if (!fam_known) fam = kek->second.key.family();
        try {
            clear = crypto::unwrap_key(kek->second.key, r.value);
        } catch (const CryptoError& e) {
            return {Outcome::error("invalidKeyLength", e.what()), {}, 0};
        }
    }
    std::optional<crypto::BlockKey> key;
    try {
        key = crypto::BlockKey::make(fam, clear);
    } catch (const CryptoError& e) {
        return {Outcome::error("invalidKeyLength", e.what()), {}, 0};
    }
    if (r.kcv) {
        if (r.kcv->empty() || r.kcv->size() > key->block_size())
            return {Outcome::invalid_data("key check value must be 1 to block-size bytes"), {}, 0};
        if (crypto::key_check_value(*key, r.kcv->size()) != *r.kcv)
            return {Outcome::error("signatureInvalid", "key check value does not match; key not stored"), {}, 0};
    }
    Bytes kcv = crypto::key_check_value(*key, 3);
    int bits = static_cast<int>(clear.size() * 8);
    std::string algorithm = r.algorithm.empty() ? (fam == CipherFamily::Sm4 ? "4" : "T") : r.algorithm;
    keys_.insert_or_assign(r.name, StoredKey{*key, r.usage, algorithm, r.mode_of_use, kcv});
    return {Outcome::success(), kcv, bits};
}

int PinPad::delete_keys(const std::string& name) {
    if (name.empty()) {
        int n = static_cast<int>(keys_.size());
        keys_.clear();
        return n;
    }
    return static_cast<int>(keys_.erase(name));
}

void PinPad::reset() {
    entry_.reset();
    pin_.clear();
    if (health_.state() == DeviceState::hardwareError) health_.set(DeviceState::online);
}

const std::vector<std::string>& PinPad::fault_names() {
    static const std::vector<std::string> names = devices::fault_names(*fault_table("pinPad"));  // fault_table.cpp
    return names;
}

void PinPad::inject_fault(const FaultSpec& f) {
    if (f.name == "offline") health_.set(DeviceState::offline);
    else if (f.name == "hardwareError" || f.name == "hang" || f.name == "keyNotFound") faults_.arm(f);
    else throw std::invalid_argument("unknown fault '" + f.name + "'");
}

void PinPad::clear_faults() {
    faults_.clear_all();
    if (health_.state() == DeviceState::offline) health_.set(DeviceState::online);
}

boost::json::object PinPad::physical_truth() const {
    boost::json::object keys;
    for (const auto& [name, k] : keys_)
        keys[name] = {{"keyUsage", k.usage}, {"algorithm", k.algorithm}, {"kcv", to_hex(k.kcv)}};
    boost::json::value entry = nullptr;
    if (entry_)
        entry = boost::json::object{{"mode", entry_->spec.mode == EntryMode::pin ? "pin" : "data"},
                                    {"keysCounted", entry_->count},
                                    {"hung", entry_->hung}};
    // Counts only: how many digits are in, how long the held PIN is — never the digits (7.3.6.9 b).
    return {{"device", to_string(health_.state())},
            {"enteredDigits", entered_count()},
            {"pinHeld", has_pin()},
            {"pinLength", pin_length()},
            {"entry", entry},
            {"keys", keys}};
}

}  // namespace atmbench::devices
