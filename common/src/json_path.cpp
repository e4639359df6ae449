#include "atmbench/common/json_path.hpp"

#include <boost/json.hpp>

namespace atmbench {

const boost::json::value* json_at(const boost::json::value& v, std::initializer_list<std::string_view> path) {
    const boost::json::value* p = &v;
    for (std::string_view k : path) {
        if (!p->is_object()) return nullptr;
        p = p->as_object().if_contains(k);
        if (!p) return nullptr;
    }
    return p;
}

std::string json_text(const boost::json::value* v) { return v && v->is_string() ? std::string(v->as_string()) : ""; }

}  // namespace atmbench
