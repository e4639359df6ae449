#include "yaml_json.hpp"


#include <boost/json.hpp>

#include <charconv>

namespace atmbench::harness {

boost::json::value yaml_to_json(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Sequence: {
            boost::json::array a;
            for (const auto& x : node) a.push_back(yaml_to_json(x));
            return a;
        }
        case YAML::NodeType::Map: {
            boost::json::object o;
            for (const auto& kv : node) o[kv.first.as<std::string>()] = yaml_to_json(kv.second);
            return o;
        }
        case YAML::NodeType::Scalar: {
            const std::string& s = node.Scalar();
            if (node.Tag() == "!") return boost::json::string(s);  // quoted: always a string
            if (s == "true") return true;
            if (s == "false") return false;
            std::int64_t i = 0;
            auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
            if (ec == std::errc() && p == s.data() + s.size() && !s.empty() && (s.size() == 1 || s[0] != '0')) return i;
            return boost::json::string(s);
        }
        default: return nullptr;
    }
}

}  // namespace atmbench::harness
