// The encrypting PIN pad (EPP) model: the keyboard entry in progress, the PIN the customer typed, and the key
// store (issue 3; docs/references.md [XFS4IoT] §3 Keyboard, PinPad, KeyManagement, Crypto). No networking.
//
// The PIN never leaves this class except encrypted in a PIN block (7.3.6.9 b: no PIN anywhere in clear — not in
// events, completions, logs or physical truth). Key values never leave it either: only names, attributes, KCVs.
// Crypto is atmbench::crypto (ISO 9564-1 format 0, X9.9/X9.19/CUP/SM4 MACs, KCV, ECB unwrap), not a copy.
//
// Faults (inject_fault / FaultSpec.name):
//   hardwareError (armed; at = pinEntry, dataEntry, getPinBlock, importKey, generateAuthentication, … or any),
//   hang (armed; at = pinEntry or dataEntry: that entry ignores every key and only ends when cancelled or timed
//   out), keyNotFound (armed; at = getPinBlock or generateAuthentication, target = key name or any: the key is
//   reported missing), offline (state: every command deviceNotReady until cleared).
#pragma once

#include "atmbench/common/bytes.hpp"
#include "atmbench/crypto/block_cipher.hpp"
#include "atmbench/devices/fault_plan.hpp"
#include "devices/device_model.hpp"
#include "devices/device_state.hpp"
#include "devices/outcome.hpp"
#include "devices/pin_pad/pin_pad_keys.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::devices {

struct StoredKey {
    crypto::BlockKey key;
    std::string usage;       // X9.143 key usage: K0 key encryption, P0 PIN, M0..M8 MAC, D0 data …
    std::string algorithm;   // "T" 3DES, "D" single DES, "4" SM4 (a proprietary code, X9.143 "0"-"9")
    std::string mode_of_use; // "E", "D", "B", "G", "C" …
    Bytes kcv;               // 3-byte KCV (zero block), never the value
};

struct ImportRequest {
    std::string name;
    std::string usage;
    std::string algorithm;   // may be empty for a wrapped key: it takes the family of decrypt_key
    std::string mode_of_use;
    Bytes value;             // clear for a key-encryption key; else wrapped (ECB) under decrypt_key
    std::string decrypt_key; // "" = value is clear
    std::optional<Bytes> kcv;  // verify before storing (kcvZero)
};

struct ImportResult {
    Outcome outcome;
    Bytes kcv;
    int key_bits = 0;
};

struct CryptoResult {
    Outcome outcome;
    Bytes data;
};

// What one key press did during an entry.
struct KeyStep {
    bool accepted = false;
    std::string why;            // for an ignored key: why ("not active", "no entry active", …)
    boost::json::object event;  // Keyboard.KeyEvent payload; PIN digits carry no "digit" (7.3.6.9 b)
    std::optional<std::string> finished;  // the entry ended: its completion (enter, cancel, auto, fdk, …)
};

class PinPad : public DeviceModel {
public:
    PinPad();
    PinPad(const PinPad&) = delete;
    PinPad& operator=(const PinPad&) = delete;

    // Called whenever the device state changes (Common.StatusChangedEvent).

    // ---- Keyboard
    std::optional<Outcome> start_entry(const EntrySpec& spec);  // nullopt = the entry waits for keys
    bool entry_active() const { return entry_.has_value(); }
    bool entry_hung() const { return entry_ && entry_->hung; }
    KeyStep press(const std::string& xfs_key);
    // The entry was cancelled or timed out: a half-typed PIN is discarded.
    void abandon_entry();
    int entered_count() const { return entry_ ? entry_->count : 0; }
    // After `finished`: the data keys of a DataEntry ([{digit, completion}]) and the entry is closed.
    boost::json::array close_entry();

    // ---- PinPad / Crypto
    CryptoResult pin_block(const std::string& pan, const std::string& format, const std::string& key_name);
    CryptoResult mac(const std::string& key_name, ByteView data, const std::string& algorithm);
    bool has_pin() const { return !pin_.empty(); }
    int pin_length() const { return static_cast<int>(pin_.size()); }

    // ---- KeyManagement
    ImportResult import_key(const ImportRequest& r);
    int delete_keys(const std::string& name);  // "" = all
    const std::map<std::string, StoredKey>& keys() const { return keys_; }
    using DeviceModel::admit;
    // Service reset: ends an entry, forgets the PIN, leaves hardware error; keys stay (XFS PIN reset).
    void reset();

    // ---- Faults, state, truth
    void inject_fault(const FaultSpec& f) override;
    void clear_faults();
    static const std::vector<std::string>& fault_names();
    // {enteredDigits, pinHeld, pinLength, entry:{mode, keysPressed}|null, keys:{name:{usage, algorithm, kcv}}}
    // — the length of the PIN, never its digits.
    boost::json::object physical_truth() const override;

private:
    struct Entry {
        EntrySpec spec;
        int count = 0;
        std::string digits;            // PIN mode: the secret digits so far; data mode: unused
        boost::json::array data_keys;  // data mode: the keys reported
        bool hung = false;
    };
    const StoredKey* find_key(const std::string& name, std::string_view point);

    std::optional<Entry> entry_;
    std::string pin_;  // the last completed PIN entry; only pin_block() reads it
    std::map<std::string, StoredKey> keys_;
};

}  // namespace atmbench::devices
