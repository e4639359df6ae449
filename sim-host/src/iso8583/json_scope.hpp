// Walking a profile's JSON with the place in the file known for every error ("field 35", "dialect: kinds"):
// shared by the field/framing loader and the dialect loader, so both report mistakes the same way.
#pragma once

#include "atmbench/iso8583/profile.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

namespace atmbench::iso8583::detail {

namespace json = boost::json;

template <class E>
using Choices = std::initializer_list<std::pair<const char*, E>>;

// Walks one JSON object, knowing where in the file it is ("field 35", "framing") for every error.
class Scope {
public:
    Scope(const std::string& source, std::string where, const json::object& obj)
        : source_(source), where_(std::move(where)), obj_(obj) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw ProfileError(source_ + ": " + (where_.empty() ? "" : where_ + ": ") + what);
    }

    // Every key must be one the format knows: a misspelt optional key would otherwise be silently ignored.
    void allow_only(std::initializer_list<const char*> keys) const {
        for (const auto& kv : obj_) {
            bool known = false;
            for (const char* k : keys) known = known || kv.key() == k;
            if (!known) {
                std::string list;
                for (const char* k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
                fail("unknown key '" + std::string(kv.key()) + "' (expected one of " + list + ")");
            }
        }
    }

    const json::value* get(const char* key) const { return obj_.if_contains(key); }
    bool has(const char* key) const { return get(key) != nullptr; }

    const json::value& require(const char* key) const {
        const json::value* v = get(key);
        if (!v) fail(std::string("missing key '") + key + "'");
        return *v;
    }

    std::string string(const char* key, std::optional<std::string> fallback = std::nullopt) const {
        const json::value* v = get(key);
        if (!v) {
            if (fallback) return *fallback;
            require(key);
        }
        if (!v->is_string()) fail(std::string("'") + key + "' must be a string (found " + shown(*v) + ")");
        return std::string(v->get_string());
    }

    bool boolean(const char* key, bool fallback) const {
        const json::value* v = get(key);
        if (!v) return fallback;
        if (!v->is_bool()) fail(std::string("'") + key + "' must be true or false (found " + shown(*v) + ")");
        return v->get_bool();
    }

    std::size_t count(const char* key, std::optional<std::size_t> fallback, std::size_t min, std::size_t max) const {
        const json::value* v = get(key);
        if (!v) {
            if (fallback) return *fallback;
            require(key);
        }
        std::int64_t n = 0;
        if (v->is_int64())
            n = v->get_int64();
        else if (v->is_uint64())
            n = static_cast<std::int64_t>(std::min<std::uint64_t>(v->get_uint64(), INT64_MAX));
        else
            fail(std::string("'") + key + "' must be a whole number (found " + shown(*v) + ")");
        if (n < static_cast<std::int64_t>(min) || n > static_cast<std::int64_t>(max))
            fail(std::string("'") + key + "' must be " + std::to_string(min) + ".." + std::to_string(max) +
                 " (found " + shown(*v) + ")");
        return static_cast<std::size_t>(n);
    }

    template <class E>
    E choice(const char* key, Choices<E> choices, std::optional<E> fallback) const {
        const json::value* v = get(key);
        if (!v) {
            if (fallback) return *fallback;
            require(key);
        }
        if (v->is_string())
            for (const auto& [name, e] : choices)
                if (v->get_string() == name) return e;
        std::string list;
        for (const auto& c : choices) list += (list.empty() ? "" : ", ") + std::string(c.first);
        fail(std::string("'") + key + "' must be one of " + list + " (found " + shown(*v) + ")");
    }

    Bytes hex(const char* key, std::size_t expected_size) const {
        std::string text = string(key);
        Bytes b;
        try {
            b = from_hex(text);
        } catch (const HexError& e) {
            fail(std::string("'") + key + "' must be hex (" + e.what() + ")");
        }
        if (b.size() != expected_size)
            fail(std::string("'") + key + "' must be " + std::to_string(expected_size) + " bytes (found " +
                 std::to_string(b.size()) + " bytes)");
        return b;
    }

    static std::string shown(const json::value& v) { return json::serialize(v); }

    const json::object& object() const { return obj_; }
    const std::string& source() const { return source_; }

private:
    const std::string& source_;
    std::string where_;
    const json::object& obj_;
};

inline const json::object& as_object(const json::value& v, const std::string& source, const std::string& where) {
    if (!v.is_object())
        throw ProfileError(source + ": " + where + ": must be a JSON object (found " + json::serialize(v) + ")");
    return v.get_object();
}

}  // namespace atmbench::iso8583::detail
