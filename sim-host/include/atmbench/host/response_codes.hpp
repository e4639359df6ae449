// CUP response codes (F39) with their meaning, terminal handling class and whether the card is captured
// (docs/references.md [ISO8583] §2.1; classes A approve, B retry, C decline, D operator/capture, E system fault).
#pragma once

#include <string>
#include <string_view>

namespace atmbench::host {

struct ResponseCode {
    std::string_view code;
    std::string_view meaning;
    char handling_class;  // 'A'..'E'
    bool capture;         // the issuer asks for the card to be retained (没收卡)
};

// nullptr for a code outside the CUP table: a terminal must treat such a code as a decline (§2.1 注1).
const ResponseCode* find_response_code(std::string_view code);

// Codes the host itself chooses.
namespace rc {
inline constexpr const char* kApproved = "00";
inline constexpr const char* kInvalidTransaction = "12";
inline constexpr const char* kInvalidAmount = "13";
inline constexpr const char* kInvalidCard = "14";
inline constexpr const char* kOriginalNotFound = "25";
inline constexpr const char* kFormatError = "30";
inline constexpr const char* kNotSupported = "40";
inline constexpr const char* kLostCard = "41";
inline constexpr const char* kStolenCard = "43";
inline constexpr const char* kInsufficientFunds = "51";
inline constexpr const char* kExpiredCard = "54";
inline constexpr const char* kWrongPin = "55";
inline constexpr const char* kRestrictedCard = "62";
inline constexpr const char* kAmountLimit = "61";
inline constexpr const char* kOriginalAmountIncorrect = "64";
inline constexpr const char* kCountLimit = "65";
inline constexpr const char* kPinTriesExceeded = "75";
inline constexpr const char* kDuplicate = "94";
inline constexpr const char* kReconcileError = "95";  // settlement totals differ from the host's
inline constexpr const char* kUnknownTerminal = "97";
inline constexpr const char* kMacError = "A0";
}  // namespace rc

}  // namespace atmbench::host
