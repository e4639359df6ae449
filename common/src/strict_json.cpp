#include "atmbench/common/strict_json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_set>
#include <vector>

namespace atmbench::common {

namespace json = boost::json;

namespace {

// One open object or array while parsing: what the path needs, and the names an object has used so far.
struct Frame {
    bool object = false;
    std::size_t count = 0;          // array: values completed so far (the index of the next one)
    std::string key;                // object: the member being read
    std::vector<std::string> keys;  // object: names so far (few: scanned; many: also hashed)
    std::unordered_set<std::string> hashed;
};

// Boost.JSON's own value-building handler (detail/handler.hpp), plus the two checks. Frames are reused by depth,
// so a stream of small messages allocates nothing for them after the first.
class StrictHandler {
public:
    static constexpr std::size_t max_object_size = json::object::max_size();
    static constexpr std::size_t max_array_size = json::array::max_size();
    static constexpr std::size_t max_key_size = json::string::max_size();
    static constexpr std::size_t max_string_size = json::string::max_size();

    json::value_stack st;
    std::string problem;  // set when a check refused the text

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_object_begin(json::error_code&) {
        open(true);
        return true;
    }
    bool on_object_end(std::size_t n, json::error_code&) {
        --depth_;
        st.push_object(n);
        done();
        return true;
    }
    bool on_array_begin(json::error_code&) {
        open(false);
        return true;
    }
    bool on_array_end(std::size_t n, json::error_code&) {
        --depth_;
        st.push_array(n);
        done();
        return true;
    }
    bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
        st.push_chars(s);
        partial_key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(json::string_view s, std::size_t, json::error_code& ec) {
        st.push_key(s);
        Frame& f = frames_[depth_ - 1];
        f.key = std::move(partial_key_);
        partial_key_.clear();
        f.key.append(s.data(), s.size());
        if (seen(f)) {
            problem = path() + ": the name \"" + f.key + "\" appears twice in one object (each member name once)";
            ec = json::error::syntax;
            return false;
        }
        return true;
    }
    bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_string(json::string_view s, std::size_t, json::error_code&) {
        st.push_string(s);
        done();
        return true;
    }
    bool on_number_part(json::string_view s, json::error_code&) {
        number_.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
        number_.clear();
        st.push_int64(i);
        done();
        return true;
    }
    bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
        number_.clear();
        st.push_uint64(u);
        done();
        return true;
    }
    bool on_double(double d, json::string_view s, json::error_code& ec) {
        if (!std::isfinite(d)) {
            number_.append(s.data(), s.size());
            problem = path() + ": the number " + number_ +
                      " is beyond the range of a double (at most about 1.8e308); JSON has no infinity";
            ec = json::error::syntax;
            return false;
        }
        number_.clear();
        st.push_double(d);
        done();
        return true;
    }
    bool on_bool(bool b, json::error_code&) {
        st.push_bool(b);
        done();
        return true;
    }
    bool on_null(json::error_code&) {
        st.push_null();
        done();
        return true;
    }
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }

private:
    void open(bool object) {
        if (frames_.size() == depth_) frames_.emplace_back();
        Frame& f = frames_[depth_++];
        f.object = object;
        f.count = 0;
        f.key.clear();
        f.keys.clear();
        f.hashed.clear();
    }
    // A value ended: the enclosing array moves on to its next index.
    void done() {
        if (depth_ > 0 && !frames_[depth_ - 1].object) ++frames_[depth_ - 1].count;
    }
    static bool seen(Frame& f) {
        constexpr std::size_t kScan = 16;  // beyond this, a hash set keeps a hostile object with many names linear
        if (f.keys.size() < kScan) {
            if (std::find(f.keys.begin(), f.keys.end(), f.key) != f.keys.end()) return true;
            f.keys.push_back(f.key);
            if (f.keys.size() == kScan) f.hashed.insert(f.keys.begin(), f.keys.end());
            return false;
        }
        return !f.hashed.insert(f.key).second;
    }
    static void step(std::string& out, const Frame& f) {
        if (f.object) {
            const bool plain = !f.key.empty() && std::all_of(f.key.begin(), f.key.end(), [](unsigned char c) {
                return std::isalnum(c) || c == '_';
            });
            out += plain ? "." + f.key : "[\"" + f.key + "\"]";
        } else {
            out += "[" + std::to_string(f.count) + "]";
        }
    }
    // The path of the member or element being read: $.fields["60"].subfields[2].
    std::string path() const {
        std::string out = "$";
        for (std::size_t i = 0; i < depth_; ++i) step(out, frames_[i]);
        return out;
    }

    std::vector<Frame> frames_;
    std::size_t depth_ = 0;
    std::string partial_key_;
    std::string number_;
};

std::string line_of(std::string_view text, std::size_t offset) {
    const std::size_t end = std::min(offset, text.size());
    return "line " + std::to_string(1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}

}  // namespace

std::optional<json::value> try_parse_json(std::string_view text, std::string& problem, json::storage_ptr sp) {
    json::basic_parser<StrictHandler> parser(json::parse_options{});
    parser.handler().st.reset(std::move(sp));  // where the value goes (the stack itself uses the default heap)
    json::error_code ec;
    const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
    if (!ec && used < text.size()) ec = json::error::extra_data;
    if (ec) {
        std::string& found = parser.handler().problem;
        problem = line_of(text, used) + ": " + (found.empty() ? "not JSON: " + ec.message() : found);
        return std::nullopt;
    }
    return parser.handler().st.release();
}

json::value parse_json(std::string_view text, const std::string& source) {
    std::string problem;
    std::optional<json::value> v = try_parse_json(text, problem);
    if (!v) throw JsonInputError(source + ": " + problem);
    return std::move(*v);
}

}  // namespace atmbench::common
