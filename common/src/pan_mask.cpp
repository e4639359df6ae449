#include "atmbench/common/pan_mask.hpp"

namespace atmbench {

std::string mask_pan(std::string_view pan) {
    const std::size_t n = pan.size();
    if (n > 10) return std::string(pan.substr(0, 6)) + std::string(n - 10, '*') + std::string(pan.substr(n - 4));
    if (n > 4) return std::string(n - 4, '*') + std::string(pan.substr(n - 4));
    return std::string(n, '*');
}

}  // namespace atmbench
