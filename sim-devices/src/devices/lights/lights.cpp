// Lights: light states and their history (see lights.hpp).
#include "devices/lights/lights.hpp"
#include "atmbench/devices/fault_table.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace atmbench::devices {

namespace {
bool one_of(const std::string& v, std::initializer_list<const char*> allowed) {
    return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; });
}
}  // namespace

boost::json::object LightState::to_json() const {
    boost::json::object o{{"flashRate", flash_rate}};
    if (!color.empty()) o["color"] = color;
    if (!direction.empty()) o["direction"] = direction;
    return o;
}

std::vector<std::string> Lights::default_names() {
    return {"cardReader", "pinPad", "notesDispenser", "billAcceptor", "receiptPrinter", "contactless", "fasciaLight"};
}

Lights::Lights(std::vector<std::string> names) {
    for (auto& n : names) lights_[n] = LightState{};
}

Outcome Lights::set(const std::map<std::string, LightState>& wanted, std::vector<std::string>& changed) {
    changed.clear();
    if (auto refused = health_.admit(faults_, "setLight")) return *refused;
    for (const auto& [name, s] : wanted) {
        if (!lights_.contains(name)) {
            std::string known;
            for (const auto& [n, _] : lights_) known += (known.empty() ? "" : ", ") + n;
            return Outcome::invalid_data("no light '" + name + "' (lights: " + known + ")");
        }
        if (!one_of(s.flash_rate, {"off", "slow", "medium", "quick", "continuous"}))
            return Outcome::invalid_data(name + ".flashRate must be off, slow, medium, quick or continuous");
        if (!s.color.empty() && !one_of(s.color, {"red", "green", "yellow", "blue", "cyan", "magenta", "white"}))
            return Outcome::invalid_data(name + ".color must be red, green, yellow, blue, cyan, magenta or white");
        if (!s.direction.empty() && !one_of(s.direction, {"entry", "exit"}))
            return Outcome::invalid_data(name + ".direction must be entry or exit");
    }
    for (const auto& [name, s] : wanted) {
        if (lights_[name] == s) continue;
        lights_[name] = s;
        history_.push_back({now_ns(), name, s});
        changed.push_back(name);
    }
    return Outcome::success();
}

const std::vector<std::string>& Lights::fault_names() {
    static const std::vector<std::string> names = devices::fault_names(*fault_table("lights"));  // fault_table.cpp
    return names;
}

void Lights::inject_fault(const FaultSpec& f) {
    if (f.name == "offline") health_.set(DeviceState::offline);
    else if (f.name == "hardwareError") faults_.arm(f);
    else throw std::invalid_argument("unknown fault '" + f.name + "'");
}

void Lights::clear_faults() {
    faults_.clear_all();
    if (health_.state() != DeviceState::online) health_.set(DeviceState::online);  // Lights has no Reset
}

boost::json::object Lights::physical_truth() const {
    boost::json::object lights;
    for (const auto& [n, s] : lights_) lights[n] = s.to_json();
    boost::json::array history;
    for (const LightChange& c : history_) {
        boost::json::object o = c.state.to_json();
        o["timeNs"] = c.time_ns;
        o["light"] = c.light;
        history.push_back(std::move(o));
    }
    return {{"device", to_string(health_.state())}, {"lights", std::move(lights)}, {"history", std::move(history)}};
}

}  // namespace atmbench::devices
