#include "devices/cash/serial_numbers.hpp"

#include <cstdio>

namespace atmbench::devices {

namespace {
constexpr std::uint64_t kSpace = 100'000'000;  // 8 digits

std::uint64_t splitmix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
}  // namespace

SerialNumbers::SerialNumbers(std::string prefix, std::uint64_t seed) : prefix_(std::move(prefix)) {
    std::uint64_t s = seed;
    for (char c : prefix_) s = s * 131 + static_cast<unsigned char>(c);
    step_ = splitmix(s) % kSpace;
    // Coprime with 10^8 (odd, not a multiple of 5) so i → (i*step + offset) mod 10^8 never repeats.
    if (step_ % 2 == 0) ++step_;
    if (step_ % 5 == 0) step_ += 2;
    step_ %= kSpace;
    offset_ = splitmix(s) % kSpace;
}

std::string SerialNumbers::next() {
    std::uint64_t v = (n_++ * step_ + offset_) % kSpace;
    char digits[16];
    std::snprintf(digits, sizeof digits, "%08llu", static_cast<unsigned long long>(v));
    return prefix_ + digits;
}

}  // namespace atmbench::devices
