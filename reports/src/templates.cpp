#include "templates.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace atmbench::reports::templates {

std::string_view text(std::string_view file) {
    for (const EmbeddedFile& f : embedded_files())
        if (f.name == file) return f.bytes;
    throw std::logic_error("report template " + std::string(file) + ": not embedded (is it in reports/templates/?)");
}

std::string fill(std::string_view file, const Values& values) {
    const std::string_view t = text(file);
    auto where = [&](std::size_t at) {
        return std::string(file) + ":" + std::to_string(1 + std::count(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    };
    std::string out;
    std::set<std::string_view> used;
    std::size_t pos = 0;
    while (pos < t.size()) {
        const std::size_t open = t.find("{{", pos);
        if (open == std::string_view::npos) break;
        const std::size_t close = t.find("}}", open + 2);
        if (close == std::string_view::npos) throw std::logic_error(where(open) + ": \"{{\" without \"}}\"");
        out.append(t, pos, open - pos);
        const std::string_view name = t.substr(open + 2, close - open - 2);
        pos = close + 2;
        if (name.starts_with('!')) {
            if (pos < t.size() && t[pos] == '\n') ++pos;
            continue;
        }
        auto it = values.find(name);
        if (it == values.end()) throw std::logic_error(where(open) + ": no value for {{" + std::string(name) + "}}");
        used.insert(it->first);
        out += it->second;
    }
    out.append(t, pos);
    for (const auto& kv : values)
        if (!used.contains(kv.first)) throw std::logic_error(std::string(file) + ": no placeholder {{" + kv.first + "}} for the value given");
    return out;
}

}  // namespace atmbench::reports::templates
