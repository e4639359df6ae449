// What the device types whose face is their own protocol on USB (ccnetValidator, escposPrinter) share: the device
// is its model behind one UsbWireFace, named by its id in the set, with the faults of its type's table handed to
// the model's own fault parser (the names of ccnet/fault_plan.hpp and escpos/printer.hpp, in the set's camelCase:
// stackerJam is the model's stacker-jam).
#pragma once

#include "atmbench/devices/fault_table.hpp"
#include "atmbench/devices/simulated_device.hpp"
#include "atmbench/devices/usb_wire_face.hpp"
#include "devices/device_type.hpp"

#include <memory>
#include <string>
#include <vector>

namespace atmbench::devices {

class UsbDevice : public SimulatedDevice {
public:
    std::string id() const override { return id_; }
    std::vector<std::shared_ptr<WireFace>> wire_faces() override { return {face_}; }
    std::vector<std::string> fault_names() const override { return devices::fault_names(faults_); }

protected:
    // `model` is the derived device's member: only its address is taken here.
    UsbDevice(const DeviceContext& context, const std::string& type, const FaultTable& faults,
              std::string wire_protocol, usbip::UsbDescription usb, device_link::WireDevice& model);

    // The text the model's fault parser reads: the spec's name hyphenated, with ":argument" when the argument is not
    // empty.
    // Throws ActionError for a name not in the table, or occurrence/persistent/target, which these models'
    // faults do not have (each fires once at its fixed point: an option it would ignore is refused instead).
    std::string model_fault_text(const FaultSpec& spec, const std::string& argument) const;
    // The model's refusal (std::invalid_argument, a runtime_error) as the control endpoint's 400, naming the action.
    template <class Fn>
    auto acting(const std::string& action, Fn&& fn) const {
        try {
            return fn();
        } catch (const std::exception& e) {
            throw ActionError(id_ + "." + action + ": " + e.what());
        }
    }

private:
    std::string id_;
    const FaultTable& faults_;
    std::shared_ptr<UsbWireFace> face_;
};

}  // namespace atmbench::devices
