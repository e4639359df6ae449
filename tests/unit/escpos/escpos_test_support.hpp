// What the ESC/POS tests share: bytes from text and hex, and the receipt every test prints.
#pragma once

#include "atmbench/escpos/parser.hpp"

#include <string_view>

namespace atmbench::escpos::test {

inline Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

inline Bytes join(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// "交易成功 金额 100.00" in GB18030, worked out by hand from the GB2312 rows (交 BDBB, 易 D2D7, 成 B3C9, 功 B9A6,
// 金 BDF0, 额 B6EE) — our own vector, not an encoder's output.
inline const Bytes kTradeOkGb18030{0xBD, 0xBB, 0xD2, 0xD7, 0xB3, 0xC9, 0xB9, 0xA6, ' ', 0xBD, 0xF0, 0xB6, 0xEE,
                                   ' ',  '1',  '0',  '0',  '.',  '0',  '0'};
inline constexpr std::string_view kTradeOkUtf8 = "交易成功 金额 100.00";

}  // namespace atmbench::escpos::test
