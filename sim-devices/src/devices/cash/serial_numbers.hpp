// Deterministic serial numbers (冠字号) for generated notes: the same prefix and seed always give the same
// sequence, and a sequence never repeats within 10^8 notes. Shape: prefix letters followed by 8 digits.
#pragma once

#include <cstdint>
#include <string>

namespace atmbench::devices {

class SerialNumbers {
public:
    SerialNumbers(std::string prefix, std::uint64_t seed);
    std::string next();
    const std::string& prefix() const { return prefix_; }

private:
    std::string prefix_;
    std::uint64_t step_;    // odd and not a multiple of 5: a permutation of 0 … 10^8-1
    std::uint64_t offset_;
    std::uint64_t n_ = 0;
};

}  // namespace atmbench::devices
