// End-to-end dispense authorisation (docs/references.md [XFS4IoT] §4, XFS Generic E2E): the host signs a token text
//   NONCE=<hex>,TOKENFORMAT=1,TOKENLENGTH=<4 digits>,DISPENSE1=300.00CNY,…,HMACSHA256=<64 upper hex>
// with HMAC-SHA256 over everything up to and including "HMACSHA256=". The nonce is the one this device handed
// out with Common.GetCommandNonce; TOKENLENGTH is the length of the whole token text in characters. The total
// dispensed under one token, across Dispense calls, must stay within its DISPENSEn amount for that currency.
#pragma once

#include "atmbench/xfs4iot/message.hpp"

#include <cstdint>
#include <map>
#include <string>

namespace atmbench::devices {

class DispenseTokens {
public:
    explicit DispenseTokens(std::string key);  // the raw HMAC key bytes

    std::string new_nonce();  // Common.GetCommandNonce: a fresh nonce; tokens for an older one stop working
    bool clear_nonce();       // Common.ClearCommandNonce; false when there was none
    const std::string& nonce() const { return nonce_; }

    struct Verdict {
        xfs4iot::CompletionCode code = xfs4iot::CompletionCode::Success;
        std::string why;
        bool ok() const { return code == xfs4iot::CompletionCode::Success; }
    };
    // May `token` authorise dispensing `amount` (minor units) of `currency` now? Checks, in this order: a nonce
    // exists (noCommandNonce), the format (invalidTokenFormat), the HMAC (invalidTokenHMAC), the nonce
    // (invalidTokenNonce), and the amount left under the token (invalidToken).
    Verdict authorise(const std::string& token, const std::string& currency, std::int64_t amount) const;
    // Records what a Dispense under `token` actually took out.
    void spent(const std::string& token, const std::string& currency, std::int64_t amount);

    // HMAC-SHA256 of `text` under the key, upper-case hex (also what a test host uses to sign).
    static std::string hmac_hex(const std::string& key, const std::string& text);

private:
    std::string key_;
    std::string nonce_;
    std::map<std::string, std::map<std::string, std::int64_t>> spent_;  // token HMAC → currency → minor units
};

}  // namespace atmbench::devices
