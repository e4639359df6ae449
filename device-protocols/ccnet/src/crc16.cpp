#include "atmbench/ccnet/crc16.hpp"

namespace atmbench::ccnet {

std::uint16_t crc16(std::span<const std::uint8_t> bytes) {
    // Bit by bit, least significant first: the polynomial is the reflected form of 0x1021 (CRC-16/KERMIT).
    std::uint16_t crc = 0;
    for (std::uint8_t b : bytes) {
        crc ^= b;
        for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? static_cast<std::uint16_t>((crc >> 1) ^ 0x8408) : crc >> 1;
    }
    return crc;
}

}  // namespace atmbench::ccnet
