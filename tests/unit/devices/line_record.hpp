// What a device line (devices/device_line.hpp) recorded, as the device set's wire record would get it: the tests
// of the printer's ESC/POS mechanism and of the cash module's CCNET validator read it.
#pragma once

#include "devices/device_line.hpp"

#include <boost/json.hpp>

#include <mutex>
#include <string_view>
#include <vector>

namespace atmbench::devices::test {

struct Recorded {
    std::mutex mutex;
    std::vector<boost::json::object> views;

    DeviceLineListener listener() {
        return [this](const std::string& protocol, const device_link::LinkExchange& e) {
            std::lock_guard lock(mutex);
            views.push_back(device_line_view(protocol, e));
        };
    }
    // Views whose `key` is the string `value`.
    std::size_t count(std::string_view key, std::string_view value) {
        std::lock_guard lock(mutex);
        std::size_t n = 0;
        for (const auto& v : views)
            if (const boost::json::value* x = v.if_contains(key); x && x->is_string() && x->as_string() == value) ++n;
        return n;
    }
    // Views of faults the bench injected on the line.
    std::size_t injected() {
        std::lock_guard lock(mutex);
        std::size_t n = 0;
        for (const auto& v : views) n += v.contains("injected") ? 1 : 0;
        return n;
    }
};

}  // namespace atmbench::devices::test
