#include "wire_redaction.hpp"

#include <boost/json.hpp>

#include <string_view>

namespace atmbench::devices {

namespace {

// Payload keys that carry secrets, wherever they appear in a payload (nested objects included): track and chip
// data of CardReader.ReadRawData, the PIN block of PinPad.GetPinBlock, key values of KeyManagement.ImportKey,
// E2E tokens, ChipIO APDUs.
constexpr std::string_view kSecretKeys[] = {"track1", "track2", "track3", "chip", "pinBlock", "value",
                                            "keyValue", "token", "chipData", "data"};

bool secret_key(std::string_view key) {
    for (auto k : kSecretKeys)
        if (k == key) return true;
    return false;
}

void redact(boost::json::value& v, bool in_secret_context, std::string_view carrier, std::vector<RedactedSecret>* seen) {
    if (v.is_object()) {
        for (auto& kv : v.as_object()) {
            // Only text can hold a secret (track data, a PIN block, a key, a token: hex or base64). A boolean that asks
            // for a track, a number such as a note's value, null: evidence the rules and a certificate read, kept.
            if (secret_key(kv.key()) && in_secret_context && kv.value().is_string()) {
                if (seen && !kv.value().as_string().empty())
                    seen->push_back({std::string(kv.value().as_string()), std::string(carrier) + " " + std::string(kv.key())});
                kv.value() = "<redacted>";
            } else {
                redact(kv.value(), in_secret_context, carrier, seen);
            }
        }
    } else if (v.is_array()) {
        for (auto& e : v.as_array()) redact(e, in_secret_context, carrier, seen);
    }
}

// Interfaces whose payloads may carry secrets under those keys; other interfaces keep "data"/"value" (printed
// receipt text, cash unit values) because the rules read them.
bool secret_interface(std::string_view name) {
    return name.rfind("CardReader.", 0) == 0 || name.rfind("PinPad.", 0) == 0 ||
           name.rfind("KeyManagement.", 0) == 0 || name.rfind("Crypto.", 0) == 0 ||
           name == "CashDispenser.Dispense" || name == "CashDispenser.GetPresentStatus";
}

}  // namespace

void redact_wire_message(boost::json::value& message, std::vector<RedactedSecret>* seen) {
    if (!message.is_object()) return;
    auto& o = message.as_object();
    const boost::json::value* header = o.if_contains("header");
    const boost::json::value* name = header && header->is_object() ? header->as_object().if_contains("name") : nullptr;
    if (!name || !name->is_string()) return;
    if (auto* payload = o.if_contains("payload")) redact(*payload, secret_interface(name->as_string()), name->as_string(), seen);
}

}  // namespace atmbench::devices
