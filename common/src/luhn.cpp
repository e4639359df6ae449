#include "atmbench/common/luhn.hpp"

namespace atmbench {

bool luhn_valid(std::string_view pan) {
    if (pan.empty()) return false;
    int sum = 0;
    bool twice = false;  // every second digit from the right is doubled (ISO/IEC 7812-1 Annex B)
    for (auto it = pan.rbegin(); it != pan.rend(); ++it) {
        if (*it < '0' || *it > '9') return false;
        int d = *it - '0';
        if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

}  // namespace atmbench
