#include "versions.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace atmbench::xfs4iot::detail {

namespace json = boost::json;

namespace {

const std::string kDefaultVersion = "2.0";

void sort_by_major(std::vector<std::string>& versions) {
    std::stable_sort(versions.begin(), versions.end(),
                     [](const std::string& a, const std::string& b) { return VersionTable::major(a) < VersionTable::major(b); });
}

std::string list_majors(const std::vector<std::string>& versions) {
    std::string s;
    for (const auto& v : versions) s += (s.empty() ? "" : ", ") + std::to_string(VersionTable::major(v));
    return s;
}

const std::string* chosen_version(const ChosenVersions* chosen, std::string_view name) {
    if (!chosen) return nullptr;
    auto it = chosen->find(name);
    return it == chosen->end() ? nullptr : &it->second;
}

}  // namespace

int VersionTable::major(std::string_view version) {
    int m = 0;
    std::size_t i = 0;
    for (; i < version.size() && version[i] >= '0' && version[i] <= '9' && m < 100000; ++i) m = m * 10 + (version[i] - '0');
    return i == 0 ? 0 : m;
}

void VersionTable::add_command(const std::string& name, std::vector<std::string> versions) {
    if (versions.empty()) versions.push_back(kDefaultVersion);
    sort_by_major(versions);
    commands_[name] = std::move(versions);
}

void VersionTable::add_event(const std::string& name, std::vector<std::string> versions) {
    if (versions.empty()) versions.push_back(kDefaultVersion);
    sort_by_major(versions);
    events_[name] = std::move(versions);
}

const std::vector<std::string>* VersionTable::command(std::string_view name) const {
    auto it = commands_.find(name);
    return it == commands_.end() ? nullptr : &it->second;
}

const std::vector<std::string>* VersionTable::event(std::string_view name) const {
    auto it = events_.find(name);
    return it == events_.end() ? nullptr : &it->second;
}

void VersionTable::set_completion(const std::string& command, std::string version) {
    completions_[command] = std::move(version);
}

const std::string& VersionTable::completion_version(std::string_view command, const ChosenVersions* chosen) const {
    const auto* supported = this->command(command);
    const std::string* v = chosen_version(chosen, command);
    // The bench speaks 2024-03: a client that negotiated nothing gets each message at its 2024-03 version (the
    // highest offered; an older one only through Common.SetVersions).
    const std::string& at = v ? *v : supported ? supported->back() : kDefaultVersion;
    auto own = completions_.find(command);
    if (own != completions_.end() && supported && major(at) == major(supported->back())) return own->second;
    return at;
}

const std::string& VersionTable::unsolicited_version(std::string_view event, const ChosenVersions* chosen) const {
    if (const std::string* v = chosen_version(chosen, event)) return *v;
    const auto* supported = this->event(event);
    return supported ? supported->back() : kDefaultVersion;
}

std::string VersionTable::negotiate(const json::value& payload, Negotiated& into) const {
    // §2: {commands:{name:major}, events:{name:major}}, the values integer major versions. A null payload or an
    // absent map changes nothing. Nothing is applied unless everything is valid: a client that gets invalidData
    // knows its earlier choices still hold.
    if (payload.is_null()) return "";
    if (!payload.is_object()) return "payload must be an object {commands, events}";
    std::vector<std::string> problems;
    ChosenVersions commands = into.commands ? *into.commands : ChosenVersions{};
    ChosenVersions events = into.events ? *into.events : ChosenVersions{};
    auto take = [&](const char* field, const char* what, ChosenVersions& chosen,
                    const std::vector<std::string>* (VersionTable::*lookup)(std::string_view) const) {
        const json::value* map = payload.as_object().if_contains(field);
        if (!map || map->is_null()) return;
        if (!map->is_object()) {
            problems.push_back(std::string(field) + " must be an object of name: major version");
            return;
        }
        for (const auto& kv : map->as_object()) {
            std::string name(kv.key());
            const std::vector<std::string>* supported = (this->*lookup)(name);
            if (!supported) {
                problems.push_back(std::string("unknown ") + what + " '" + name + "'");
                continue;
            }
            const json::value& v = kv.value();
            std::int64_t wanted = 0;
            if (v.is_int64()) wanted = v.as_int64();
            else if (v.is_uint64()) wanted = -1;  // beyond any version
            else {
                problems.push_back(std::string(what) + " '" + name + "': version must be an integer major version");
                continue;
            }
            auto hit = std::find_if(supported->begin(), supported->end(),
                                    [&](const std::string& s) { return major(s) == wanted; });
            if (wanted <= 0 || hit == supported->end()) {
                problems.push_back(std::string(what) + " '" + name + "': version " + json::serialize(v) +
                                   " not supported (supported: " + list_majors(*supported) + ")");
                continue;
            }
            chosen[name] = *hit;
        }
    };
    take("commands", "command", commands, &VersionTable::command);
    take("events", "event", events, &VersionTable::event);
    for (const auto& kv : payload.as_object())
        if (kv.key() != "commands" && kv.key() != "events")
            problems.push_back("unknown field '" + std::string(kv.key()) + "' (expected commands, events)");
    if (!problems.empty()) {
        std::string all;
        for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
        return all;
    }
    if (!commands.empty()) into.commands = std::make_shared<const ChosenVersions>(std::move(commands));
    if (!events.empty()) into.events = std::make_shared<const ChosenVersions>(std::move(events));
    return "";
}

}  // namespace atmbench::xfs4iot::detail
