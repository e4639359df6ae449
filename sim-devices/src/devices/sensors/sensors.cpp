// Sensors: the four sensor states and their history (see sensors.hpp).
#include "devices/sensors/sensors.hpp"
#include "atmbench/devices/fault_table.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace atmbench::devices {

Sensors::Sensors()
    : states_{{"cardEntryGate", "ok"}, {"safeDoor", "closed"}, {"cabinetDoor", "closed"}, {"operatorSwitch", "run"}} {}

std::vector<std::string> Sensors::sensor_names() { return {"cardEntryGate", "safeDoor", "cabinetDoor", "operatorSwitch"}; }

std::vector<std::string> Sensors::states_of(const std::string& sensor) {
    if (sensor == "cardEntryGate") return {"ok", "abnormal"};
    if (sensor == "safeDoor" || sensor == "cabinetDoor") return {"closed", "open"};
    if (sensor == "operatorSwitch") return {"run", "supervisor", "maintenance"};
    return {};
}

std::string Sensors::status_name(const std::string& sensor) {
    return sensor == "cabinetDoor" ? "cabinetFrontDoor" : sensor;
}

bool Sensors::set(const std::string& sensor, const std::string& state) {
    auto allowed = states_of(sensor);
    auto list = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& e : v) s += (s.empty() ? "" : ", ") + e;
        return s;
    };
    if (allowed.empty())
        throw std::invalid_argument("no sensor '" + sensor + "' (sensors: " + list(sensor_names()) + ")");
    if (std::find(allowed.begin(), allowed.end(), state) == allowed.end())
        throw std::invalid_argument(sensor + " cannot be '" + state + "' (expected " + list(allowed) + ")");
    if (states_[sensor] == state) return false;
    states_[sensor] = state;
    history_.push_back({now_ns(), sensor, state});
    return true;
}

void Sensors::record_request(boost::json::object request) {
    request["timeNs"] = now_ns();
    requests_.push_back(std::move(request));
}

boost::json::object Sensors::status_part() const {
    boost::json::object o;
    for (const auto& [s, v] : states_) o[status_name(s)] = v;
    return o;
}

const std::vector<std::string>& Sensors::fault_names() {
    static const std::vector<std::string> names = devices::fault_names(*fault_table("sensors"));  // fault_table.cpp
    return names;
}

void Sensors::inject_fault(const FaultSpec& f) {
    if (f.name == "offline") health_.set(DeviceState::offline);
    else if (f.name == "gateAbnormal") {
        set("cardEntryGate", "abnormal");
        gate_fault_ = true;
    }
    else throw std::invalid_argument("unknown fault '" + f.name + "'");
}

std::vector<std::string> Sensors::clear_faults() {
    faults_.clear_all();
    if (health_.state() != DeviceState::online) health_.set(DeviceState::online);
    std::vector<std::string> changed;
    if (gate_fault_ && set("cardEntryGate", "ok")) changed.push_back("cardEntryGate");
    gate_fault_ = false;
    return changed;
}

boost::json::object Sensors::physical_truth() const {
    boost::json::object sensors;
    for (const auto& [s, v] : states_) sensors[s] = v;
    boost::json::array history;
    for (const SensorChange& c : history_)
        history.push_back({{"timeNs", c.time_ns}, {"sensor", c.sensor}, {"state", c.state}});
    return {{"device", to_string(health_.state())},
            {"sensors", std::move(sensors)},
            {"history", std::move(history)},
            {"requests", requests_}};
}

}  // namespace atmbench::devices
