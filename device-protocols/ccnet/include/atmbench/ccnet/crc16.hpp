// The CCNET check (harness-usb.md §3.1): CRC-16 with the reflected polynomial 0x8408, initial value 0, over every
// byte of the frame before the CRC (SYNC included), sent low byte first. The same CRC as JCM ID-003.
#pragma once

#include <cstdint>
#include <span>

namespace atmbench::ccnet {

std::uint16_t crc16(std::span<const std::uint8_t> bytes);

}  // namespace atmbench::ccnet
